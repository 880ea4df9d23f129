"""django-filter pieces every list endpoint shares: ids parsed by apps.core.ids.

A FilterSet validates its query parameters: a wrong value answers 400 with the field's error
(DjangoFilterBackend raises it) instead of being silently ignored.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from apps.core.ids import MAX_ID, InvalidId, parse_id
from apps.core.models import Assembly


class IdFormField(forms.Field):
    """An id in ASCII digits (no "٣", no "①", nothing past the BigAutoField range)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_id(value, field=self.label or "id")
        except InvalidId as exc:
            raise forms.ValidationError(str(exc), code="invalid_id") from exc


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.Filter):
    field_class = IdFormField


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": 200})
class TextFilter(filters.CharFilter):
    """Free text of 1 to 200 characters, matched case-insensitively inside the field (the
    schema announces the bounds; longer or with a NUL character is a 400)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "icontains")
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class TrueFalseFilter(filters.ChoiceFilter):
    """`true` or `false`; anything else is a 400 (django-filter's BooleanFilter would silently
    ignore a wrong value)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")


class ApiFilterSet(filters.FilterSet):
    """A FilterSet whose parameters, when given, must have a value: `?kind=` is a 400 (the
    schema's enum has no empty value), not a silent "no filter"."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, _("Give a value, or leave the parameter out."))
                valid = False
        return valid


class AssemblyFilter(ApiFilterSet):
    is_current = TrueFalseFilter(help_text="Only the current assembly (true) or the others.")

    class Meta:
        model = Assembly
        fields = ["is_current"]
