"""Two dispatchers on PostgreSQL, each on its own connection: no row is claimed twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from apps.notifications.models import Notification
from apps.notifications.services import dispatch_due_notifications
from apps.notifications.tasks import deliver_notification_task
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def due_rows(settings):
    settings.NOTIFICATIONS_MAX_IN_FLIGHT = 10_000  # nothing is delivered here; claim them all
    user = UserFactory()
    due = timezone.now().replace(microsecond=0) - dt.timedelta(seconds=5)
    Notification.objects.bulk_create(
        Notification(
            kind="test.concurrency",
            recipient=user,
            recipient_key=f"user:{user.pk}",
            channel="portal",
            due_at=due - dt.timedelta(seconds=i),
        )
        for i in range(600)
    )
    return set(Notification.objects.values_list("pk", flat=True))


@pytest.fixture
def queued(monkeypatch):
    lock = threading.Lock()
    ids: list[int] = []

    def record(pk):
        with lock:
            ids.append(pk)

    monkeypatch.setattr(deliver_notification_task, "delay", record)
    return ids


def test_two_dispatchers_never_claim_the_same_row(due_rows, queued):
    start = threading.Barrier(2)
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []

    def dispatcher(name: str) -> None:
        try:
            start.wait()
            while batch := dispatch_due_notifications(limit=25):
                claimed[name].extend(batch)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert set(claimed["a"]).isdisjoint(claimed["b"])
    assert set(claimed["a"]) | set(claimed["b"]) == due_rows
    assert len(claimed["a"]) + len(claimed["b"]) == len(due_rows)
    assert sorted(queued) == sorted(due_rows)


def test_a_dispatcher_skips_rows_locked_by_another(due_rows, queued):
    locked_ids = sorted(due_rows)[:100]
    holding = threading.Event()
    release = threading.Event()

    def other_dispatcher() -> None:
        try:
            with transaction.atomic():
                list(
                    Notification.objects.select_for_update()
                    .filter(pk__in=locked_ids)
                    .values_list("pk", flat=True)
                )
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_dispatcher)
    thread.start()
    holding.wait(timeout=10)
    try:
        claimed = dispatch_due_notifications(limit=10_000)  # would block without SKIP LOCKED
    finally:
        release.set()
        thread.join(timeout=30)

    assert set(claimed) == due_rows - set(locked_ids)
