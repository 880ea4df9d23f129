"""/metrics: Prometheus text for operators only; latency by view, the outbox, the scheduler
runs, heartbeats and the Celery queue length, read when scraped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from apps.core.models import Heartbeat
from apps.meetings.models import ScheduleRun
from apps.notifications.models import Notification
from tests.factories import AssemblyFactory, UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-tests-0123456789"


def samples(response) -> dict[tuple[str, tuple], float]:
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(client, token: str = TOKEN):
    return client.get("/metrics", headers={"Authorization": f"Bearer {token}"})


def test_metrics_are_a_404_to_anyone_anonymous_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_refuse_a_wrong_token(client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert client.get("/metrics").status_code == 404
    assert scrape(client, token="not-the-token").status_code == 404


def test_metrics_refuse_a_staff_user_without_the_permission(client, settings):
    settings.METRICS_TOKEN = ""
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/metrics").status_code == 404


def test_metrics_open_to_an_organiser_with_the_named_permission(client, organiser, settings):
    settings.METRICS_TOKEN = ""
    client.force_login(organiser)

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_metrics_report_the_outbox_and_scheduler_runs_from_the_database(client, settings):
    settings.METRICS_TOKEN = TOKEN
    now = timezone.now()
    NotificationFactory.create_batch(
        3,
        status=Notification.Status.PENDING,
        channel=Notification.Channel.EMAIL,
        due_at=now - dt.timedelta(seconds=90),
    )
    NotificationFactory(status=Notification.Status.FAILED)
    NotificationFactory(status=Notification.Status.SENT, sent_at=now - dt.timedelta(seconds=5))
    assembly = AssemblyFactory()
    ScheduleRun.objects.create(
        assembly=assembly,
        status=ScheduleRun.Status.SUCCEEDED,
        started_at=now - dt.timedelta(seconds=40),
        finished_at=now - dt.timedelta(seconds=10),
    )
    Heartbeat.objects.create(component="worker", seen_at=now - dt.timedelta(seconds=12))

    found = samples(scrape(client))

    assert found[("ga_outbox_pending", ())] == 3
    assert found[("ga_outbox_due", ())] == 3
    assert found[("ga_outbox_failed", ())] == 1
    assert found[("ga_outbox_in_flight", ())] == 0
    assert found[("ga_outbox_sent_last_minute", ())] == 1
    assert 89 <= found[("ga_outbox_oldest_due_seconds", ())] < 120
    assert found[("ga_scheduler_succeeded_last_hour", ())] == 1
    assert found[("ga_scheduler_last_duration_seconds", ())] == 30
    assert 12 <= found[("ga_heartbeat_age_seconds", (("component", "worker"),))] < 30
    assert found[("ga_heartbeat_ok", (("component", "worker"),))] == 1
    assert found[("ga_heartbeat_ok", (("component", "beat"),))] == 0


def test_metrics_time_requests_by_view(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get("/healthz")
    before = samples(scrape(client))
    key = (
        "ga_http_request_duration_seconds_count",
        (("method", "GET"), ("status", "2xx"), ("view", "healthz")),
    )

    client.get("/healthz")
    client.get("/healthz")
    after = samples(scrape(client))

    assert after[key] - before[key] == 2


def test_metrics_count_unmatched_paths_under_one_label(client, settings):
    settings.METRICS_TOKEN = TOKEN

    client.get("/no-such-page/at-all/")
    client.get("/another/random/path/")
    found = samples(scrape(client))

    unmatched = [
        labels
        for name, labels in found
        if name.endswith("_count") and ("view", "<unmatched>") in labels
    ]
    assert unmatched
    assert not any("no-such-page" in str(labels) for _, labels in found)


@pytest.mark.redis
def test_metrics_report_the_celery_queue_length(client, settings):
    from apps.core.tasks import record_heartbeat_task

    settings.METRICS_TOKEN = TOKEN
    before = samples(scrape(client))[("ga_celery_queue_length", (("queue", "celery"),))]

    # Expired at once: a worker that picks it up later drops it.
    record_heartbeat_task.apply_async(kwargs={"component": "queued-for-metrics"}, expires=1)
    after = samples(scrape(client))[("ga_celery_queue_length", (("queue", "celery"),))]

    assert after == before + 1


def test_metrics_still_answer_when_a_section_cannot_be_read(client, settings, monkeypatch):
    from apps.core import health

    def unreadable():
        raise RuntimeError("database away")

    monkeypatch.setattr(
        health,
        "_sections",
        {**health.sections(), "broken": health.Section(figures=unreadable, problems=list)},
    )
    settings.METRICS_TOKEN = TOKEN

    response = scrape(client)

    found = samples(response)
    assert response.status_code == 200
    assert found[("ga_scrape_ok", (("part", "broken"),))] == 0
    assert found[("ga_scrape_ok", (("part", "outbox"),))] == 1
    assert ("ga_outbox_pending", ()) in found
