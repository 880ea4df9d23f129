"""The link in an invitation: set a password and enter the portal, or learn what to do instead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from apps.accounts import throttle
from apps.accounts.forms import InvitationAcceptForm
from apps.accounts.invitations import (
    accept_invitation,
    find_invitation,
    reissue_invitation,
    renewable,
)
from apps.accounts.sessions import BACKEND
from apps.core.errors import ApplicationError


def _problem(invitation) -> str:
    """What is wrong with the link, as the page explains it."""
    if invitation is None:
        return "invalid"
    if invitation.user.is_active and invitation.user.has_usable_password():
        # The account is in use: whatever the link's state, the way in is log-in or reset.
        return "used" if invitation.is_used else "expired_active"
    if invitation.is_used:
        return "used"
    if renewable(invitation):
        return "expired"
    return "closed"


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token: str):
    invitation = find_invitation(token)
    if invitation is None or invitation.is_used or invitation.is_expired:
        problem = _problem(invitation)
        context = {"problem": problem, "token": token, "can_renew": problem == "expired"}
        status = 404 if problem == "invalid" else 410
        return render(request, "accounts/invitation_problem.html", context, status=status)
    form = InvitationAcceptForm(request.POST or None, initial={"email": ""})
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error("password1", exc)
        except ApplicationError as exc:
            form.add_error("email" if "email" in exc.extra else None, exc.message)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome! Your password is set."))
            next_url = invitation.next_url
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = reverse("core:home")
            return HttpResponseRedirect(next_url or reverse("core:home"))
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@never_cache
@require_POST
def invitation_reissue(request, token: str):
    """Sends a fresh link to the address the old one was bound to, only for an account never
    activated; the answer is the same whether or not a link was sent."""
    try:
        reissue_invitation(token=token, address=throttle.client_address(request))
    except throttle.Throttled as exc:
        context = {"problem": "throttled", "message": throttle.lockout_message(exc.retry_after)}
        return render(request, "accounts/invitation_problem.html", context, status=429)
    return render(request, "accounts/invitation_reissued.html")
