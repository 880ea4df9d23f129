"""Real worker and beat against Redis and PostgreSQL; the worker is SIGKILLed mid-run.

Promise checked: every reminder is sent, none twice in the database, and the mailbox holds a
duplicate only for a send in flight at the kill (at most one per worker process).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.notifications.models import Notification
from apps.notifications.services import remind_at

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

REMINDERS = 300
CONCURRENCY = 2
ROOT = Path(__file__).resolve().parents[2]
MESSAGE_ID = re.compile(r"^Message-ID: <notification\.(\d+)@", re.MULTILINE)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _mailbox(folder: Path) -> Counter:
    sent: Counter = Counter()
    for path in folder.glob("*.log"):
        sent.update(int(pk) for pk in MESSAGE_ID.findall(path.read_text(errors="replace")))
    return sent


def _start(kind: str, env: dict, log: Path) -> subprocess.Popen:
    args = [sys.executable, "-m", "celery", "-A", "config", kind, "--loglevel", "WARNING"]
    if kind == "worker":
        args += [
            "--concurrency", str(CONCURRENCY), "--pool", "prefork", "--hostname", "chaos@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a process group: the kill takes the pool's children too
    )


def _stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for(condition, timeout: float, step: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()  # this engineer's own Redis database: stale tasks of earlier runs
    yield settings.CELERY_BROKER_URL
    client.flushdb()
    client.close()


def test_worker_killed_mid_run_loses_nothing_and_duplicates_only_in_flight(tmp_path, broker):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.create(
        name="notifications.dispatch_due", task="notifications.dispatch_due", interval=every_second
    )
    start = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=8)
    for i in range(REMINDERS):
        remind_at(
            kind="notifications.chaos",
            subject=None,
            recipients=[f"person{i}@example.org"],
            due_at=start + dt.timedelta(seconds=i % 6),
            context={"message": f"Reminder {i}"},
        )
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "NOTIFICATIONS_LEASE_SECONDS": "5",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "chaos-test",
    }
    log = tmp_path / "celery.log"
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    beat = _start("beat", env, log)
    worker = _start("worker", env, log)
    restarted = None
    try:
        claimed = Notification.objects.filter(status=Notification.Status.CLAIMED)
        busy = _wait_for(
            lambda: sent.count() >= REMINDERS // 4 and claimed.exists(), timeout=45, step=0.02
        )
        assert busy, log.read_text()[-5000:]
        _stop(worker, signal.SIGKILL)
        # No worker runs now: the claimed rows are exactly those queued or sending at the kill.
        in_flight = claimed.count()
        sent_at_kill = sent.count()
        restarted = _start("worker", env, log)
        everything_sent = _wait_for(lambda: sent.count() == REMINDERS, timeout=60)
    finally:
        for process in (beat, worker, restarted):
            if process is not None:
                _stop(process)

    rows = Notification.objects.filter(kind="notifications.chaos")
    mailbox = _mailbox(mail_dir)
    duplicates = sum(count - 1 for count in mailbox.values())
    print(  # noqa: T201 - the figures of the run, shown with -s
        f"\nchaos: {REMINDERS} reminders, sent at kill {sent_at_kill}, claimed at kill "
        f"{in_flight}, mailbox {sum(mailbox.values())} messages, {duplicates} duplicates"
    )
    assert everything_sent, log.read_text()[-5000:]
    assert rows.count() == REMINDERS
    assert set(rows.values_list("status", flat=True)) == {Notification.Status.SENT}
    assert set(mailbox) == set(rows.values_list("pk", flat=True))
    assert duplicates <= min(in_flight, CONCURRENCY)
