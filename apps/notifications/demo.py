"""Demo set-up of notifications: the default reminder rules.

The rules come from a data migration; seed() only restores them if deleted. The dispatcher and
the digest run from CELERY_BEAT_SCHEDULE in the settings, which beat copies into its tables.
"""

from __future__ import annotations


def seed() -> list[tuple[str, str, str]]:
    import datetime as dt

    from apps.notifications.models import ReminderRule

    defaults = [
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
    for name, fields in defaults:
        ReminderRule.objects.get_or_create(name=name, defaults=fields)
    settle_demo_history()
    return []


def settle_demo_history() -> None:
    """The other demos act through services, which write notices due at once; in the demo they
    are history: e-mails count as sent (no burst of console mail at start), portal notices stay
    unread in the inbox."""
    from django.utils import timezone

    from apps.notifications.models import Notification

    Notification.objects.filter(
        status=Notification.Status.PENDING, due_at__lte=timezone.now()
    ).update(status=Notification.Status.SENT, sent_at=timezone.now())
