"""Forms: sessions are entered in the assembly's local wall-clock time, never in UTC."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.agenda.models import Room, Session
from apps.agenda.services import validate_session
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.timezones import make_aware_strict


class LocalDateTimeField(forms.SplitDateTimeField):
    """A date and a time as typed, without a zone: the form attaches the assembly's zone."""

    def compress(self, data_list):
        if data_list and data_list[0] is not None and data_list[1] is not None:
            return dt.datetime.combine(data_list[0], data_list[1])
        return None


def to_local_naive(instant: dt.datetime | None, assembly: Assembly | None) -> dt.datetime | None:
    if instant is None or assembly is None:
        return None
    return instant.astimezone(assembly.tz).replace(tzinfo=None)


def aware_in_assembly(naive: dt.datetime, assembly: Assembly) -> dt.datetime:
    """Local wall-clock time to an aware instant; a time skipped or repeated by a clock change
    raises ValidationError with a clear message."""
    return make_aware_strict(naive, assembly.tz).astimezone(dt.UTC)


class SessionForm(forms.ModelForm):
    """The session form of the admin: local start and end, checked against the room's other
    sessions and the assembly's dates before anything is saved."""

    starts_local = LocalDateTimeField(
        label=_("starts (local time)"), widget=admin_widgets.AdminSplitDateTime
    )
    ends_local = LocalDateTimeField(
        label=_("ends (local time)"), widget=admin_widgets.AdminSplitDateTime
    )

    class Meta:
        model = Session
        fields = [
            "assembly",
            "kind",
            "title_en",
            "title_fr",
            "title_es",
            "title_ar",
            "description_en",
            "description_fr",
            "description_es",
            "description_ar",
            "room",
            "attendance",
            "invited_delegations",
            "interpretation_languages",
            "visibility",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            assembly = self.instance.assembly
            self.initial["starts_local"] = to_local_naive(self.instance.starts_at, assembly)
            self.initial["ends_local"] = to_local_naive(self.instance.ends_at, assembly)
        if "room" in self.fields:
            self.fields["room"].queryset = Room.objects.select_related("venue")
        self.order_fields(["assembly", "kind", "title_en", "starts_local", "ends_local", "room"])

    def clean(self):
        cleaned = super().clean()
        assembly = cleaned.get("assembly") or getattr(self.instance, "assembly", None)
        if assembly is None:
            return cleaned
        for local_name, field_name in (("starts_local", "starts_at"), ("ends_local", "ends_at")):
            naive = cleaned.get(local_name)
            if naive is None:
                continue
            try:
                cleaned[field_name] = aware_in_assembly(naive, assembly)
            except ValidationError as exc:
                self.add_error(local_name, exc)
        if self.errors:
            return cleaned
        self.instance.starts_at = cleaned["starts_at"]
        self.instance.ends_at = cleaned["ends_at"]
        if cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_local", _("A session must end after it starts."))
            return cleaned
        candidate = Session(
            pk=self.instance.pk,
            assembly=assembly,
            kind=cleaned.get("kind") or "",
            title_en=cleaned.get("title_en") or "",
            room=cleaned.get("room"),
            starts_at=cleaned["starts_at"],
            ends_at=cleaned["ends_at"],
            attendance=cleaned.get("attendance") or Session.Attendance.OPEN,
            visibility=cleaned.get("visibility") or Session.Visibility.DRAFT,
            cancelled=self.instance.cancelled,
        )
        candidate._state.adding = self.instance._state.adding
        try:
            validate_session(candidate)
        except ValidationError as exc:
            errors = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
            for name, messages in errors.items():
                target = {"starts_at": "starts_local", "ends_at": "ends_local"}.get(name, name)
                if target not in self.fields:
                    target = None
                self.add_error(target, messages)
        except ApplicationError as exc:
            self.add_error("room" if candidate.room_id else None, exc.message)
        return cleaned


class AgendaFilterForm(forms.Form):
    """Portal filters: day, kind of session and room."""

    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=dt.date.fromisoformat)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    room = forms.ModelChoiceField(label=_("Room"), required=False, queryset=Room.objects.none())

    def __init__(self, *args, assembly: Assembly, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["day"]).choices = [
            (day.isoformat(), day.strftime("%a %d %b")) for day in assembly.days
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All kinds")),
            *Session.Kind.choices,
        ]
        room = cast(forms.ModelChoiceField, self.fields["room"])
        room.queryset = rooms
        room.empty_label = _("All rooms")
