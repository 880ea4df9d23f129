"""Invitations: single-use, expiring links bound to an e-mail address.

The token is never stored: it is derived from the invitation's id and nonce under a key
outside the database (apps.core.secrets), put into the e-mail when the e-mail is rendered, and
checked by deriving it again. Accepting sets the password, activates the account and spends
the link. A used or expired link never brings a new one to an account already in use: it
offers log-in and password reset. Only an account never activated may ask for a new link, sent
to the same address.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import throttle
from apps.accounts.models import Invitation, User
from apps.core.errors import ApplicationError
from apps.core.secrets import derive_token, token_matches
from apps.core.services import log_action

DEFAULT_VALIDITY = dt.timedelta(days=14)
PURPOSE = "accounts.invitation"
KIND = "accounts.invitation"


def invitation_token(invitation: Invitation) -> str:
    mac = derive_token(PURPOSE, invitation.pk, invitation.nonce, invitation.email)
    return f"{invitation.pk}.{mac}"


def invitation_url(invitation: Invitation) -> str:
    """The absolute link, on the configured site; computed when the e-mail is rendered."""
    path = reverse("accounts:invitation", kwargs={"token": invitation_token(invitation)})
    return settings.SITE_URL.rstrip("/") + path


def email_context(notification) -> dict[str, str]:
    """Render-time context of the invitation e-mail (registered with the notifications app)."""
    invitation = notification.subject
    return {"url": invitation_url(invitation)} if invitation is not None else {}


def find_invitation(token: str) -> Invitation | None:
    """The invitation this token opens; None for a token that is not one of ours."""
    pk, _dot, mac = (token or "").partition(".")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18 and 0 < len(mac) <= 64):
        return None
    invitation = Invitation.objects.select_related("user").filter(pk=int(pk)).first()
    if invitation is None:
        return None
    if not token_matches(mac, PURPOSE, invitation.pk, invitation.nonce, invitation.email):
        return None
    return invitation


def is_newest(invitation: Invitation) -> bool:
    return not Invitation.objects.filter(
        email=invitation.email, created_at__gt=invitation.created_at
    ).exists()


def renewable(invitation: Invitation) -> bool:
    """Only an expired link to an account never activated may bring a new link."""
    user = invitation.user
    return (
        not invitation.is_used
        and invitation.is_expired
        and not user.is_staff  # an admin account is never renewed by a portal link
        and not user.is_active
        and not user.has_usable_password()
        and is_newest(invitation)
    )


@transaction.atomic
def invite_user(
    *,
    email: str,
    full_name: str = "",
    by: User | None = None,
    valid_for: dt.timedelta = DEFAULT_VALIDITY,
    next_url: str = "",
    context: dict | None = None,
) -> tuple[Invitation, str]:
    """Create (or reuse) the account for `email` and send it a fresh link.

    Returns the invitation and its token (for the caller's use; it is nowhere stored). A new
    account stays inactive, with no usable password, until the link is used.
    """
    from apps.notifications.services import notify

    email = User.objects.normalize_email(email).lower()
    try:
        User._meta.get_field("email").run_validators(email)
    except ValidationError as exc:
        raise ApplicationError(_("Enter a valid e-mail address.")) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email, None, full_name=full_name or email.split("@")[0], is_active=False
        )
    elif user.is_staff:  # admin accounts (2FA, short sessions) are never portal accounts
        raise ApplicationError(_("Organisers are not invited to a delegation's portal."))
    # Earlier links for this address stop working: only the newest one counts.
    Invitation.objects.filter(email=email, used_at__isnull=True).update(expires_at=timezone.now())
    invitation = Invitation(
        user=user,
        email=email,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        expires_at=timezone.now() + valid_for,
        next_url=next_url,
    )
    invitation.full_clean()
    invitation.save()
    log_action(invitation, "accounts.invitation.sent", by=by, email=email)
    # Addressed to the e-mail itself: the account is not active until the link is used. The
    # link is added when the e-mail is rendered (email_context); the row holds no secret.
    notify(
        kind=KIND,
        subject=invitation,
        recipients=[email],
        channels=("email",),
        context={
            "language": user.preferred_language,
            "expires_at": invitation.expires_at.isoformat(),
            **(context or {}),
        },
    )
    return invitation, invitation_token(invitation)


@transaction.atomic
def accept_invitation(*, token: str, email: str, password: str) -> User:
    """Spend the link: check it is fresh and for this address, set the password, activate."""
    found = find_invitation(token)
    if found is None:
        raise ApplicationError(_("This invitation link is not valid."), status=404)
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("user").get(pk=found.pk)
    )
    if invitation.is_used:
        raise ApplicationError(_("This invitation link has already been used."), status=409)
    if invitation.is_expired:
        raise ApplicationError(_("This invitation link has expired."), status=409)
    if (email or "").strip().lower() != invitation.email:
        raise ApplicationError(
            _("This invitation was sent to another e-mail address."),
            extra={"email": [_("Enter the address the invitation was sent to.")]},
        )
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    log_action(invitation, "accounts.invitation.accepted", by=user)
    return user


@transaction.atomic
def reissue_invitation(*, token: str, address: str) -> Invitation | None:
    """An expired link to an account never activated asks for a new one: sent to the same
    address, never elsewhere. Anything else sends nothing (and says the same to the asker).

    Raises throttle.Throttled when the address or the invited account asked too often.
    """
    invitation = find_invitation(token)
    account = invitation.email if invitation is not None else ""
    wait = throttle.retry_after(throttle.INVITATION_RENEWAL, account=account, address=address)
    if wait:
        raise throttle.Throttled(wait)
    throttle.hit(throttle.INVITATION_RENEWAL, account=account, address=address)
    if invitation is None or not renewable(invitation):
        if invitation is not None:
            log_action(invitation, "accounts.invitation.renewal_refused", address=address)
        return None
    fresh, _token = invite_user(
        email=invitation.email,
        by=None,
        valid_for=max(invitation.expires_at - invitation.created_at, dt.timedelta(days=1)),
        next_url=invitation.next_url,
    )
    log_action(invitation, "accounts.invitation.renewed", address=address)
    return fresh
