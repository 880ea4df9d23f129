"""Personal API keys: shown once, stored as a SHA-256 hash, listed by name and prefix.

A key reads `gap_<prefix>_<secret>`; clients send it as `Authorization: Token <key>` (the
header DRF's TokenAuthentication reads). The prefix is public (it tells keys apart in lists and
in the throttle); the secret is 256 random bits, so a plain hash is as good as a slow one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import ApiToken, User
from apps.core.errors import ApplicationError
from apps.core.services import log_action

KEY_PREFIX = "gap_"
MAX_ACTIVE_PER_USER = 20
# last_used_at is written at most this often per key, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key: str) -> str:
    """The public part of a presented key ("" when it is not shaped like one of ours)."""
    if not key.startswith(KEY_PREFIX):
        return ""
    prefix, _sep, _secret = key[len(KEY_PREFIX) :].partition("_")
    return prefix if prefix.isascii() and prefix.isalnum() and len(prefix) <= 16 else ""


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new key for `user` (only ever for oneself); returns the row and the key, shown once."""
    name = (name or "").strip()
    if not user.is_active:
        raise ApplicationError(_("This account is not active."), status=403)
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_PER_USER:
        raise ApplicationError(
            _("You have %(count)d active keys; revoke one you no longer use first.")
            % {"count": MAX_ACTIVE_PER_USER},
            status=409,
        )
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name, prefix=prefix, key_hash=hash_key(key))
    token.full_clean()
    token.save()
    log_action(token, "accounts.api_token.created", by=user, prefix=prefix)
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(token, "accounts.api_token.revoked", by=by, prefix=token.prefix)
    return token


def authenticate_key(key: str) -> ApiToken | None:
    """The active key of an active user that `key` is, or None; notes when it was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
