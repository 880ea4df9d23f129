"""Writing the outbox: the unique key, reminder rules, rescheduling, the daily digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from apps.notifications import conf
from apps.notifications.models import Notification, ReminderRule
from apps.notifications.services import (
    cancel_pending,
    notify,
    queue_daily_digests,
    remind_at,
    schedule_reminders,
    set_preferences,
)
from tests.factories import DelegationFactory, UserFactory
from tests.notifications.factories import MEETING_START, SessionFactory

pytestmark = pytest.mark.django_db
NOW = MEETING_START - dt.timedelta(days=3)
Status = Notification.Status


def test_remind_at_twice_creates_one_row_per_channel(focal_point, assembly):
    session = SessionFactory(assembly=assembly)
    for _ in range(2):
        remind_at(
            kind="agenda.session_moved",
            subject=session,
            recipients=[focal_point, "Delegate@Example.org"],
            due_at=MEETING_START,
            channels=("email", "portal"),
        )

    rows = Notification.objects.order_by("recipient_key", "channel")
    assert [(r.recipient_key, r.channel) for r in rows] == [
        ("email:delegate@example.org", "email"),
        (f"user:{focal_point.pk}", "email"),
        (f"user:{focal_point.pk}", "portal"),
    ]


def test_unique_key_refuses_a_second_row_in_the_database(focal_point):
    due = MEETING_START
    Notification.objects.create(
        kind="k", recipient=focal_point, recipient_key="user:1", channel="email", due_at=due
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            kind="k", recipient=focal_point, recipient_key="user:1", channel="email", due_at=due
        )


def test_notify_without_subject_is_created_once(focal_point, freezer_now):
    for _ in range(2):
        notify(kind="accounts.welcome", subject=None, recipients=[focal_point], channels=["email"])

    assert Notification.objects.filter(kind="accounts.welcome").count() == 1


def test_notify_ignores_microseconds_and_repeated_recipients(focal_point):
    notify(
        kind="accounts.welcome",
        subject=None,
        recipients=[focal_point, focal_point],
        channels=["email"],
    )

    row = Notification.objects.get()
    assert row.due_at.microsecond == 0
    assert row.language == "en"


@pytest.fixture
def freezer_now(monkeypatch):
    """timezone.now() fixed, so two calls in a row give the same due time."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def test_default_rules_are_seeded_by_the_migration():
    rules = {
        (r.subject_kind, r.offset_minutes, r.time_of_day, r.compulsory_only)
        for r in ReminderRule.objects.all()
    }
    assert rules == {
        ("meeting", 1440, None, False),
        ("meeting", 60, None, False),
        ("session", 30, None, True),
        ("digest", None, dt.time(7, 30), False),
    }


def test_schedule_reminders_writes_one_row_per_rule_and_channel(focal_point, assembly):
    meeting = SessionFactory(assembly=assembly)  # any model with a start stands in for a meeting

    pending = schedule_reminders(
        subject=meeting, starts_at=MEETING_START, recipients=[focal_point], now=NOW
    )

    rows = Notification.objects.filter(kind=conf.MEETING_REMINDER).order_by("due_at", "channel")
    assert pending == 4
    assert [(r.due_at, r.channel) for r in rows] == [
        (MEETING_START - dt.timedelta(hours=24), "email"),
        (MEETING_START - dt.timedelta(hours=24), "portal"),
        (MEETING_START - dt.timedelta(hours=1), "email"),
        (MEETING_START - dt.timedelta(hours=1), "portal"),
    ]
    assert rows[0].context["starts_at"] == MEETING_START.isoformat()
    assert rows[0].context["minutes_before"] == 1440


