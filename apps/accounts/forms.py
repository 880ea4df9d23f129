"""Forms of the log-in, invitation, second-factor and API-key pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.accounts import throttle
from apps.accounts.services import record_failed_login


class LoginForm(AuthenticationForm):
    """Django's log-in form behind the brute-force throttle: a locked account or address is
    refused before the password is even checked; each failure is counted and audited."""

    def clean(self):
        email = (self.data.get("username") or "").strip()[:254]
        address = throttle.client_address(self.request)
        wait = throttle.retry_after(throttle.LOGIN, account=email, address=address)
        if wait:
            raise ValidationError(throttle.lockout_message(wait), code="throttled")
        try:
            return super().clean()
        except ValidationError:
            record_failed_login(email=email, address=address)
            raise


class ThrottledPasswordResetForm(PasswordResetForm):
    """Every request sends an e-mail: a few per address and per account per hour."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        data = super().clean()
        email = (data.get("email") or "").strip()
        address = throttle.client_address(self.request)
        wait = throttle.retry_after(throttle.PASSWORD_RESET, account=email, address=address)
        if wait:
            raise ValidationError(throttle.lockout_message(wait), code="throttled")
        throttle.hit(throttle.PASSWORD_RESET, account=email, address=address)
        return data


class InvitationAcceptForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
                "dir": "ltr",
            }
        ),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, so you recognise it later (e.g. “Travel desk export”)."),
    )
