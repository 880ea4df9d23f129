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