def test_rescheduling_cancels_old_reminders_and_writes_new_ones(focal_point, assembly):
    meeting = SessionFactory(assembly=assembly)
    schedule_reminders(subject=meeting, starts_at=MEETING_START, recipients=[focal_point], now=NOW)
    moved_to = MEETING_START + dt.timedelta(hours=2)

    schedule_reminders(subject=meeting, starts_at=moved_to, recipients=[focal_point], now=NOW)

    pending = Notification.objects.filter(status=Status.PENDING)
    cancelled = Notification.objects.filter(status=Status.CANCELLED)
    assert {r.due_at for r in pending} == {
        moved_to - dt.timedelta(hours=24),
        moved_to - dt.timedelta(hours=1),
    }
    assert {r.due_at for r in cancelled} == {
        MEETING_START - dt.timedelta(hours=24),
        MEETING_START - dt.timedelta(hours=1),
    }
    assert pending.count() == cancelled.count() == 4


def test_moving_back_to_the_first_time_revives_the_cancelled_reminders(focal_point, assembly):
    meeting = SessionFactory(assembly=assembly)
    schedule_reminders(subject=meeting, starts_at=MEETING_START, recipients=[focal_point], now=NOW)
    schedule_reminders(
        subject=meeting,
        starts_at=MEETING_START + dt.timedelta(hours=2),
        recipients=[focal_point],
        now=NOW,
    )

    schedule_reminders(subject=meeting, starts_at=MEETING_START, recipients=[focal_point], now=NOW)

    pending = Notification.objects.filter(status=Status.PENDING)
    assert {r.due_at for r in pending} == {
        MEETING_START - dt.timedelta(hours=24),
        MEETING_START - dt.timedelta(hours=1),
    }
    assert Notification.objects.count() == 8


def test_cancelling_a_meeting_cancels_its_reminders(focal_point, assembly):
    meeting = SessionFactory(assembly=assembly)
    schedule_reminders(subject=meeting, starts_at=MEETING_START, recipients=[focal_point], now=NOW)

    assert schedule_reminders(subject=meeting, starts_at=None, recipients=[], now=NOW) == 0

    assert set(Notification.objects.values_list("status", flat=True)) == {Status.CANCELLED}


def test_reminders_already_past_are_not_written(focal_point, assembly):
    meeting = SessionFactory(assembly=assembly)

    schedule_reminders(
        subject=meeting,
        starts_at=MEETING_START,
        recipients=[focal_point],
        now=MEETING_START - dt.timedelta(hours=2),
    )

    assert set(Notification.objects.values_list("due_at", flat=True)) == {
        MEETING_START - dt.timedelta(hours=1)
    }


def test_session_rule_applies_to_compulsory_sessions_only(focal_point, assembly):
    optional, compulsory = SessionFactory(assembly=assembly), SessionFactory(assembly=assembly)

    schedule_reminders(
        subject=optional,
        starts_at=MEETING_START,
        recipients=[focal_point],
        subject_kind="session",
        now=NOW,
    )
    schedule_reminders(
        subject=compulsory,
        starts_at=MEETING_START,
        recipients=[focal_point],
        subject_kind="session",
        compulsory=True,
        now=NOW,
    )

    rows = Notification.objects.filter(kind=conf.SESSION_REMINDER)
    assert {r.object_id for r in rows} == {str(compulsory.pk)}
    assert {r.due_at for r in rows} == {MEETING_START - dt.timedelta(minutes=30)}


def test_rule_audience_picks_its_group(focal_point, assembly):
    ReminderRule.objects.filter(subject_kind="meeting", offset_minutes=60).update(
        audience=ReminderRule.Audience.DELEGATES, channels=ReminderRule.Channels.EMAIL
    )
    meeting = SessionFactory(assembly=assembly)

    schedule_reminders(
        subject=meeting,
        starts_at=MEETING_START,
        recipients={"focal_points": [focal_point], "delegates": ["head@example.org"]},
        now=NOW,
    )

    rows = Notification.objects.all()
    one_hour = {r.recipient_key for r in rows if r.context["minutes_before"] == 60}
    one_day = {r.recipient_key for r in rows if r.context["minutes_before"] == 1440}
    assert one_hour == {"email:head@example.org"}
    assert one_day == {f"user:{focal_point.pk}", "email:head@example.org"}


