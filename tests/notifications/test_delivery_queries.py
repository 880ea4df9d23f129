"""Delivering a batch costs a fixed number of queries, however many e-mails it holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.notifications import conf
from apps.notifications.delivery import deliver_due
from apps.notifications.models import Notification
from apps.notifications.services import remind_at
from tests.factories import UserFactory
from tests.meetings.factories import RoomFactory
from tests.notifications.factories import MEETING_START, SessionFactory

pytestmark = pytest.mark.django_db
DUE = MEETING_START - dt.timedelta(hours=1)


def _reminders(assembly, count: int, *, offset: int) -> None:
    """`count` session reminders, each about its own session (in its own room) and recipient."""
    for index in range(count):
        session = SessionFactory(
            assembly=assembly,
            room=RoomFactory(
                venue__assembly=assembly,
                code=f"R{offset + index}",
                name=f"Hall {offset + index} east",
            ),
        )
        remind_at(
            kind=conf.SESSION_REMINDER,
            subject=session,
            recipients=[UserFactory(email=f"p{offset + index}@example.org")],
            due_at=DUE,
            context={"starts_at": MEETING_START.isoformat(), "minutes_before": 60},
        )


def _queries_to_deliver(count: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        outcomes = deliver_due(now=DUE + dt.timedelta(seconds=2))
    assert list(outcomes.values()) == [Notification.Status.SENT] * count
    return len(queries)


def test_delivering_a_batch_makes_as_many_queries_for_50_emails_as_for_5(assembly, settings):
    settings.NOTIFICATIONS_BATCH = 100
    settings.NOTIFICATIONS_SENDING_CHUNK = 100
    _reminders(assembly, 1, offset=1000)
    _queries_to_deliver(1)  # first use: content types and the relay's state are cached
    _reminders(assembly, 5, offset=0)
    few = _queries_to_deliver(5)
    _reminders(assembly, 50, offset=100)

    many = _queries_to_deliver(50)

    assert many == few
    assert len(mail.outbox) == 56
    # Each message still names its own session's room, and carries the session's calendar.
    for message in mail.outbox:
        number = message.to[0].removeprefix("p").split("@")[0]
        assert f"Hall {number} east" in message.body
        assert [a[0] for a in message.attachments] == ["invitation.ics"]
