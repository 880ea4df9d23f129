"""Request ids: in the response, in the request's log records, in the tasks it sends and in
their log lines; JSON log lines in production; Sentry only with a DSN."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
import uuid

import pytest
from celery import signals

from apps.core.logging import JsonFormatter, current_request_id, reset_request_id, set_request_id
from apps.core.tasks import record_heartbeat_task
from tests.processes import BASE_DIR, process_env, start_celery, stop, wait_for

pytestmark = pytest.mark.django_db


def test_response_carries_the_sane_request_id_it_was_given(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-1234.abcd"})

    assert response.headers["X-Request-ID"] == "proxy-1234.abcd"


@pytest.mark.parametrize("given", [None, "", "a b", "x" * 129, "<script>", "naïve-id"])
def test_a_missing_or_insane_request_id_is_replaced_by_a_new_one(client, given):
    headers = {"X-Request-ID": given} if given is not None else {}

    response = client.get("/healthz", headers=headers)

    new = response.headers["X-Request-ID"]
    assert new != given
    assert uuid.UUID(new).hex == new


def test_log_records_of_a_request_carry_its_id(client, caplog, settings):
    settings.GA_HEALTH_HEARTBEAT_MAX_AGE = 0  # readiness fails and Django logs the 503
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/healthz/ready", headers={"X-Request-ID": "req-42"})

    assert response.status_code == 503
    assert [record.request_id for record in caplog.records] == ["req-42"]
    assert current_request_id() == ""  # reset once the request is answered


def test_a_task_sent_during_a_request_carries_its_id_in_the_headers():
    headers: dict[str, str] = {}
    token = set_request_id("req-77")
    try:
        signals.before_task_publish.send(sender="core.record_heartbeat", headers=headers, body=())
    finally:
        reset_request_id(token)

    assert headers["request_id"] == "req-77"


def test_json_formatter_writes_one_object_per_line_with_the_request_id():
    record = logging.LogRecord("apps.test", logging.WARNING, __file__, 1, "hi %s", ("you",), None)
    record.request_id = "req-9"

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hi you"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "apps.test"
    assert entry["request_id"] == "req-9"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_log_lines_of_a_task_carry_the_request_id_that_sent_it():
    worker = start_celery("worker", "--concurrency", "1", "-n", "log-worker@%h", LOG_FORMAT="json")
    request_id = f"req-{uuid.uuid4().hex[:12]}"
    token = set_request_id(request_id)
    try:
        record_heartbeat_task.delay(component="log-test")
    finally:
        reset_request_id(token)
    try:
        from apps.core.models import Heartbeat

        done = wait_for(lambda: Heartbeat.objects.filter(component="log-test").exists(), 60)
        time.sleep(2)  # the "succeeded" line follows the row's commit
    finally:
        output = stop(worker)

    assert done, output
    entries = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    tagged = [entry for entry in entries if entry.get("request_id") == request_id]
    assert tagged, output
    assert tagged[0]["task"] == "core.record_heartbeat"
    assert "succeeded" in tagged[0]["message"]


def test_sentry_starts_only_with_a_dsn_and_without_personal_data():
    probe = (
        "import json, django; django.setup(); import sentry_sdk; c = sentry_sdk.get_client();"
        "print(json.dumps({'active': c.is_active(), 'pii': c.options.get('send_default_pii'),"
        "'integrations': sorted(c.integrations) if c.is_active() else []}))"
    )

    def run(**extra: str) -> dict:
        env = process_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
        env.pop("SENTRY_DSN", None)
        env.update(extra)
        result = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    without = run()
    with_dsn = run(SENTRY_DSN="http://public@127.0.0.1:9/1")

    assert without["active"] is False
    assert with_dsn["active"] is True
    assert with_dsn["pii"] is False
    assert {"django", "celery"} <= set(with_dsn["integrations"])
