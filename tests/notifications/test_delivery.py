"""The dispatcher and delivery: claims, leases, idempotence, grace, preferences, retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from apps.notifications import conf
from apps.notifications.models import Notification
from apps.notifications.services import (
    deliver_notification,
    dispatch_due_notifications,
    notify,
    remind_at,
    set_preferences,
)
from apps.notifications.tasks import deliver_notification_task
from tests.notifications.factories import MEETING_START, SessionFactory

pytestmark = pytest.mark.django_db
Status = Notification.Status
DUE = MEETING_START - dt.timedelta(hours=1)


@pytest.fixture
def queued(monkeypatch):
    """The ids the dispatcher hands to Celery (no broker in these tests)."""
    sent: list[int] = []
    monkeypatch.setattr(deliver_notification_task, "delay", sent.append)
    return sent


@pytest.fixture
def reminder(focal_point, assembly):
    session = SessionFactory(assembly=assembly)
    remind_at(
        kind=conf.SESSION_REMINDER,
        subject=session,
        recipients=[focal_point],
        due_at=DUE,
        context={"starts_at": MEETING_START.isoformat(), "minutes_before": 60},
    )
    return Notification.objects.get()


def test_dispatch_claims_due_rows_and_queues_them_after_commit(
    reminder, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claimed = dispatch_due_notifications(now=DUE + dt.timedelta(seconds=1))

    reminder.refresh_from_db()
    assert claimed == queued == [reminder.pk]
    assert reminder.status == Status.CLAIMED
    assert reminder.claimed_until == DUE + dt.timedelta(seconds=1) + conf.lease()


def test_dispatch_leaves_rows_not_yet_due(reminder, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claimed = dispatch_due_notifications(now=DUE - dt.timedelta(seconds=1))

    assert claimed == queued == []
    reminder.refresh_from_db()
    assert reminder.status == Status.PENDING


def test_dispatch_takes_back_a_claim_whose_lease_ran_out(reminder, queued):
    first = dispatch_due_notifications(now=DUE)
    during_lease = dispatch_due_notifications(now=DUE + conf.lease() - dt.timedelta(seconds=1))
    after_lease = dispatch_due_notifications(now=DUE + conf.lease() + dt.timedelta(seconds=1))

    assert (first, during_lease, after_lease) == ([reminder.pk], [], [reminder.pk])


def test_delivery_sends_once_when_the_task_runs_twice(reminder, queued):
    dispatch_due_notifications(now=DUE)

    first = deliver_notification(notification_id=reminder.pk, now=DUE + dt.timedelta(seconds=2))
    second = deliver_notification(notification_id=reminder.pk, now=DUE + dt.timedelta(seconds=3))

    reminder.refresh_from_db()
    assert (first, second) == (Status.SENT, Status.SENT)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["focal@example.org"]
    assert reminder.sent_at == DUE + dt.timedelta(seconds=2)
    assert reminder.attempts == 1


def test_delivery_through_the_task_sends_the_mail(
    focal_point, assembly, queued, django_capture_on_commit_callbacks
):
    notify(kind="accounts.welcome", subject=None, recipients=[focal_point], channels=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due_notifications()

    deliver_notification_task.apply(args=[queued[0]])  # runs now, in this process

    assert Notification.objects.get().status == Status.SENT
    assert len(mail.outbox) == 1


def test_delivery_of_a_cancelled_row_sends_nothing(reminder, queued):
    dispatch_due_notifications(now=DUE)
    Notification.objects.filter(pk=reminder.pk).update(status=Status.CANCELLED)

    assert deliver_notification(notification_id=reminder.pk, now=DUE) == Status.CANCELLED
    assert mail.outbox == []


def test_delivery_of_an_unknown_row_is_a_no_op():
    assert deliver_notification(notification_id=999_999) is None


def test_delivery_past_the_grace_period_marks_it_missed(reminder):
    late = DUE + conf.grace(conf.SESSION_REMINDER) + dt.timedelta(seconds=1)

    assert deliver_notification(notification_id=reminder.pk, now=late) == Status.MISSED

    reminder.refresh_from_db()
    assert reminder.status == Status.MISSED
    assert reminder.sent_at is None
    assert mail.outbox == []


def test_delivery_respects_a_kind_turned_off(reminder, focal_point):
    set_preferences(user=focal_point, enabled={conf.SESSION_REMINDER: False})

    assert deliver_notification(notification_id=reminder.pk, now=DUE) == Status.SKIPPED

    reminder.refresh_from_db()
    assert reminder.last_error == "turned off in preferences"
    assert mail.outbox == []


def test_mandatory_kinds_ignore_preferences(focal_point, assembly):
    set_preferences(user=focal_point, enabled={conf.SESSION_REMINDER: False})
    notify(kind="delegations.accreditation_approved", subject=None, recipients=[focal_point])

    for row in Notification.objects.all():
        deliver_notification(notification_id=row.pk)

    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(mail.outbox) == 1


def test_portal_delivery_marks_sent_without_mail(focal_point, assembly):
    notify(
        kind="meetings.request_received",
        subject=None,
        recipients=[focal_point],
        channels=["portal"],
    )
    row = Notification.objects.get()

    assert deliver_notification(notification_id=row.pk) == Status.SENT
    assert mail.outbox == []


def test_transient_error_is_retried_with_back_off_then_failed(reminder, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    now = DUE

    statuses, leases = [], []
    for _ in range(3):
        statuses.append(deliver_notification(notification_id=reminder.pk, now=now))
        reminder.refresh_from_db()
        leases.append(reminder.claimed_until and (reminder.claimed_until - now).total_seconds())
        now += dt.timedelta(seconds=10)

    assert statuses == [Status.PENDING, Status.PENDING, Status.FAILED]
    assert leases == [2.0, 4.0, None]
    assert reminder.attempts == 3
    assert reminder.last_error == "SMTPServerDisconnected: connection unexpectedly closed"


def test_a_row_waiting_for_its_retry_is_claimed_after_the_back_off(reminder, settings, queued):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    dispatch_due_notifications(now=DUE)
    deliver_notification(notification_id=reminder.pk, now=DUE)

    assert dispatch_due_notifications(now=DUE + dt.timedelta(seconds=1)) == []
    assert dispatch_due_notifications(now=DUE + dt.timedelta(seconds=3)) == [reminder.pk]


def test_template_error_fails_at_once(focal_point, assembly, monkeypatch):
    from apps.notifications import rendering

    def broken(notification):
        raise ValueError("bad context")

    monkeypatch.setattr(rendering, "render_email", broken)
    notify(kind="x.y", subject=None, recipients=[focal_point], channels=["email"])
    row = Notification.objects.get()

    assert deliver_notification(notification_id=row.pk) == Status.FAILED
    row.refresh_from_db()
    assert row.last_error == "ValueError: bad context"
    assert row.attempts == 1


def test_dispatch_stops_claiming_when_too_many_are_in_flight(focal_point, queued, settings):
    settings.NOTIFICATIONS_MAX_IN_FLIGHT = 3
    for minute in range(5):
        remind_at(
            kind="x.y",
            subject=None,
            recipients=[focal_point],
            due_at=DUE - dt.timedelta(minutes=minute),
        )

    first = dispatch_due_notifications(now=DUE)
    second = dispatch_due_notifications(now=DUE + dt.timedelta(seconds=1))
    Notification.objects.filter(pk=first[0]).update(status=Status.SENT)
    third = dispatch_due_notifications(now=DUE + dt.timedelta(seconds=2))

    assert (len(first), second, len(third)) == (3, [], 1)
