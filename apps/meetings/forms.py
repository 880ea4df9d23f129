"""Portal forms for focal points: request a bilateral, answer it, declare unavailability."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import SubmitOnceMixin
from apps.core.i18n import sorted_by_name
from apps.core.ids import is_id
from apps.core.timezones import make_aware_strict
from apps.core.validators import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from apps.delegations.models import Delegation
from apps.meetings.grid import Grid
from apps.meetings.models import MeetingRequest

PRIORITY_EXPLAINED = {
    MeetingRequest.Priority.NORMAL: _(
        "The usual choice. The scheduler places it when a room and a time suit both delegations."
    ),
    MeetingRequest.Priority.HIGH: _(
        "Weighs twice a normal meeting when rooms or times run short: placed before normal ones."
    ),
    MeetingRequest.Priority.ESSENTIAL: _(
        "Weighs three times a normal meeting: the scheduler gives up other meetings before "
        "this one. Keep it for the few meetings your delegation cannot do without."
    ),
}

HALF_DAYS = (("", _("Whole day")), ("am", _("Morning")), ("pm", _("Afternoon")))


@dataclass(frozen=True)
class GridCell:
    token: str
    label: str
    checked: bool
    html_id: str


@dataclass(frozen=True)
class GridRow:
    day: dt.date
    cells: list[GridCell]


class PreferredGridMixin:
    """Preferred days and half-days as a compact grid: a row per day, a column per half-day."""

    def preferred_grid(self) -> list[GridRow]:
        form = cast(forms.Form, self)
        field = form["preferred"]
        chosen = {str(v) for v in (field.value() or [])}
        choices = cast(list[tuple[str, str]], form.fields["preferred"].choices)  # type: ignore[attr-defined]
        labels = {str(token): str(label) for token, label in choices}
        rows = []
        for day in sorted({dt.date.fromisoformat(t[:10]) for t in labels}):
            cells = []
            for suffix, _part in HALF_DAYS:
                token = f"{day.isoformat()} {suffix}".strip()
                if token in labels:
                    cells.append(
                        GridCell(
                            token=token,
                            label=str(labels[token]),
                            checked=token in chosen,
                            html_id=f"{field.auto_id}_{day:%Y%m%d}_{suffix or 'day'}",
                        )
                    )
            rows.append(GridRow(day=day, cells=cells))
        return rows

    def half_days(self) -> list[str]:
        return [str(label) for _suffix, label in HALF_DAYS]


def _names(delegation: Delegation) -> set[str]:
    """Every name a person may type for `delegation`: in each language, its code, its acronym."""
    names = {str(delegation), delegation.code}
    country, organisation = delegation.country, delegation.organisation
    if country is not None:
        names |= {country.iso2, country.name_en, country.name_fr, country.name_es, country.name_ar}
    if organisation is not None:
        names |= {
            organisation.name,
            organisation.name_fr,
            organisation.name_es,
            organisation.name_ar,
            organisation.acronym,
        }
    return {name.casefold().strip() for name in names if name}


class MeetingRequestForm(PreferredGridMixin, SubmitOnceMixin, forms.Form):
    invitee = forms.CharField(
        label=_("Delegation to meet"),
        max_length=200,
        help_text=_(
            "Type a few letters of the country or organisation, then pick it from the list."
        ),
        widget=forms.TextInput(
            attrs={"list": "invitee-options", "autocomplete": "off", "dir": "auto"}
        ),
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
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=MeetingRequest.Priority.choices,
        initial=MeetingRequest.Priority.NORMAL,
        widget=forms.RadioSelect,
    )
    preferred = forms.MultipleChoiceField(
        label=_("Preferred days or half-days"),
        required=False,
        help_text=_("Tick none if any time suits you."),
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
        self.invitees = list(invitees)
        cast(forms.ChoiceField, self.fields["preferred"]).choices = grid.choices()

    def invitee_options(self) -> list[tuple[str, str]]:
        """(name, code) of each delegation one may ask, sorted in the reader's language."""
        return sorted_by_name(((str(d), d.code) for d in self.invitees), lambda item: item[0])

    def priority_choices(self) -> list[dict]:
        field = self["priority"]
        return [
            {
                "widget": widget,
                "explanation": PRIORITY_EXPLAINED.get(widget.data["value"], ""),
            }
            for widget in field.subwidgets
        ]

    def clean_invitee(self) -> Delegation:
        typed = self.cleaned_data["invitee"].strip()
        if is_id(typed):
            found = [d for d in self.invitees if d.pk == int(typed)]
        else:
            key = typed.casefold()
            found = [d for d in self.invitees if key in _names(d)]
        if len(found) != 1:
            raise ValidationError(
                _("Choose a delegation from the list: “%(typed)s” is none of them."),
                params={"typed": typed},
                code="invalid_choice",
            )
        return found[0]


class IncomingRequestFilterForm(forms.Form):
    """The filter of the requests to us: by state, or those that wait for our answer."""

    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All requests")),
            ("awaiting", _("Awaiting your answer")),
            *MeetingRequest.Status.choices,
        ],
    )


class AnswerForm(PreferredGridMixin, forms.Form):
    """Accept, decline or propose other times: one labelled choice, then what it needs."""

    answer = forms.ChoiceField(label=_("Your answer"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for declining (optional, shown to the other delegation)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    preferred = forms.MultipleChoiceField(
        label=_("Days or half-days you propose"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note with your proposal"), required=False, max_length=500)

    def __init__(self, *args, grid: Grid, can_counter: bool, counter_proposed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        accept = (
            _("Accept their proposal: the organisers place the meeting")
            if counter_proposed
            else _("Accept: the organisers place the meeting")
        )
        choices = [("accept", accept), ("decline", _("Decline"))]
        if can_counter:
            choices.append(("counter", _("Propose other days or half-days")))
        else:
            del self.fields["preferred"]
            del self.fields["note"]
        cast(forms.ChoiceField, self.fields["answer"]).choices = choices
        if can_counter:
            cast(forms.ChoiceField, self.fields["preferred"]).choices = grid.choices()

    def clean(self):
        data = super().clean()
        if data.get("answer") == "counter" and not data.get("preferred"):
            self.add_error("preferred", _("Choose at least one day or half-day to propose."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, shown to the other delegation)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CounterProposalForm(PreferredGridMixin, forms.Form):
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
