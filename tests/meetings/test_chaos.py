"""A real worker SIGKILLed during a scheduler run (beat, worker, PostgreSQL, Redis): the next run
starts by itself within a minute, and the dead run wrote nothing.

The run is held at a known point: the test locks one delegation's settings row, so the run
blocks when it takes its locks before writing; the worker is killed there, then the lock goes.
"""

from __future__ import annotations

import os
import signal
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.meetings import services
from apps.meetings.models import DelegationMeetingSettings, Meeting, ScheduleRun
from tests.notifications import processes

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
Status = ScheduleRun.Status


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield settings.CELERY_BROKER_URL
    client.flushdb()
    client.close()


def _hold_lock(delegation_id: int, held: threading.Event, release: threading.Event) -> None:
    try:
        with transaction.atomic():
            DelegationMeetingSettings.objects.select_for_update().get(delegation_id=delegation_id)
            held.set()
            release.wait(timeout=120)
    finally:
        connection.close()


def test_worker_killed_during_a_run_is_followed_by_a_run_within_a_minute(
    tmp_path, broker, assembly, morocco, france, rooms
):
    pytest.importorskip("apps.meetings.scheduling")
    request = services.request_meeting(
        requester=morocco, invitee=france, topic="Cooperation", by=morocco.focal_point
    )
    services.accept_meeting_request(request=request, by=france.focal_point)  # asks for a run
    with transaction.atomic():
        services.lock_delegations([morocco.pk, france.pk])  # their settings rows exist
    held, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(france.pk, held, release))
    holder.start()
    held.wait(timeout=10)
    env = {
        **os.environ,
        "DATABASE_URL": processes.database_url(),
        "CELERY_BROKER_URL": broker,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "chaos-test",
    }
    log = tmp_path / "celery.log"
    running = ScheduleRun.objects.filter(status=Status.RUNNING)
    beat = processes.celery("beat", env, log)
    worker = processes.celery("worker", env, log, concurrency=1)
    restarted = None
    try:
        from apps.meetings.services.runs import recover_schedule_runs

        recover_schedule_runs()  # the run asked for in the test's transaction: send its task
        assert processes.wait_for(running.exists, timeout=60), log.read_text()[-3000:]
        killed_run = running.get()
        processes.stop(worker, signal.SIGKILL)
        killed_at = timezone.now()
        release.set()
        holder.join(timeout=10)
        restarted = processes.celery("worker", env, log, concurrency=1)
        succeeded = ScheduleRun.objects.filter(status=Status.SUCCEEDED)
        done = processes.wait_for(succeeded.exists, timeout=90)
    finally:
        release.set()
        for process in (beat, worker, restarted):
            processes.stop(process)

    assert done, log.read_text()[-3000:]
    killed_run.refresh_from_db()
    follow_up = succeeded.get()
    started_after = (follow_up.started_at - killed_at).total_seconds()
    print(  # noqa: T201 - the figures of the run, shown with -s
        f"\nscheduler worker killed: written off after "
        f"{(killed_run.finished_at - killed_at).total_seconds():.1f} s, next run started after "
        f"{started_after:.1f} s, "
        f"done after {(follow_up.finished_at - killed_at).total_seconds():.1f} s"
    )
    assert killed_run.status == Status.FAILED
    assert killed_run.error.startswith("Interrupted")
    assert follow_up.retry == killed_run.retry + 1
    assert started_after <= 60
    assert Meeting.objects.count() == 1  # placed once, by the run that finished
