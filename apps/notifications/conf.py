"""This app's knobs: Django settings when set, else the environment, else a sensible default.

NOTIFICATIONS_LEASE_SECONDS    how long a delivery's claim on its rows lasts unless renewed; rows
                               of a delivery that died are taken again after it (default 20)
NOTIFICATIONS_BATCH            rows a delivery claims at once (default 50)
NOTIFICATIONS_SENDING_CHUNK    e-mail rows committed as `sending` (and then `sent`) together: at
                               most this many per worker may arrive twice after a crash (10)
NOTIFICATIONS_DELIVERIES       delivery tasks at work at once, at most (default 2: one per worker
                               process is enough, each sends over one reused SMTP connection)
NOTIFICATIONS_DELIVERY_SECONDS how long one delivery task keeps claiming batches (default 20)
NOTIFICATIONS_RETRY_MAX_SECONDS  ceiling of the back-off after a recipient's temporary refusal
                               (4xx); retries go on until the kind's grace period (default 300)
NOTIFICATIONS_RELAY_RETRY_MAX_SECONDS  ceiling of the back-off between attempts to reach a mail
                               relay that is down or silent (default 10): sending resumes within
                               that long of its return
NOTIFICATIONS_OPTIONAL_KINDS   {kind: label} other apps add to what people may turn off
NOTIFICATIONS_GRACE_MINUTES    {kind: minutes} how late a row may still be sent (else missed)
NOTIFICATIONS_DIGEST_SECTIONS  dotted paths of extra daily digest section providers (apps
                               usually register theirs with digest.register_digest_section)
EMAIL_TIMEOUT (Django)         seconds before an SMTP connection or command gives up
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MEETING_REMINDER = "notifications.meeting_reminder"
SESSION_REMINDER = "notifications.session_reminder"
DAILY_DIGEST = "notifications.daily_digest"
REMINDER_KINDS = {"meeting": MEETING_REMINDER, "session": SESSION_REMINDER}

# Kinds a person may turn off; everything else (invitations, decisions, changes) always arrives.
# Reminders about one's own meetings are optional but on until turned off.
OPTIONAL_KINDS = {
    MEETING_REMINDER: _("Reminders before my bilateral meetings"),
    SESSION_REMINDER: _("Reminders before sessions my delegation must attend"),
    DAILY_DIGEST: _("Morning digest of the day's programme"),
}

# How late a row may still be delivered; past that it is marked missed, never sent confusingly late.
GRACE = {
    MEETING_REMINDER: dt.timedelta(minutes=30),
    SESSION_REMINDER: dt.timedelta(minutes=30),
    DAILY_DIGEST: dt.timedelta(hours=3),
}
DEFAULT_GRACE = dt.timedelta(days=1)

DEFAULT_DIGEST_SECTIONS: list[str] = []


def _value(name: str, default: Any, cast=int) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    return cast(raw) if raw not in (None, "") else default


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=_value("NOTIFICATIONS_LEASE_SECONDS", 20, float))


def email_timeout() -> float:
    return float(getattr(settings, "EMAIL_TIMEOUT", None) or 10)


def sending_lease() -> dt.timedelta:
    """A row handed to the relay: the lease, plus the longest an SMTP exchange may block
    (connect, MAIL, RCPT, DATA and its end, each bounded by EMAIL_TIMEOUT)."""
    return lease() + dt.timedelta(seconds=5 * email_timeout())


def batch_size() -> int:
    return _value("NOTIFICATIONS_BATCH", 50)


def sending_chunk() -> int:
    return max(1, _value("NOTIFICATIONS_SENDING_CHUNK", 10))


def deliveries() -> int:
    return _value("NOTIFICATIONS_DELIVERIES", 2)


def delivery_seconds() -> float:
    return _value("NOTIFICATIONS_DELIVERY_SECONDS", 20, float)


def grace_minutes() -> dict[str, float]:
    return getattr(settings, "NOTIFICATIONS_GRACE_MINUTES", {})


def grace(kind: str) -> dt.timedelta:
    custom = grace_minutes()
    if kind in custom:
        return dt.timedelta(minutes=custom[kind])
    return GRACE.get(kind, DEFAULT_GRACE)


def graced_kinds() -> set[str]:
    """Kinds with a grace period of their own; every other kind has DEFAULT_GRACE."""
    return set(GRACE) | set(grace_minutes())


def optional_kinds() -> dict[str, Any]:
    return {**OPTIONAL_KINDS, **getattr(settings, "NOTIFICATIONS_OPTIONAL_KINDS", {})}


def digest_section_paths() -> list[str]:
    return list(getattr(settings, "NOTIFICATIONS_DIGEST_SECTIONS", DEFAULT_DIGEST_SECTIONS))


def retry_delay(attempts: int) -> dt.timedelta:
    """After a recipient's temporary refusal: 2, 4, 8, ... seconds, up to the ceiling."""
    ceiling = _value("NOTIFICATIONS_RETRY_MAX_SECONDS", 300, float)
    return dt.timedelta(seconds=min(2 ** min(attempts, 30), ceiling))


def relay_retry_delay(failures: int) -> dt.timedelta:
    """Between attempts to reach a relay that is down: 1, 2, 4, ... seconds, up to the ceiling."""
    ceiling = _value("NOTIFICATIONS_RELAY_RETRY_MAX_SECONDS", 10, float)
    return dt.timedelta(seconds=min(2 ** min(max(failures - 1, 0), 30), ceiling))
