"""The ballot: one choice among the round's candidates (or for/against), or abstain."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.elections.models import Ballot, Round
from apps.elections.services.voting import ABSTAIN


def choices_for(round_: Round) -> list[tuple[str, str]]:
    if round_.resolution_id:
        options = [(value, str(label)) for value, label in Ballot.Answer.choices]
    else:
        election = round_.election
        options = (
            [
                (str(c.pk), f"{c.name} ({c.delegation.country})")
                for c in election.candidates.select_related("delegation__country").order_by("name")
                if c.standing
            ]
            if election is not None
            else []
        )
    return [*options, (ABSTAIN, str(_("I abstain")))]


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), widget=forms.RadioSelect)

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices_for(round_)


class BoothForm(BallotForm):
    code = forms.CharField(
        label=_("One-time code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    field_order = ["code", "choice"]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt"), max_length=20, strip=True)


class PaperCountForm(forms.Form):
    """A teller's count of a closed paper round: one number per candidate (or for/against),
    abstentions and invalid ballots. Built for the round's own choices."""

    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=999, initial=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, max_value=999, initial=0)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote_fields: list[tuple[str, str]] = []
        options = [(value, label) for value, label in choices_for(round_) if value != ABSTAIN]
        for value, label in options:
            name = f"votes_{value}"
            self.fields[name] = forms.IntegerField(
                label=label, min_value=0, max_value=999, initial=0
            )
            self.vote_fields.append((name, value))
        self.order_fields([name for name, _value in self.vote_fields])

    def votes(self) -> dict[str, int]:
        return {value: self.cleaned_data[name] for name, value in self.vote_fields}

    def vote_boundfields(self):
        return [self[name] for name, _value in self.vote_fields]
