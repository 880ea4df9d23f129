"""Demo set-up of notifications: the default reminder rules and the beat entries.

The rules come from a data migration; seed() only restores them if deleted. The beat entries
are created in django-celery-beat's tables (same names as the CELERY_BEAT_SCHEDULE keys the
settings should carry), so `make run` delivers reminders out of the box.
"""

from __future__ import annotations

DISPATCH_EVERY_SECONDS = 3
DIGEST_EVERY_SECONDS = 900


def seed() -> list[tuple[str, str, str]]:
    import datetime as dt

    from django_celery_beat.models import IntervalSchedule, PeriodicTask

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

    for name, seconds in (
        ("notifications.dispatch_due", DISPATCH_EVERY_SECONDS),
        ("notifications.queue_daily_digests", DIGEST_EVERY_SECONDS),
    ):
        every, _ = IntervalSchedule.objects.get_or_create(
            every=seconds, period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            # A run not picked up within a few periods is dropped: the next one does the work.
            defaults={"task": name, "interval": every, "expire_seconds": seconds * 3},
        )
    return []
