"""The production topology as deploy/ writes it: gunicorn with 2 workers (deploy/bin/web and
deploy/gunicorn.conf.py), 2 Celery workers (deploy/bin/worker), 1 beat (deploy/bin/beat), on
PostgreSQL and Redis, with a local SMTP relay. It answers a request (readiness), carries a
scheduler run and a reminder through, and stops cleanly on SIGTERM."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.delegations.models import Delegation
from apps.meetings import services as meetings
from apps.meetings.models import Meeting, ScheduleRun
from apps.notifications.models import Notification
from apps.notifications.services import remind_at
from tests.agenda.factories import VenueFactory
from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory
from tests.meetings.factories import RoomFactory
from tests.notifications.relay import Relay
from tests.processes import BASE_DIR, free_port, process_env, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
STOP_WITHIN = 20  # seconds from SIGTERM until every process has exited (beat's TimeoutStopSec)
METRICS_TOKEN = "topology-metrics-token-0123456789"


@pytest.fixture
def broker():
    """A fresh Redis database for the broker."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield settings.CELERY_BROKER_URL
    client.flushdb()
    client.close()


@pytest.fixture
def relay():
    relay = Relay().start()
    yield relay
    relay.stop()


def start(name: str, script: str, log_dir: Path, **env: str) -> subprocess.Popen:
    """deploy/bin/<script> as written, with this test's Python, database and broker."""
    log = (log_dir / f"{name}.log").open("ab")
    return subprocess.Popen(
        [str(BASE_DIR / "deploy" / "bin" / script)],
        cwd=BASE_DIR,
        env={**process_env(), "PYTHON": sys.executable, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def fetch(url: str, token: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url)  # noqa: S310 - loopback only
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def delegation(assembly, iso2: str, kind=Delegation.Kind.MEMBER) -> Delegation:
    country = MemberCountryFactory(iso2=iso2, name_en=f"Country {iso2}")
    found = DelegationFactory(assembly=assembly, country=country, kind=kind)
    found.focal_point = UserFactory(email=f"focal-{iso2.lower()}@example.org")
    found.focal_points.add(found.focal_point)
    return found


def reminder_mails(relay: Relay) -> list:
    return [m for m in list(relay.messages) if m["To"] == "head.of.delegation@example.org"]


def logs(log_dir: Path) -> str:
    return "\n".join(
        f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
        for path in sorted(log_dir.glob("*.log"))
    )


def test_production_topology_serves_schedules_reminds_and_stops_cleanly(
    tmp_path, broker, relay, assembly
):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    common = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_HTTPS": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "topology-test-" + "k" * 40,
        "GA_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": f"smtp://127.0.0.1:{relay.port}",
        "METRICS_TOKEN": METRICS_TOKEN,
        "LOG_FORMAT": "json",
    }
    processes = {
        "web": start(
            "web",
            "web",
            tmp_path,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY="2",
            PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"),
            **common,
        ),
        "worker1": start(
            "worker1", "worker", tmp_path, CELERY_WORKER_NAME="w1", CELERY_CONCURRENCY="1", **common
        ),
        "worker2": start(
            "worker2", "worker", tmp_path, CELERY_WORKER_NAME="w2", CELERY_CONCURRENCY="1", **common
        ),
        "beat": start("beat", "beat", tmp_path, **common),
    }
    started = time.monotonic()
    try:
        # A scheduler run: an accepted request asks for one; a worker solves it.
        morocco = delegation(assembly, "MA", Delegation.Kind.HOST)
        france = delegation(assembly, "FR")
        venue = VenueFactory(assembly=assembly)
        RoomFactory(venue=venue, code="B01", name="Atlas", capacity=6)
        request = meetings.request_meeting(
            requester=morocco, invitee=france, topic="Cooperation", by=morocco.focal_point
        )
        meetings.accept_meeting_request(request=request, by=france.focal_point)
        # A reminder due in two seconds: beat dispatches it, a worker sends it to the relay.
        remind_at(
            kind="x.y",
            subject=None,
            recipients=["head.of.delegation@example.org"],
            due_at=timezone.now() + dt.timedelta(seconds=2),
        )

        succeeded = ScheduleRun.objects.filter(status=ScheduleRun.Status.SUCCEEDED)
        scheduled = wait_for(succeeded.exists, timeout=90, interval=0.5)
        delivered = wait_for(lambda: reminder_mails(relay), timeout=60, interval=0.5)
        ready = wait_for(lambda: fetch(f"{base}/healthz/ready")[0] == 200, timeout=90, interval=1)
        readiness = fetch(f"{base}/healthz/ready")
        metrics = fetch(f"{base}/metrics", token=METRICS_TOKEN)
        web_workers = children(processes["web"].pid)
        running_for = time.monotonic() - started
    finally:
        stop_started = time.monotonic()
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # the main process, as systemd does
        exit_codes = {}
        for name, process in processes.items():
            try:
                exit_codes[name] = process.wait(
                    timeout=max(0.1, STOP_WITHIN - (time.monotonic() - stop_started))
                )
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                exit_codes[name] = "killed"
        stopped_in = time.monotonic() - stop_started

    output = logs(tmp_path)
    print(  # noqa: T201 - the figures, shown with -s
        f"\ntopology: ready and done in {running_for:.1f} s, stopped in {stopped_in:.1f} s"
    )
    assert len(web_workers) == 2, output
    assert scheduled, output
    assert Meeting.objects.filter(request=request).count() == 1
    assert delivered, output
    reminder = Notification.objects.get(recipient_key__contains="head.of.delegation")
    assert reminder.status == Notification.Status.SENT
    assert len(reminder_mails(relay)) == 1
    assert ready, (readiness, output)
    body = json.loads(readiness[1])
    assert body["checks"] == {
        "database": "ok",
        "broker": "ok",
        "worker": "ok",
        "beat": "ok",
        "outbox": "ok",
        "scheduler": "ok",
    }
    assert metrics[0] == 200
    assert (
        'ga_http_request_duration_seconds_count{method="GET",status="2xx",view="healthz-ready"}'
        in (metrics[1])
    )
    sent = [line for line in metrics[1].splitlines() if line.startswith("ga_outbox_sent_last_")]
    assert sent
    assert float(sent[0].split()[-1]) >= 1
    assert exit_codes == {"web": 0, "worker1": 0, "worker2": 0, "beat": 0}, output
    assert stopped_in < STOP_WITHIN
