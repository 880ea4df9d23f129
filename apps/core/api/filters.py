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
