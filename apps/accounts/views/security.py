"""A person's own security page: two-factor authentication and personal API keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from apps.accounts import api_tokens, two_factor
from apps.accounts.forms import ApiTokenForm, CodeForm
from apps.accounts.views.two_factor import check_code_throttle, record_wrong_code
from apps.core.errors import ApplicationError


def _page(request, *, status: int = 200, **extra):
    user = request.user
    device = two_factor.confirmed_device(user)
    context = {
        "device": device,
        "required": two_factor.required_for(user),
        "codes_left": two_factor.recovery_codes_left(user) if device else 0,
        "tokens": list(api_tokens.tokens_of(user)),
        "token_form": ApiTokenForm(),
        "code_form": CodeForm(),
        **extra,
    }
    return render(request, "accounts/security.html", context, status=status)


@never_cache
@login_required
@require_GET
def security(request):
    return _page(request)


@never_cache
@login_required
@require_POST
def create_api_key(request):
    """The key appears on this one answer and never again."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, token_form=form, status=400)
    try:
        token, key = api_tokens.create_api_token(user=request.user, name=form.cleaned_data["name"])
    except ApplicationError as exc:
        form.add_error("name", exc.message)
        return _page(request, token_form=form, status=exc.status)
    return _page(request, new_token=token, new_key=key, status=201)


@login_required
@require_POST
def revoke_api_key(request, pk: int):
    token = get_object_or_404(api_tokens.tokens_of(request.user), pk=pk)
    api_tokens.revoke_api_token(token=token, by=request.user)
    messages.success(request, _("The key “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:security")


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_POST
def renew_recovery_codes(request):
    form = CodeForm(request.POST)
    if form.is_valid() and check_code_throttle(request, request.user, form):
        try:
            codes = two_factor.regenerate_recovery_codes(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            record_wrong_code(request, request.user)
            form.add_error("code", exc.message)
        else:
            return render(
                request,
                "accounts/recovery_codes.html",
                {
                    "codes": codes,
                    "done_url": reverse("accounts:security"),
                    "first_time": False,
                },
            )
    return _page(request, code_form=form, code_action="renew", status=400)


@login_required
@sensitive_post_parameters("code")
@require_POST
def disable_two_factor(request):
    form = CodeForm(request.POST)
    if form.is_valid() and check_code_throttle(request, request.user, form):
        try:
            two_factor.disable(user=request.user, by=request.user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            if "code" in exc.extra:
                record_wrong_code(request, request.user)
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:security")
    return _page(request, code_form=form, code_action="disable", status=400)
