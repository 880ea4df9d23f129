"""Delivery: claims with a lease, the sending state, grace, preferences, retries, dispatching."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail

from apps.notifications import conf
from apps.notifications.delivery import deliver_due, dispatch_due_notifications
from apps.notifications.delivery.claims import claim_batch
from apps.notifications.models import Notification
from apps.notifications.services import notify, remind_at, set_preferences
from tests.notifications.factories import MEETING_START, SessionFactory

pytestmark = pytest.mark.django_db
Status = Notification.Status
DUE = MEETING_START - dt.timedelta(hours=1)


@pytest.fixture
def sent_tasks(monkeypatch):
    """Tasks the dispatcher sends by name (no broker in these tests)."""
    sent: list[str] = []
    monkeypatch.setattr("apps.core.queue.send_task", lambda name, *args, **o: sent.append(name))
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


def test_delivery_sends_a_due_row_and_marks_it_sent(reminder):
    outcome = deliver_due(now=DUE + dt.timedelta(seconds=2))

    reminder.refresh_from_db()
    assert outcome == {reminder.pk: Status.SENT}
    assert (reminder.status, reminder.sent_at, reminder.attempts) == (
        Status.SENT,
        DUE + dt.timedelta(seconds=2),
        1,
    )
    assert (reminder.claim, reminder.claimed_until, reminder.possibly_duplicate) == (
        None,
        None,
        False,
    )
    assert [m.to for m in mail.outbox] == [["focal@example.org"]]


def test_delivery_leaves_rows_not_yet_due(reminder):
    assert deliver_due(now=DUE - dt.timedelta(seconds=1)) == {}

    reminder.refresh_from_db()
    assert reminder.status == Status.PENDING
    assert mail.outbox == []


def test_delivery_run_twice_sends_once(reminder):
    first = deliver_due(now=DUE)
    second = deliver_due(now=DUE + dt.timedelta(seconds=1))

    assert (first, second) == ({reminder.pk: Status.SENT}, {})
    assert len(mail.outbox) == 1


def test_a_claim_held_by_a_living_delivery_is_not_taken(reminder):
    claim_batch(token=uuid.uuid4(), now=DUE, limit=10)

    during_lease = deliver_due(now=DUE + conf.lease() - dt.timedelta(seconds=1))
    after_lease = deliver_due(now=DUE + conf.lease() + dt.timedelta(seconds=1))

    reminder.refresh_from_db()
    assert (during_lease, after_lease) == ({}, {reminder.pk: Status.SENT})
    assert reminder.possibly_duplicate is False  # it never reached the relay
    assert len(mail.outbox) == 1


def test_a_row_left_sending_by_a_dead_delivery_is_sent_again_and_flagged(reminder):
    dead = uuid.uuid4()
    claim_batch(token=dead, now=DUE, limit=10)
    Notification.objects.filter(pk=reminder.pk).update(
        status=Status.SENDING, claimed_until=DUE + conf.sending_lease()
    )

    while_sending = deliver_due(now=DUE + conf.sending_lease() - dt.timedelta(seconds=1))
    after_lease = deliver_due(now=DUE + conf.sending_lease() + dt.timedelta(seconds=1))

    reminder.refresh_from_db()
    assert (while_sending, after_lease) == ({}, {reminder.pk: Status.SENT})
    assert (reminder.status, reminder.possibly_duplicate) == (Status.SENT, True)
    assert len(mail.outbox) == 1


def test_a_delivery_that_lost_its_claim_cannot_finish_the_row(reminder):
    stale = uuid.uuid4()
    claim_batch(token=stale, now=DUE, limit=10)
    deliver_due(now=DUE + conf.lease() + dt.timedelta(seconds=1))  # taken back, sent

    moved = Notification.objects.filter(pk=reminder.pk, claim=stale).update(status=Status.FAILED)

    reminder.refresh_from_db()
    assert (moved, reminder.status) == (0, Status.SENT)


@pytest.mark.django_db(transaction=True)
def test_the_row_is_committed_as_sending_and_no_transaction_is_open_while_it_is_sent(
    focal_point, settings
):
    from tests.notifications import backends

    settings.EMAIL_BACKEND = "tests.notifications.backends.RecordingBackend"
    backends.seen_at_send.clear()
    notify(kind="accounts.welcome", subject=None, recipients=[focal_point], channels=["email"])

    deliver_due()

    assert backends.seen_at_send == [(Status.SENDING, False)]
    assert Notification.objects.get().status == Status.SENT


def test_delivery_of_a_cancelled_row_sends_nothing(reminder):
    Notification.objects.filter(pk=reminder.pk).update(status=Status.CANCELLED)

    assert deliver_due(now=DUE) == {}
    assert mail.outbox == []


def test_a_row_cancelled_after_its_claim_is_not_sent(reminder):
    from apps.notifications.services import cancel_pending

    token = uuid.uuid4()
    claim_batch(token=token, now=DUE, limit=10)
    cancel_pending(subject=reminder.subject)
    Notification.objects.filter(pk=reminder.pk).update(claimed_until=DUE)  # lease over

    assert deliver_due(now=DUE + dt.timedelta(seconds=1)) == {}
    reminder.refresh_from_db()
    assert reminder.status == Status.CANCELLED
    assert mail.outbox == []


def test_delivery_past_the_grace_period_marks_it_missed(reminder):
    late = DUE + conf.grace(conf.SESSION_REMINDER) + dt.timedelta(seconds=1)

    assert deliver_due(now=late) == {reminder.pk: Status.MISSED}

    reminder.refresh_from_db()
    assert (reminder.status, reminder.sent_at, reminder.last_error) == (
        Status.MISSED,
        None,
        "too late to send",
    )
    assert mail.outbox == []


def test_delivery_respects_a_kind_turned_off(reminder, focal_point):
    set_preferences(user=focal_point, enabled={conf.SESSION_REMINDER: False})

    assert deliver_due(now=DUE) == {reminder.pk: Status.SKIPPED}

    reminder.refresh_from_db()
    assert reminder.last_error == "turned off in preferences"
    assert mail.outbox == []


def test_mandatory_kinds_ignore_preferences(focal_point, assembly):
    set_preferences(user=focal_point, enabled={conf.SESSION_REMINDER: False})
    notify(kind="delegations.accreditation_approved", subject=None, recipients=[focal_point])

    deliver_due()

    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(mail.outbox) == 1


def test_portal_delivery_marks_sent_without_mail(focal_point, assembly):
    notify(
        kind="meetings.request_received",
        subject=None,
        recipients=[focal_point],
        channels=["portal"],
    )

    assert list(deliver_due().values()) == [Status.SENT]
    assert mail.outbox == []


def test_template_error_fails_at_once(focal_point, assembly, monkeypatch):
    from apps.notifications import rendering

    def broken(notification, **options):
        raise ValueError("bad context")

    monkeypatch.setattr(rendering, "render_email", broken)
    notify(kind="x.y", subject=None, recipients=[focal_point], channels=["email"])

    deliver_due()

    row = Notification.objects.get()
    assert (row.status, row.last_error, row.attempts) == (
        Status.FAILED,
        "ValueError: bad context",
        1,
    )


def test_a_batch_is_claimed_at_most_batch_size_rows_at_a_time(focal_point, settings):
    settings.NOTIFICATIONS_BATCH = 2
    for minute in range(5):
        remind_at(
            kind="x.y",
            subject=None,
            recipients=[focal_point],
            due_at=DUE - dt.timedelta(minutes=minute),
        )

    first = deliver_due(now=DUE)

    assert len(first) == 2
    assert Notification.objects.filter(status=Status.PENDING).count() == 3


def test_dispatch_starts_the_deliveries_due_rows_need(focal_point, settings, sent_tasks):
    settings.NOTIFICATIONS_BATCH = 2
    settings.NOTIFICATIONS_DELIVERIES = 3
    for minute in range(3):
        remind_at(
            kind="x.y",
            subject=None,
            recipients=[focal_point],
            due_at=DUE - dt.timedelta(minutes=minute),
        )

    nothing_due = dispatch_due_notifications(now=DUE - dt.timedelta(hours=1))
    two_batches = dispatch_due_notifications(now=DUE)
    claim_batch(token=uuid.uuid4(), now=DUE, limit=1)  # one delivery at work on one row
    one_more = dispatch_due_notifications(now=DUE)

    assert (nothing_due, two_batches, one_more) == (0, 2, 0)
    assert sent_tasks == ["notifications.deliver", "notifications.deliver"]


def test_dispatch_marks_waiting_rows_past_their_grace_missed(reminder, focal_point, sent_tasks):
    notify(kind="accounts.welcome", subject=None, recipients=[focal_point], channels=["email"])
    welcome = Notification.objects.get(kind="accounts.welcome")
    Notification.objects.filter(pk=reminder.pk).update(last_error="SMTPConnectError: down")
    late = DUE + conf.grace(conf.SESSION_REMINDER) + dt.timedelta(seconds=1)

    dispatch_due_notifications(now=late)

    reminder.refresh_from_db()
    welcome.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (
        Status.MISSED,
        "too late to send; last error: SMTPConnectError: down",
    )
    assert welcome.status == Status.PENDING  # a day of grace: not too late yet
