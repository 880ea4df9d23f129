"""Invitations: single-use, expiring links bound to an e-mail address.

Only a hash of the token is stored; the token itself travels in the e-mail. Accepting sets the
password, activates the account and spends the link. Whoever invites decides what the account
is for (a delegation links its focal point before inviting them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Invitation, User
from apps.core.errors import ApplicationError
from apps.core.services import log_action

DEFAULT_VALIDITY = dt.timedelta(days=14)
# A new link is sent at most this often on request, so the button cannot flood a mailbox.
REISSUE_INTERVAL = dt.timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_path(token: str) -> str:
    return reverse("accounts:invitation", kwargs={"token": token})


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("user").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def invite_user(
    *,
    email: str,
    full_name: str = "",
    by: User | None = None,
    valid_for: dt.timedelta = DEFAULT_VALIDITY,
    next_url: str = "",
    base_url: str = "",
    context: dict | None = None,
) -> tuple[Invitation, str]:
    """Create (or reuse) the account for `email` and send it a fresh link; returns the token.

    A new account stays inactive, with no usable password, until the link is used.
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
    elif user.is_staff:
        raise ApplicationError(_("Organisers are not invited to a delegation's portal."))
    # Earlier links for this address stop working: only the newest one counts.
    Invitation.objects.filter(email=email, used_at__isnull=True).update(expires_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user=user,
        email=email,
        token_hash=hash_token(token),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        expires_at=timezone.now() + valid_for,
        next_url=next_url,
    )
    invitation.full_clean()
    invitation.save()
    log_action(invitation, "accounts.invitation.sent", by=by, email=email)
    url = base_url.rstrip("/") + invitation_path(token)
    # Addressed to the e-mail itself: the account is not active until the link is used.
    notify(
        kind="accounts.invitation",
        subject=invitation,
        recipients=[email],
        channels=("email",),
        context={
            "language": user.preferred_language,
            "url": url,
            "expires_at": invitation.expires_at.isoformat(),
            **(context or {}),
        },
    )
    return invitation, token


@transaction.atomic
def accept_invitation(*, token: str, email: str, password: str) -> User:
    """Spend the link: check it is fresh and for this address, set the password, activate."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise ApplicationError(_("This invitation link is not valid."), status=404)
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
def reissue_invitation(*, token: str, base_url: str = "") -> Invitation | None:
    """A used or expired link asks for a new one: sent to the same address, never elsewhere."""
    invitation = find_invitation(token)
    if invitation is None or invitation.user.is_staff:
        return None
    recent = Invitation.objects.filter(
        email=invitation.email, created_at__gt=timezone.now() - REISSUE_INTERVAL
    )
    if recent.exists():
        return None
    fresh, _token = invite_user(
        email=invitation.email,
        by=None,
        valid_for=max(invitation.expires_at - invitation.created_at, dt.timedelta(days=1)),
        next_url=invitation.next_url,
        base_url=base_url,
    )
    return fresh
