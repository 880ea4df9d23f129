"""The second step of a log-in, and setting up an authenticator app (at first log-in for
organisers, or from the security page for anyone)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from apps.accounts import throttle, two_factor
from apps.accounts.forms import CodeForm
from apps.accounts.services import record_failed_login
from apps.accounts.sessions import complete_login, pending_login
from apps.core.errors import ApplicationError


def _safe_next(request, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return next_url
    return reverse("core:home")


def check_code_throttle(request, user, form: CodeForm) -> bool:
    """False (with the form's error set) while the account or the address is locked."""
    wait = throttle.retry_after(
        throttle.TWO_FACTOR, account=user.email, address=throttle.client_address(request)
    )
    if wait:
        form.add_error(None, throttle.lockout_message(wait))
    return not wait


def record_wrong_code(request, user) -> None:
    record_failed_login(
        email=user.email, address=throttle.client_address(request), policy=throttle.TWO_FACTOR
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request):
    """Code from the app (or a recovery code) after a right password."""
    pending = pending_login(request)
    if pending is None:
        messages.info(request, _("Please log in again."))
        return redirect("accounts:login")
    user, next_url = pending
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and check_code_throttle(request, user, form):
        method = two_factor.verify(user=user, code=form.cleaned_data["code"])
        if method is not None:
            complete_login(request, user, second_factor=method)
            if method == "recovery":
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(count)d is left. Make new ones on your "
                        "security page.",
                        "You used a recovery code; %(count)d are left. Make new ones on your "
                        "security page.",
                        left,
                    )
                    % {"count": left},
                )
            return HttpResponseRedirect(_safe_next(request, next_url))
        record_wrong_code(request, user)
        form.add_error("code", _("This code is not right. Type the newest code your app shows."))
    if form.non_field_errors():
        status = 429
    return render(request, "accounts/two_factor_verify.html", {"form": form}, status=status)


def _qr_svg(uri: str) -> str:
    """The otpauth:// address as an inline SVG QR code (made here, from our own data)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#06306b", omitsize=True)
    return mark_safe(svg)  # noqa: S308 - segno's own markup of a URI we built


def _setup_user(request):
    """Who is setting up: a signed-in user, or an organiser half-way through logging in."""
    if request.user.is_authenticated:
        return request.user, "", False
    pending = pending_login(request)
    if pending is None:
        return None, "", False
    user, next_url = pending
    return user, next_url, True


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def setup(request):
    user, next_url, logging_in = _setup_user(request)
    if user is None:
        messages.info(request, _("Please log in again."))
        return redirect("accounts:login")
    if two_factor.is_enabled(user):
        return redirect("accounts:two_factor_verify" if logging_in else "accounts:security")
    may_skip = logging_in and not two_factor.required_for(user)
    if request.method == "POST" and "skip" in request.POST and may_skip:
        complete_login(request, user, second_factor="none")
        return HttpResponseRedirect(_safe_next(request, next_url))
    device = two_factor.start_enrolment(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and check_code_throttle(request, user, form):
        try:
            codes = two_factor.confirm_enrolment(user=user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            record_wrong_code(request, user)
            form.add_error("code", exc.message)
        else:
            if logging_in:
                complete_login(request, user, second_factor="totp")
                done_url = _safe_next(request, next_url)
            else:
                done_url = reverse("accounts:security")
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "done_url": done_url, "first_time": True},
            )
    context = {
        "form": form,
        "qr_svg": _qr_svg(two_factor.provisioning_uri(device)),
        "secret": two_factor.readable_secret(device),
        "may_skip": may_skip,
        "required": two_factor.required_for(user),
        "logging_in": logging_in,
    }
    return render(request, "accounts/two_factor_setup.html", context)
