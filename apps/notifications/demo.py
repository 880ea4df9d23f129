"""Demo set-up of notifications: the default reminder rules, and the demo's notices settled.

The rules come from a data migration; seed() only restores them if deleted. The dispatcher and
the digest run from CELERY_BEAT_SCHEDULE in the settings, which beat copies into its tables.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_RULES = [
    ("Bilateral meeting: a day before", {"subject_kind": "meeting", "offset_minutes": 1440}),
    ("Bilateral meeting: an hour before", {"subject_kind": "meeting", "offset_minutes": 60}),
    (
        "Compulsory session: 30 minutes before",
        {"subject_kind": "session", "offset_minutes": 30, "compulsory_only": True},
    ),
    (
        "Morning digest of the day's programme",
        {"subject_kind": "digest", "time_of_day": dt.time(7, 30), "audience": "focal_points"},
    ),
]


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import organiser
    from apps.notifications.models import ReminderRule
    from apps.notifications.services import add_reminder_rule

    by = organiser()
    existing = set(ReminderRule.objects.values_list("name", flat=True))
    for name, fields in DEFAULT_RULES:
        if name not in existing:
            add_reminder_rule(name=name, by=by, **fields)
    settle_demo_history(by)
    return []


def settle_demo_history(by) -> None:
    """The other demos act through services, which write notices due at once; in the demo they
    are history: e-mails count as sent (no burst of console mail at start), portal notices stay
    unread in the inbox."""
    from apps.notifications.services import settle_backlog

    settle_backlog(by=by)
