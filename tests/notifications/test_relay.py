"""Delivery against a real SMTP relay on loopback that the tests stop, hang and make refuse.

Nothing of ours is mocked: the relay is aiosmtpd (tests/notifications/relay.py), the mail goes
through Django's SMTP backend. Where a test compresses time it passes `now` to the services: the
relay is really down for every connection attempt in between.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from apps.notifications import conf
from apps.notifications.delivery import deliver_due
from apps.notifications.delivery.relay import relay_status
from apps.notifications.models import Notification
from apps.notifications.selectors import outbox_health
from apps.notifications.services import notify, remind_at
from tests.notifications.relay import Relay

pytestmark = pytest.mark.django_db
Status = Notification.Status


@pytest.fixture
def relay(settings):
    relay = Relay().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", relay.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    yield relay
    relay.stop()


def _people(n: int, prefix: str = "person") -> list[str]:
    return [f"{prefix}{i}@example.org" for i in range(n)]


def test_one_connection_carries_the_whole_batch(relay, assembly):
    notify(kind="x.y", subject=None, recipients=_people(20), channels=["email"])

    outcomes = deliver_due()

    assert list(outcomes.values()) == [Status.SENT] * 20
    assert sorted(relay.notification_ids()) == sorted(outcomes)
    assert len(relay.peers) == 1


def test_a_recipient_refused_for_good_fails_and_one_refused_for_now_is_retried(relay, assembly):
    relay.refuse["gone@example.org"] = "550 5.1.1 No such user"
    relay.refuse["full@example.org"] = "452 4.2.2 Mailbox full"
    notify(
        kind="x.y",
        subject=None,
        recipients=["gone@example.org", "full@example.org", "fine@example.org"],
        channels=["email"],
    )
    before = timezone.now()

    deliver_due()

    rows = {row.recipient_email: row for row in Notification.objects.all()}
    assert rows["fine@example.org"].status == Status.SENT
    gone, full = rows["gone@example.org"], rows["full@example.org"]
    assert (gone.status, gone.last_error[:30]) == (Status.FAILED, "SMTPRecipientsRefused: {'gone@")
    assert (full.status, full.attempts) == (Status.PENDING, 1)
    assert (
        before + dt.timedelta(seconds=2)
        <= full.retry_at
        <= timezone.now() + dt.timedelta(seconds=2)
    )
    assert relay_status().down_since is None  # the relay itself is fine

    relay.refuse.clear()
    assert deliver_due(now=full.retry_at) == {full.pk: Status.SENT}


def test_relay_down_keeps_rows_waiting_and_they_go_when_it_answers(relay, assembly):
    relay.stop()
    notify(kind="x.y", subject=None, recipients=_people(3), channels=["email", "portal"])
    now = timezone.now()

    first = deliver_due(now=now)

    assert Notification.objects.filter(channel="email", status=Status.PENDING).count() == 3
    assert Notification.objects.filter(channel="portal").count() == 0  # addresses: no inbox
    assert first == {}
    status = relay_status()
    assert status.down_since == now
    assert "Connection refused" in status.last_error
    health = outbox_health(now=now + dt.timedelta(seconds=30))
    assert (health["due"], health["failed"], health["relay_down_seconds"]) == (3, 0, 30.0)

    relay.start()
    too_soon = deliver_due(now=now + dt.timedelta(milliseconds=500))  # before the next probe
    probe = deliver_due(now=status.next_probe_at)

    assert too_soon == {}
    assert list(probe.values()) == [Status.SENT] * 3
    assert relay_status().down_since is None
    assert len(relay.messages) == 3


def test_a_hung_relay_holds_a_delivery_for_the_timeout_only_and_loses_nothing(relay, assembly):
    relay.hang()
    notify(kind="x.y", subject=None, recipients=_people(5), channels=["email"])

    started = time.monotonic()
    outcomes = deliver_due()
    waited = time.monotonic() - started

    assert outcomes == {}
    assert waited < 3 * conf.email_timeout()
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.PENDING}
    status = relay_status()
    assert "timed out" in status.last_error

    relay.start()
    later = deliver_due(now=status.next_probe_at)
    assert list(later.values()) == [Status.SENT] * 5


def test_a_relay_lost_in_the_middle_of_a_batch_flags_only_the_message_cut_off(relay, assembly):
    notify(kind="x.y", subject=None, recipients=_people(4), channels=["email"])
    relay.fail_after = 2  # the third message's DATA: the connection drops without a reply

    deliver_due()

    rows = list(Notification.objects.order_by("pk"))
    assert [r.status for r in rows] == [Status.SENT, Status.SENT, Status.PENDING, Status.PENDING]
    assert [r.possibly_duplicate for r in rows] == [False, False, True, False]
    assert [r.attempts for r in rows] == [1, 1, 1, 0]
    assert relay_status().down_since is not None


def test_a_thirty_minute_outage_loses_nothing(relay, assembly, settings):
    """Time compressed: a tick every 10 s of a 30-minute outage (the longest back-off between
    attempts), each a delivery's attempt on the stopped relay; then the relay answers again and
    the next ticks send what waited. Meeting reminders here may be 20 minutes late: those due in
    the outage's first ten minutes are missed (too late), every other row is sent, none fails."""
    settings.NOTIFICATIONS_GRACE_MINUTES = {conf.MEETING_REMINDER: 20}
    start = timezone.now().replace(microsecond=0)
    relay.stop()
    for minute in range(1, 30, 2):
        remind_at(
            kind=conf.MEETING_REMINDER,
            subject=None,
            recipients=[f"m{minute}@example.org"],
            due_at=start + dt.timedelta(minutes=minute),
        )
        remind_at(
            kind="delegations.accreditation_approved",
            subject=None,
            recipients=[f"d{minute}@example.org"],
            due_at=start + dt.timedelta(minutes=minute),
        )
    from apps.notifications.delivery import claims

    now = start
    while now < start + dt.timedelta(minutes=30):
        claims.expire_overdue(now=now)
        deliver_due(now=now)
        now += dt.timedelta(seconds=10)
    assert Notification.objects.filter(status=Status.SENT).count() == 0
    relay.start()
    back = now
    while Notification.objects.filter(status=Status.PENDING).exists():
        claims.expire_overdue(now=now)
        deliver_due(now=now)
        now += dt.timedelta(seconds=1)

    resumed_after = now - back
    rows = list(Notification.objects.all())
    grace = conf.grace(conf.MEETING_REMINDER)
    expected = {
        row.pk: Status.MISSED
        if row.kind == conf.MEETING_REMINDER and row.due_at < back - grace
        else Status.SENT
        for row in rows
    }
    assert {row.pk: row.status for row in rows} == expected
    assert list(expected.values()).count(Status.MISSED) == 5
    assert sorted(relay.notification_ids()) == sorted(
        pk for pk, status in expected.items() if status == Status.SENT
    )
    assert resumed_after <= dt.timedelta(seconds=conf.relay_retry_delay(99).total_seconds() + 1)
    assert Notification.objects.filter(status=Status.FAILED).count() == 0
