"""A portal form is sent once: a second post of the same page writes nothing.

The form carries a one-time token (a hidden field minted when the page is drawn). The view
claims the token in the transaction of its write (apps.core.services.claim_idempotency_key):
the first post writes and records where it led; a second post of the same page (a double
click, a reload, the same request sent twice at once) is sent where the first one went.
"""

from __future__ import annotations

import hashlib
import secrets

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from apps.core.services import claim_idempotency_key, record_idempotent_outcome

SUBMISSION_FIELD = "submission"


class SubmitOnceMixin:
    """Adds the hidden one-time token to a form (any Form or ModelForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SUBMISSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            min_length=16,
            max_length=64,
            initial=secrets.token_urlsafe(24),
            error_messages={
                "required": _("This page is out of date: reload it, then send the form again."),
            },
        )

    def full_clean(self):
        """A hidden field's error is shown at the top of the form (it has no place of its own)."""
        super().full_clean()
        errors = getattr(self, "_errors", None) or {}
        if SUBMISSION_FIELD in errors:
            for error in errors.pop(SUBMISSION_FIELD).as_data():
                self.add_error(None, error)


def _key(request, form) -> tuple[str, str]:
    return f"form:{form.cleaned_data[SUBMISSION_FIELD]}", hashlib.sha256(
        request.path.encode()
    ).hexdigest()


def claim_submission(request, form) -> str | None:
    """Inside the write's transaction: None for the first post of this page, else the address
    the first post led to."""
    key, fingerprint = _key(request, form)
    earlier = claim_idempotency_key(user=request.user, key=key, fingerprint=fingerprint)
    if earlier is None:
        return None
    if earlier.fingerprint != fingerprint:
        raise forms.ValidationError(
            _("This page is out of date: reload it, then send the form again.")
        )
    return earlier.response.get("location", "/")


def record_submission(request, form, location: str) -> None:
    """Where the first post led: a repeated post is sent there too."""
    key, _fingerprint = _key(request, form)
    record_idempotent_outcome(
        user=request.user, key=key, status_code=302, response={"location": location}
    )


def repeat_of_submission(request, location: str) -> HttpResponseRedirect:
    """The answer to a repeated post: where the first one went, saying nothing was redone."""
    messages.info(request, gettext_now("This form was already sent; nothing was done twice."))
    return HttpResponseRedirect(location)


class PrepareNextEditionForm(forms.Form):
    """The next edition's place, dates and zone; the rest comes from the previous edition."""

    number = forms.IntegerField(label=_("Session number"), min_value=1, max_value=32767)
    name = forms.CharField(label=_("Name"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.CharField(label=_("Country"), max_length=100)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, help_text=_("For example Asia/Hong_Kong.")
    )
    start_date = forms.DateField(label=_("First day"), help_text=_("YYYY-MM-DD"))
    end_date = forms.DateField(label=_("Last day"), help_text=_("YYYY-MM-DD"))

    def clean_time_zone(self) -> str:
        from apps.core.models import validate_time_zone

        value = self.cleaned_data["time_zone"].strip()
        validate_time_zone(value)
        return value