def test_inactive_rules_write_nothing(focal_point, assembly):
    ReminderRule.objects.update(active=False)

    count = schedule_reminders(
        subject=SessionFactory(assembly=assembly),
        starts_at=MEETING_START,
        recipients=[focal_point],
        now=NOW,
    )

    assert count == 0
    assert not Notification.objects.exists()


def test_cancel_pending_leaves_sent_rows_alone(focal_point, assembly):
    session = SessionFactory(assembly=assembly)
    remind_at(kind="a", subject=session, recipients=[focal_point], due_at=MEETING_START)
    remind_at(kind="b", subject=session, recipients=[focal_point], due_at=MEETING_START)
    Notification.objects.filter(kind="b").update(status=Status.SENT)

    assert cancel_pending(subject=session) == 1

    assert dict(Notification.objects.values_list("kind", "status")) == {
        "a": Status.CANCELLED,
        "b": Status.SENT,
    }


def test_daily_digest_is_queued_once_for_each_focal_point(assembly):
    first, second = UserFactory(), UserFactory()
    DelegationFactory(assembly=assembly).focal_points.add(first)
    DelegationFactory(assembly=assembly).focal_points.add(second, first)
    UserFactory()  # not a focal point
    evening = dt.datetime(2025, 11, 24, 20, 0, tzinfo=dt.UTC)

    assert queue_daily_digests(now=evening) == 4
    assert queue_daily_digests(now=evening + dt.timedelta(minutes=15)) == 0

    rows = Notification.objects.filter(kind=conf.DAILY_DIGEST)
    assert {r.recipient_id for r in rows} == {first.pk, second.pk}
    # 07:30 in Marrakech on the 25th is 06:30 UTC.
    assert {r.due_at for r in rows} == {dt.datetime(2025, 11, 25, 6, 30, tzinfo=dt.UTC)}
    assert {r.context["date"] for r in rows} == {"2025-11-25"}


def test_daily_digest_is_not_queued_outside_the_assembly(assembly):
    DelegationFactory(assembly=assembly).focal_points.add(UserFactory())

    assert queue_daily_digests(now=dt.datetime(2025, 11, 27, 20, 0, tzinfo=dt.UTC)) == 0
    assert queue_daily_digests(now=dt.datetime(2025, 10, 1, 8, 0, tzinfo=dt.UTC)) == 0


def test_set_preferences_records_changes_only(focal_point):
    changed = set_preferences(
        user=focal_point, enabled={conf.DAILY_DIGEST: False, "unknown.kind": False}
    )
    again = set_preferences(user=focal_point, enabled={conf.DAILY_DIGEST: False})

    assert [(p.kind, p.enabled) for p in changed] == [(conf.DAILY_DIGEST, False)]
    assert again == []


def test_remind_at_again_after_cancel_pending_makes_it_pending_again(focal_point, assembly):
    session = SessionFactory(assembly=assembly)
    due = dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)
    remind_at(kind="ceremonies.call_time", subject=session, recipients=[focal_point], due_at=due)
    cancel_pending(subject=session)

    remind_at(
        kind="ceremonies.call_time",
        subject=session,
        recipients=[focal_point],
        due_at=due,
        context={"role": "speaker"},
    )

    row = Notification.objects.get()
    assert (row.status, row.context) == (Status.PENDING, {"role": "speaker"})


def test_remind_at_leaves_a_sent_row_alone(focal_point, assembly):
    session = SessionFactory(assembly=assembly)
    due = dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)
    remind_at(kind="a.b", subject=session, recipients=[focal_point], due_at=due)
    Notification.objects.update(status=Status.SENT)

    remind_at(kind="a.b", subject=session, recipients=[focal_point], due_at=due)

    assert Notification.objects.get().status == Status.SENT
