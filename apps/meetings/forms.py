"""Portal forms for focal points: request a bilateral, answer it, declare unavailability."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import SubmitOnceMixin
from apps.core.timezones import make_aware_strict
from apps.core.validators import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from apps.delegations.models import Region
from apps.meetings.grid import Grid
from apps.meetings.models import MeetingRequest


class DelegationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Country or organisation"),
        required=False,
        max_length=100,
        help_text=_("Name or code, e.g. Kenya, KE, Europol."),
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )


class MeetingRequestForm(SubmitOnceMixin, forms.Form):
    invitee: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Delegation to meet"), queryset=None
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=MeetingRequest.Duration.choices, coerce=int, initial=30
    )
    requester_attendees = forms.IntegerField(
        label=_("People from your delegation"), min_value=1, max_value=20, initial=2
    )
    invitee_attendees = forms.IntegerField(
        label=_("People expected from theirs"), min_value=1, max_value=20, initial=2
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=MeetingRequest.Priority.choices)
    preferred = forms.MultipleChoiceField(
        label=_("Preferred days or half-days"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requester_head_required = forms.BooleanField(
        label=_("Our head of delegation attends"), required=False
    )
    invitee_head_required = forms.BooleanField(
        label=_("We ask their head of delegation to attend"), required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, invitees, grid: Grid, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["invitee"]).queryset = invitees
        cast(forms.ChoiceField, self.fields["preferred"]).choices = grid.choices()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, shown to the other delegation)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CounterProposalForm(forms.Form):
    preferred = forms.MultipleChoiceField(
        label=_("Days or half-days you propose"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, grid: Grid, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["preferred"]).choices = grid.choices()


class UnavailabilityForm(SubmitOnceMixin, forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), coerce=dt.date.fromisoformat)
    starts = forms.TimeField(
        label=_("From (local time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Until (local time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        self.assembly = assembly
        self.fields["day"].choices = [
            (d.isoformat(), d.strftime("%a %d %b")) for d in assembly.days
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["ends"] <= data["starts"]:
            raise ValidationError(_("The end must come after the start."))
        tz = self.assembly.tz
        data["starts_at"] = make_aware_strict(dt.datetime.combine(data["day"], data["starts"]), tz)
        data["ends_at"] = make_aware_strict(dt.datetime.combine(data["day"], data["ends"]), tz)
        return data
