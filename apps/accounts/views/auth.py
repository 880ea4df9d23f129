"""Log-in (password, then a second factor where needed), password reset, language."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import throttle, two_factor
from apps.accounts.forms import LoginForm, ThrottledPasswordResetForm
from apps.accounts.services import set_preferred_language
from apps.accounts.sessions import begin_second_factor
from apps.core.secrets import decrypt, encrypt
from apps.core.services import log_action

RESET_TOKEN_PURPOSE = "accounts.password_reset_session"  # noqa: S105 - a label


class LoginView(auth_views.LoginView):
    """A right password logs in directly only an account without a second factor; the others
    go on to the code page (or, for an organiser without one yet, to setting it up)."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(e.code == "throttled" for e in form.non_field_errors().as_data()):
            response.status_code = 429
        return response

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.is_enabled(user):
            step = "accounts:two_factor_verify"
        elif user.is_staff:  # staff policy: every account that enters the admin has 2FA
            # Required in production; on the embedded default the set-up page offers to skip.
            step = "accounts:two_factor_setup"
        else:
            return super().form_valid(form)
        begin_second_factor(self.request, user, next_url=self.get_redirect_url())
        return redirect(step)


def admin_login(request):
    """The administration logs in through the same page (password, throttle, second factor)."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    # Django's admin site admits staff accounts only.
    if request.user.is_authenticated and not request.user.is_staff:
        messages.error(request, _("Your account does not give access to the administration."))
        return redirect("core:home")
    return HttpResponseRedirect(
        reverse("accounts:login") + "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/emails/password_reset.txt"
    html_email_template_name = "accounts/emails/password_reset.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    @property
    def extra_email_context(self) -> dict[str, str]:  # type: ignore[override]
        """The link points at the configured site, whatever Host the request named."""
        site = urlparse(settings.SITE_URL)
        return {"domain": site.netloc, "protocol": site.scheme or "https"}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(e.code == "throttled" for e in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django keeps the reset token in the session between the link and the form; here it is
    kept there encrypted, so the sessions table holds no live token."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, *args, **kwargs):
        session = self.request.session
        sealed = session.get(INTERNAL_RESET_SESSION_TOKEN)
        if sealed:
            session[INTERNAL_RESET_SESSION_TOKEN] = decrypt(RESET_TOKEN_PURPOSE, sealed) or ""
        try:
            return super().dispatch(*args, **kwargs)
        finally:
            plain = session.get(INTERNAL_RESET_SESSION_TOKEN)
            if plain:
                session[INTERNAL_RESET_SESSION_TOKEN] = encrypt(RESET_TOKEN_PURPOSE, plain)

    def form_valid(self, form):
        """The person proved they read the account's mail: a log-in lock on it is lifted."""
        response = super().form_valid(form)
        throttle.clear(throttle.LOGIN, account=self.user.email)
        log_action(self.user, "accounts.password.reset", by=None)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Keeps this session (Django updates its hash) and ends every other one."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        log_action(self.request.user, "accounts.password.changed", by=self.request.user)
        messages.success(self.request, _("Your password is changed; your other sessions ended."))
        return response


@require_POST
def set_language(request):
    """Switches the language; a signed-in user's choice is kept on their account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        set_preferred_language(user=request.user, language=language)
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
