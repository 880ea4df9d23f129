"""Two deliveries on PostgreSQL, each on its own connection: no row is claimed twice."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection, transaction
from django.utils import timezone

from apps.notifications.delivery.claims import claim_batch
from apps.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def due_rows():
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


def test_two_deliveries_never_claim_the_same_row(due_rows):
    start = threading.Barrier(2)
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []

    def delivery(name: str) -> None:
        token = uuid.uuid4()
        try:
            start.wait()
            while batch := claim_batch(token=token, now=timezone.now(), limit=25):
                claimed[name].extend(row.pk for row in batch)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=delivery, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert set(claimed["a"]).isdisjoint(claimed["b"])
    assert set(claimed["a"]) | set(claimed["b"]) == due_rows
    assert len(claimed["a"]) + len(claimed["b"]) == len(due_rows)


def test_a_delivery_skips_rows_locked_by_another(due_rows):
    locked_ids = sorted(due_rows)[:100]
    holding = threading.Event()
    release = threading.Event()

    def other_delivery() -> None:
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

    thread = threading.Thread(target=other_delivery)
    thread.start()
    holding.wait(timeout=10)
    try:  # would block without SKIP LOCKED
        claimed = claim_batch(token=uuid.uuid4(), now=timezone.now(), limit=10_000)
    finally:
        release.set()
        thread.join(timeout=30)

    assert {row.pk for row in claimed} == due_rows - set(locked_ids)
