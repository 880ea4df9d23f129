"""A real Celery worker and beat, on the broker in use (Redis in CI, the filesystem embedded)."""

import subprocess
import sys

import pytest
from django_celery_beat.models import PeriodicTask

from apps.core.models import Heartbeat
from apps.core.tasks import record_heartbeat_task
from tests.processes import BASE_DIR, process_env, start_celery, stop, wait_for


def test_every_beat_entry_names_a_registered_task():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled - set(app.tasks) == set()
    assert "meetings.expire_meeting_requests" in scheduled


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_process_runs_task_and_writes_to_database():
    worker = start_celery("worker", "--concurrency", "1", "--pool", "solo", "-n", "test-worker@%h")
    try:
        record_heartbeat_task.delay(component="test-worker")

        seen = wait_for(lambda: Heartbeat.objects.filter(component="test-worker").exists(), 60)
    finally:
        output = stop(worker)

    assert seen, output
    assert "celery@" in output or "test-worker@" in output


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_beat_process_loads_the_schedule_into_the_database():
    beat = start_celery("beat")
    try:
        loaded = wait_for(
            lambda: PeriodicTask.objects.filter(name="core.record_heartbeat").exists(), 60
        )
        beat_seen = wait_for(lambda: Heartbeat.objects.filter(component="beat").exists(), 30)
    finally:
        output = stop(beat)

    assert loaded, output
    assert beat_seen, output  # beat records its own heartbeat for readiness
    task = PeriodicTask.objects.get(name="core.record_heartbeat")
    assert task.task == "core.record_heartbeat"
    assert task.interval.every == 30
    assert task.enabled is True


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_beat_waits_as_a_standby_until_the_first_stops(tmp_path):
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second")}

    def beat(name: str):
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--pidfile=",
            ],
            cwd=BASE_DIR,
            env=process_env(LOG_FORMAT="plain"),
            stdout=logs[name].open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def said(name: str, text: str) -> bool:
        return text in logs[name].read_text(errors="replace")

    first = beat("first")
    second = None
    try:
        first_holds = wait_for(lambda: said("first", "beat lock taken"), 60)
        second = beat("second")
        second_waits = wait_for(lambda: said("second", "held by another beat"), 60)
        second_early = said("second", "beat lock taken")
        stop(first)
        second_takes_over = wait_for(lambda: said("second", "beat lock taken"), 30)
    finally:
        stop(first)
        if second is not None:
            stop(second)

    output = logs["first"].read_text() + logs["second"].read_text()
    assert first_holds, output
    assert second_waits, output
    assert not second_early
    assert second_takes_over, output


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_beat_that_loses_its_lock_connection_stops(tmp_path):
    from django.db import connection

    log = tmp_path / "beat.log"
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--pidfile=",
        ],
        cwd=BASE_DIR,
        env=process_env(LOG_FORMAT="plain"),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        holds = wait_for(lambda: "beat lock taken" in log.read_text(errors="replace"), 60)
        with connection.cursor() as cursor:  # what a PostgreSQL restart does to the lock
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            terminated = cursor.fetchall()
        stopped = wait_for(lambda: beat.poll() is not None, 30)
    finally:
        output = stop(beat)

    output = log.read_text(errors="replace")
    assert holds, output
    assert terminated == [(True,)]
    assert stopped, output
    assert "beat lost the beat lock" in output
