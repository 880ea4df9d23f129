"""Two-factor authentication: TOTP (RFC 6238) from an authenticator app, and recovery codes.

Organisers (staff accounts) must use it when TWO_FACTOR_REQUIRED_FOR_STAFF is on, which is
the default everywhere except the embedded default (DJANGO_DEBUG); anyone may turn it on.
The TOTP secret is stored encrypted; recovery codes only as keyed hashes; a code is accepted
once (the time step is remembered).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import RecoveryCode, TotpDevice, User
from apps.core.errors import ApplicationError
from apps.core.secrets import decrypt, encrypt, keyed_hash, keyed_hash_candidates
from apps.core.services import log_action

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # a code from the step before or after is accepted (clocks drift)
RECOVERY_CODE_COUNT = 10
ENROLMENT_SECONDS = dt.timedelta(minutes=30)
SECRET_PURPOSE = "accounts.totp"  # noqa: S105 - a label, not a secret
RECOVERY_PURPOSE = "accounts.recovery_code"
ISSUER = "GA Planner"
# Crockford's base32 without look-alikes, for codes people copy from paper.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def totp(secret: bytes, step: int) -> str:
    """The RFC 6238 code (HMAC-SHA1, dynamic truncation) of `secret` for time step `step`."""
    digest = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def required_for(user: User) -> bool:
    """Whether this account may not log in without a second factor."""
    return bool(user.is_staff and settings.TWO_FACTOR_REQUIRED_FOR_STAFF)  # staff: admin entry


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def is_enabled(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def secret_of(device: TotpDevice) -> bytes:
    plain = decrypt(SECRET_PURPOSE, device.encrypted_secret)
    if plain is None:
        # The key that sealed it was retired: the device cannot be used; enrol again.
        raise ApplicationError(_("Your authenticator app must be set up again."), status=409)
    return base64.b32decode(plain)


def readable_secret(device: TotpDevice) -> str:
    """The base32 secret, shown only on the enrolment page (to type in instead of scanning)."""
    secret = base64.b32encode(secret_of(device)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(device: TotpDevice) -> str:
    secret = base64.b32encode(secret_of(device)).decode().rstrip("=")
    label = quote(f"{ISSUER}:{device.user.email}")
    query = urlencode(
        {"secret": secret, "issuer": ISSUER, "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"


@transaction.atomic
def start_enrolment(*, user: User) -> TotpDevice:
    """The unconfirmed device being set up (the same one while the page is reloaded, for half
    an hour), else a new one with a fresh secret."""
    if is_enabled(user):
        raise ApplicationError(_("Two-factor authentication is already set up."), status=409)
    fresh_since = timezone.now() - ENROLMENT_SECONDS
    found = TotpDevice.objects.filter(user=user, created_at__gte=fresh_since).first()
    if found is not None:
        return found
    TotpDevice.objects.filter(user=user).delete()
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    return TotpDevice.objects.create(user=user, encrypted_secret=encrypt(SECRET_PURPOSE, secret))


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-").lower()


def _matching_step(device: TotpDevice, code: str, now: float | None = None) -> int | None:
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    try:
        secret = secret_of(device)
    except ApplicationError:
        return None  # sealed under a retired key: an organiser resets it (docs/security.md)
    step = current_step(now)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if candidate > device.last_step and hmac.compare_digest(totp(secret, candidate), code):
            return candidate
    return None


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=keyed_hash(RECOVERY_PURPOSE, _normalise(code)))
        for code in codes
    )
    return codes


@transaction.atomic
def confirm_enrolment(*, user: User, code: str, now: float | None = None) -> list[str]:
    """The first right code turns the device on; returns the recovery codes (shown once)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.is_confirmed:
        raise ApplicationError(_("Start the set-up again."), status=409)
    step = _matching_step(device, _normalise(code), now)
    if step is None:
        raise ApplicationError(
            _("This code is not right. Check the time on your phone and type the newest code."),
            extra={"code": [_("Type the 6-digit code your app shows now.")]},
        )
    device.confirmed_at = timezone.now()
    device.last_step = step
    device.last_used_at = device.confirmed_at
    device.save(update_fields=["confirmed_at", "last_step", "last_used_at"])
    codes = _new_recovery_codes(user)
    log_action(user, "accounts.two_factor.enrolled", by=user)
    return codes


@transaction.atomic
def verify(*, user: User, code: str, now: float | None = None) -> str | None:
    """Check a code from the app, or a recovery code (spent); returns which, or None if wrong.

    A success is audited here; a wrong code is counted and audited by the caller
    (services.record_failed_login with the TWO_FACTOR policy), which knows the address.
    """
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or not device.is_confirmed:
        return None
    code = _normalise(code)
    step = _matching_step(device, code, now)
    if step is not None:
        device.last_step = step
        device.last_used_at = timezone.now()
        device.save(update_fields=["last_step", "last_used_at"])
        log_action(user, "accounts.two_factor.verified", by=user)
        return "totp"
    spent = RecoveryCode.objects.filter(
        user=user,
        used_at__isnull=True,
        code_hash__in=keyed_hash_candidates(RECOVERY_PURPOSE, code),
    ).update(used_at=timezone.now())
    if spent:
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        log_action(user, "accounts.two_factor.recovery_code_used", by=user, left=left)
        return "recovery"
    return None


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    """New codes replace the old ones, after a right code from the app."""
    if verify(user=user, code=code) != "totp":
        raise ApplicationError(
            _("This code is not right."), extra={"code": [_("Type the code your app shows now.")]}
        )
    codes = _new_recovery_codes(user)
    log_action(user, "accounts.two_factor.recovery_codes_renewed", by=user)
    return codes


@transaction.atomic
def disable(*, user: User, by: User, code: str = "") -> None:
    """Turn two-factor off: by its owner with a right code (when not required of them), or by
    an organiser who may change users (a lost phone); the owner then enrols again."""
    if by.pk == user.pk:
        if required_for(user):
            raise ApplicationError(_("Organisers' accounts must keep two-factor authentication."))
        if verify(user=user, code=code) is None:
            raise ApplicationError(
                _("This code is not right."),
                extra={"code": [_("Type the code your app shows now.")]},
            )
    elif not by.has_perm("accounts.change_user"):
        raise ApplicationError(_("You may not change this account."), status=403)
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    log_action(user, "accounts.two_factor.disabled", by=by)
