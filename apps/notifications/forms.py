from __future__ import annotations

from django import forms

from apps.notifications import conf


class PreferencesForm(forms.Form):
    """One check box per optional kind; checked means "send me these"."""

    def __init__(self, *args, initial_choices: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in conf.optional_kinds().items():
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=initial_choices.get(kind, True)
            )

    def choices(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in self.fields}
