"""/healthz is liveness (no database); /healthz/ready is readiness: a 503 naming what fails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from apps.core.models import Heartbeat
from apps.meetings.models import ScheduleRun
from apps.notifications.models import Notification
from tests.factories import AssemblyFactory
from tests.notifications.factories import NotificationFactory
from tests.processes import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def alive():
    """Worker and beat both seen a moment ago."""
    for component in ("worker", "beat"):
        Heartbeat.objects.update_or_create(
            component=component, defaults={"seen_at": timezone.now()}
        )


def ready(client):
    response = client.get("/healthz/ready")
    return response.status_code, response.json()


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_everything_answers(client, alive):
    status, body = ready(client)

    assert status == 200, body
    assert body["failing"] == []
    assert body["checks"] == {
        "database": "ok",
        "broker": "ok",
        "worker": "ok",
        "beat": "ok",
        "outbox": "ok",
        "scheduler": "ok",
    }
    assert set(body["heartbeats"]) == {"worker", "beat"}
    assert body["outbox"]["due"] == 0


def test_dead_worker_is_a_503_naming_it(client, alive):
    Heartbeat.objects.filter(component="worker").update(
        seen_at=timezone.now() - dt.timedelta(minutes=5)
    )

    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"].startswith("error: last seen 300 s ago")


def test_worker_never_seen_is_a_503(client, alive):
    Heartbeat.objects.filter(component="worker").delete()

    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"] == "error: never seen"


def test_dead_beat_is_a_503_naming_it(client, alive):
    Heartbeat.objects.filter(component="beat").update(
        seen_at=timezone.now() - dt.timedelta(minutes=3)
    )

    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["beat"]


def test_broker_down_is_a_503_naming_it(client, alive, settings):
    scheme = "redis" if settings.CELERY_BROKER_URL.startswith("redis") else "amqp"
    settings.CELERY_BROKER_URL = f"{scheme}://127.0.0.1:{free_port()}/0"

    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"].startswith("error: ")


def test_database_down_is_a_503_naming_it(client, alive, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["database"]
    assert body["checks"] == {"database": "error: OperationalError", "broker": "ok"}


def test_outbox_backlog_late_past_the_limit_is_a_503(client, alive, settings):
    settings.GA_HEALTH_OUTBOX_MAX_LATENESS = 120
    NotificationFactory.create_batch(
        2,
        status=Notification.Status.PENDING,
        channel=Notification.Channel.EMAIL,
        due_at=timezone.now() - dt.timedelta(minutes=10),
    )

    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["outbox"]
    assert body["outbox"]["due"] == 2
    assert body["checks"]["outbox"].startswith("error: oldest due row waits 6")


def test_outbox_failures_past_the_limit_are_a_503(client, alive, settings):
    settings.GA_HEALTH_OUTBOX_MAX_FAILED = 2
    NotificationFactory.create_batch(3, status=Notification.Status.FAILED)

    status, body = ready(client)

    assert status == 503
    assert body["checks"]["outbox"] == "error: 3 rows failed"


def test_scheduler_run_silent_too_long_is_a_503(client, alive):
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    ScheduleRun.objects.create(
        assembly=AssemblyFactory(),
        status=ScheduleRun.Status.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )

    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["scheduler"]
    assert body["scheduler"]["running"] == 1


@pytest.fixture
def broken_section(monkeypatch):
    """A registered section whose figures cannot be read (its table is away, say)."""
    from apps.core import health

    def unreadable():
        raise OperationalError("relation does not exist")

    monkeypatch.setattr(
        health,
        "_sections",
        {**health.sections(), "broken": health.Section(figures=unreadable, problems=list)},
    )


def test_a_section_that_cannot_be_read_is_a_503_naming_it_never_a_500(
    client, alive, broken_section
):
    status, body = ready(client)

    assert status == 503
    assert body["failing"] == ["broken"]
    assert body["checks"]["broken"] == "error: OperationalError"
    assert body["checks"]["outbox"] == "ok"
