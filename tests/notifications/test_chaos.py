"""Real beat and workers against PostgreSQL, Redis and an SMTP relay on loopback, under faults:
a worker SIGKILLed mid-run, the relay stopped and hung, the broker restarted empty.

Promise checked: every reminder is sent (or, past its grace, missed: never failed for a fault),
none twice in the database, a mailbox duplicate only for a row in `sending` at the kill and each
one flagged "possibly sent twice", and sending resumes within seconds of the fault's end.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone

from apps.notifications.models import Notification
from apps.notifications.services import remind_at
from tests.notifications import processes
from tests.notifications.relay import Relay

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
Status = Notification.Status


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()  # this engineer's own Redis database: stale tasks of earlier runs
    yield settings.CELERY_BROKER_URL
    client.flushdb()
    client.close()


@pytest.fixture
def relay():
    relay = Relay().start()
    yield relay
    relay.stop()


def _environment(broker_url: str, relay: Relay) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": processes.database_url(),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{relay.port}",
        "EMAIL_TIMEOUT": "2",
        "NOTIFICATIONS_LEASE_SECONDS": "5",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "chaos-test",
    }


def _reminders(count: int, *, first_due: dt.datetime, spread: int) -> None:
    for i in range(count):
        remind_at(
            kind="notifications.chaos",
            subject=None,
            recipients=[f"person{i}@example.org"],
            due_at=first_due + dt.timedelta(seconds=i % spread),
            context={"message": f"Reminder {i}"},
        )


def _log(path) -> str:
    return path.read_text(errors="replace")[-5000:] if path.exists() else ""


def test_worker_killed_mid_run_loses_nothing_and_flags_every_duplicate(tmp_path, broker, relay):
    count = 300
    _reminders(
        count, first_due=timezone.now().replace(microsecond=0) + dt.timedelta(seconds=6), spread=6
    )
    env, log = _environment(broker, relay), tmp_path / "celery.log"
    sent = Notification.objects.filter(status=Status.SENT)
    sending = Notification.objects.filter(status=Status.SENDING)
    beat = processes.celery("beat", env, log)
    worker = processes.celery("worker", env, log, concurrency=2)
    restarted = None
    try:
        busy = processes.wait_for(
            lambda: sent.count() >= count // 4 and sending.exists(), timeout=60, step=0.01
        )
        assert busy, _log(log)
        processes.stop(worker, signal.SIGKILL)
        # No worker runs now: the rows in `sending` are exactly those handed over at the kill.
        in_flight = set(sending.values_list("pk", flat=True))
        restarted = processes.celery("worker", env, log, concurrency=2)
        everything_sent = processes.wait_for(lambda: sent.count() == count, timeout=90)
    finally:
        for process in (beat, worker, restarted):
            processes.stop(process)

    mailbox = Counter(relay.notification_ids())
    duplicated = {pk for pk, n in mailbox.items() if n > 1}
    flagged = set(Notification.objects.filter(possibly_duplicate=True).values_list("pk", flat=True))
    print(  # noqa: T201 - the figures of the run, shown with -s
        f"\nkill: {count} reminders, {len(in_flight)} in sending at the kill, "
        f"{sum(mailbox.values())} messages, duplicated {sorted(duplicated)}, "
        f"flagged {sorted(flagged)}"
    )
    assert everything_sent, _log(log)
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert set(mailbox) == set(Notification.objects.values_list("pk", flat=True))
    assert duplicated <= in_flight
    assert duplicated <= flagged <= in_flight


@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_relay_outage_loses_nothing_and_sending_resumes_within_seconds(
    tmp_path, broker, relay, fault
):
    count = 120
    start = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=4)
    _reminders(count, first_due=start, spread=20)  # due during the outage
    env, log = _environment(broker, relay), tmp_path / "celery.log"
    relay.stop() if fault == "stopped" else relay.hang()
    beat = processes.celery("beat", env, log)
    worker = processes.celery("worker", env, log, concurrency=2)
    rows = Notification.objects.filter(kind="notifications.chaos")
    try:
        time.sleep((start - timezone.now()).total_seconds() + 25)  # a 25-second outage
        during = Counter(rows.values_list("status", flat=True))
        back = timezone.now()
        relay.start()
        everything_sent = processes.wait_for(
            lambda: rows.filter(status=Status.SENT).count() == count, timeout=60
        )
    finally:
        processes.stop(beat)
        processes.stop(worker)

    first_sent = rows.order_by("sent_at").values_list("sent_at", flat=True).first()
    resumed = (first_sent - back).total_seconds()
    print(  # noqa: T201 - the figures of the run, shown with -s
        f"\nrelay {fault}: statuses during the outage {dict(during)}, resumed after {resumed:.1f} s"
    )
    assert everything_sent, _log(log)
    assert during[Status.SENT] == during[Status.FAILED] == 0
    assert 0 <= resumed <= 15
    assert sorted(relay.notification_ids()) == sorted(rows.values_list("pk", flat=True))


def test_broker_restarted_empty_delays_reminders_by_seconds_only(tmp_path, relay):
    """Our own redis-server is SIGKILLed and started again empty. Workers run without remote
    control (settings), which is what lets them reconnect instead of dying: the worker started
    at the beginning is the one that resumes."""
    port = processes.free_port()
    redis_log = tmp_path / "redis.log"
    redis = processes.redis_server(port, redis_log)
    env, log = _environment(f"redis://127.0.0.1:{port}/0", relay), tmp_path / "celery.log"
    count = 200
    start = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=5)
    _reminders(count, first_due=start, spread=40)
    rows = Notification.objects.filter(kind="notifications.chaos")
    beat = processes.celery("beat", env, log)
    worker = processes.celery("worker", env, log, concurrency=2)
    try:
        assert processes.wait_for(lambda: rows.filter(status=Status.SENT).count() >= 40, 40), _log(
            log
        )
        processes.stop(redis, signal.SIGKILL)
        lost_at = timezone.now()
        time.sleep(3)
        redis = processes.redis_server(port, redis_log)  # empty: every queued task is gone
        restarted_at = timezone.now()
        everything_sent = processes.wait_for(
            lambda: rows.filter(status=Status.SENT).count() == count, timeout=90
        )
        survived = worker.poll() is None
    finally:
        for process in (beat, worker, redis):
            processes.stop(process)

    late = [
        (sent_at - max(due_at, restarted_at)).total_seconds()
        for due_at, sent_at in rows.filter(due_at__lte=restarted_at + dt.timedelta(seconds=5))
        .filter(sent_at__gt=lost_at)
        .values_list("due_at", "sent_at")
    ]
    print(  # noqa: T201 - the figures of the run, shown with -s
        f"\nbroker restarted empty: {len(late)} rows waited, at most {max(late, default=0):.1f} s "
        "after the restart"
    )
    assert everything_sent, _log(log)
    assert survived, _log(log)
    assert set(rows.values_list("status", flat=True)) == {Status.SENT}
    assert max(late, default=0) <= 15
