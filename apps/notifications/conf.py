"""This app's knobs: Django settings when set, else the environment, else a sensible default.

NOTIFICATIONS_LEASE_SECONDS    how long a claim lasts before the dispatcher takes the row again
NOTIFICATIONS_BATCH            rows claimed per dispatcher run
NOTIFICATIONS_MAX_IN_FLIGHT    claimed rows (queued or being sent) beyond which nothing more is
                               claimed: the backlog waits in the database, not in the broker,
                               so no queued row outlives its lease and gets claimed twice
NOTIFICATIONS_MAX_ATTEMPTS     sending attempts before a row is marked failed
NOTIFICATIONS_OPTIONAL_KINDS   {kind: label} other apps add to what people may turn off
NOTIFICATIONS_GRACE_MINUTES    {kind: minutes} how late a row may still be sent (else missed)
NOTIFICATIONS_DIGEST_SECTIONS  dotted paths of the daily digest's section providers
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

DEFAULT_DIGEST_SECTIONS = ["apps.notifications.digest.published_sessions"]


def _value(name: str, default: Any, cast=int) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    return cast(raw) if raw not in (None, "") else default


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=_value("NOTIFICATIONS_LEASE_SECONDS", 60, float))


def batch_size() -> int:
    return _value("NOTIFICATIONS_BATCH", 1000)


def max_in_flight() -> int:
    return _value("NOTIFICATIONS_MAX_IN_FLIGHT", 500)


def max_attempts() -> int:
    return _value("NOTIFICATIONS_MAX_ATTEMPTS", 5)


def grace(kind: str) -> dt.timedelta:
    custom = getattr(settings, "NOTIFICATIONS_GRACE_MINUTES", {})
    if kind in custom:
        return dt.timedelta(minutes=custom[kind])
    return GRACE.get(kind, DEFAULT_GRACE)


def optional_kinds() -> dict[str, Any]:
    return {**OPTIONAL_KINDS, **getattr(settings, "NOTIFICATIONS_OPTIONAL_KINDS", {})}


def digest_section_paths() -> list[str]:
    return list(getattr(settings, "NOTIFICATIONS_DIGEST_SECTIONS", DEFAULT_DIGEST_SECTIONS))


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential back-off between sending attempts: 2, 4, 8, ... seconds, at most 5 minutes."""
    return dt.timedelta(seconds=min(2**attempts, 300))
