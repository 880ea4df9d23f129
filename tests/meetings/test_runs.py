"""Scheduler runs that cannot run away: bounded time, retries only for a stale result, dead
workers' runs written off and followed, lost tasks sent again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.meetings import services
from apps.meetings.models import MAX_SOLVER_TIME_LIMIT, Meeting, ScheduleRun
from apps.meetings.scheduler_adapter.runs import run_schedule
from apps.meetings.services.runs import (
    MAX_RETRIES,
    REQUEUE_AFTER,
    STALE_AFTER,
    recover_schedule_runs,
)

pytestmark = pytest.mark.django_db
Status = ScheduleRun.Status


def _accepted(requester, invitee):
    request = services.request_meeting(
        requester=requester, invitee=invitee, topic="Cooperation", by=requester.focal_point
    )
    return services.accept_meeting_request(request=request, by=invitee.focal_point)


def _oversubscribing(first, second):
    def solver(instance, time_limit):
        return {
            "placements": [
                {"request": f"r{first.pk}", "slot": 3, "room": "B01"},
                {"request": f"r{second.pk}", "slot": 3, "room": "B02"},
            ],
            "unplaced": [],
            "stats": {},
        }

    return solver


def test_a_deterministic_failure_is_not_run_again(
    assembly,
    morocco,
    france,
    kenya,
    rooms,
    monkeypatch,
    sent_tasks,
    django_capture_on_commit_callbacks,
):
    first, second = _accepted(morocco, france), _accepted(morocco, kenya)
    monkeypatch.setattr(
        "apps.meetings.scheduler_adapter.runs.run_solver", _oversubscribing(first, second)
    )
    ScheduleRun.objects.create(assembly=assembly)

    with django_capture_on_commit_callbacks(execute=True):
        run = run_schedule(assembly_id=assembly.pk)

    assert run.status == Status.FAILED
    assert "breaks a limit" in run.error
    assert not ScheduleRun.objects.filter(status=Status.PENDING).exists()
    assert sent_tasks == []


def test_a_stale_result_is_run_again_at_most_max_retries_times(
    assembly, morocco, france, rooms, organiser, monkeypatch, at
):
    request = _accepted(morocco, france)
    moves = iter(range(10))

    def someone_moves_it_meanwhile(instance, time_limit):
        meeting = Meeting.objects.filter(request=request).first()
        slot = at(1, "10:00") + dt.timedelta(minutes=30 * next(moves))
        if meeting is None:
            services.place_meeting(request=request, room=rooms[0], starts_at=slot, by=organiser)
        else:
            services.move_meeting(meeting=meeting, room=rooms[0], starts_at=slot, by=organiser)
        return {"placements": [], "unplaced": [], "stats": {}}

    monkeypatch.setattr(
        "apps.meetings.scheduler_adapter.runs.run_solver", someone_moves_it_meanwhile
    )
    ScheduleRun.objects.create(assembly=assembly)

    runs = []
    while (run := run_schedule(assembly_id=assembly.pk)) is not None:
        runs.append(run)

    assert [r.status for r in runs] == [Status.FAILED] * (MAX_RETRIES + 1)
    assert [r.retry for r in runs] == list(range(MAX_RETRIES + 1))
    assert all("changed while the scheduler ran" in r.error for r in runs)
    assert not ScheduleRun.objects.filter(status=Status.PENDING).exists()


def test_the_time_limit_is_bounded_below_the_task_limits(assembly, fake_solver, monkeypatch):
    from apps.meetings.tasks import schedule_assembly_task

    rules = services.rules_of(assembly)
    rules.solver_time_limit = MAX_SOLVER_TIME_LIMIT + 1
    with pytest.raises(ValidationError) as error:
        rules.full_clean()
    limits = []
    monkeypatch.setattr(
        "apps.meetings.scheduler_adapter.runs.run_solver",
        lambda instance, time_limit: limits.append(time_limit) or {"placements": []},
    )
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk, time_limit=10_000)

    assert "solver_time_limit" in error.value.message_dict
    assert limits == [MAX_SOLVER_TIME_LIMIT]
    assert run.time_limit == MAX_SOLVER_TIME_LIMIT
    assert schedule_assembly_task.soft_time_limit >= MAX_SOLVER_TIME_LIMIT + 60
    assert schedule_assembly_task.time_limit > schedule_assembly_task.soft_time_limit


def test_a_run_whose_worker_died_is_written_off_and_followed(
    assembly, sent_tasks, django_capture_on_commit_callbacks
):
    now = timezone.now()
    dead = ScheduleRun.objects.create(
        assembly=assembly,
        status=Status.RUNNING,
        started_at=now - dt.timedelta(minutes=2),
        heartbeat_at=now - STALE_AFTER - dt.timedelta(seconds=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        figures = recover_schedule_runs(now=now)

    dead.refresh_from_db()
    follow_up = ScheduleRun.objects.get(status=Status.PENDING)
    assert figures == {"written_off": 1, "requeued": 0}
    assert dead.status == Status.FAILED
    assert dead.error.startswith("Interrupted: the worker stopped before the run finished")
    assert (follow_up.retry, follow_up.reason) == (1, "the previous run was interrupted")
    assert sent_tasks == [(assembly.pk,)]


def test_a_long_run_with_a_recent_heartbeat_is_left_alone(assembly):
    now = timezone.now()
    alive = ScheduleRun.objects.create(
        assembly=assembly,
        status=Status.RUNNING,
        started_at=now - dt.timedelta(minutes=10),
        heartbeat_at=now - dt.timedelta(seconds=3),
    )

    assert recover_schedule_runs(now=now) == {"written_off": 0, "requeued": 0}
    alive.refresh_from_db()
    assert alive.status == Status.RUNNING


def test_a_pending_run_whose_task_was_lost_is_sent_again(
    assembly, sent_tasks, django_capture_on_commit_callbacks
):
    now = timezone.now()
    lost = ScheduleRun.objects.create(assembly=assembly, queued_at=now - REQUEUE_AFTER * 2)

    with django_capture_on_commit_callbacks(execute=True):
        first = recover_schedule_runs(now=now)
        second = recover_schedule_runs(now=now + dt.timedelta(seconds=10))

    lost.refresh_from_db()
    assert (first, second) == ({"written_off": 0, "requeued": 1}, {"written_off": 0, "requeued": 0})
    assert lost.queued_at == now
    assert sent_tasks == [(assembly.pk,)]


def test_a_pending_run_behind_a_running_one_is_not_sent_again(assembly, sent_tasks):
    now = timezone.now()
    ScheduleRun.objects.create(
        assembly=assembly, status=Status.RUNNING, started_at=now, heartbeat_at=now
    )
    ScheduleRun.objects.create(assembly=assembly, queued_at=now - REQUEUE_AFTER * 2)

    assert recover_schedule_runs(now=now) == {"written_off": 0, "requeued": 0}


def test_a_run_written_off_while_it_worked_writes_nothing(
    assembly, morocco, france, rooms, monkeypatch
):
    _accepted(morocco, france)

    def taken_for_dead_meanwhile(instance, time_limit):
        ScheduleRun.objects.filter(status=Status.RUNNING).update(
            heartbeat_at=timezone.now() - STALE_AFTER * 2
        )
        recover_schedule_runs()
        from tests.meetings.fake_solver import greedy_solver

        return greedy_solver(instance)

    monkeypatch.setattr("apps.meetings.scheduler_adapter.runs.run_solver", taken_for_dead_meanwhile)
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    assert run.status == Status.FAILED
    assert run.error.startswith("Interrupted")
    assert not Meeting.objects.exists()
    assert ScheduleRun.objects.get(status=Status.PENDING).retry == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_working_run_gives_signs_of_life(assembly, monkeypatch):
    import time

    from apps.meetings.services.runs import HEARTBEAT_EVERY

    seen = []

    def slow_solver(instance, time_limit):
        time.sleep(HEARTBEAT_EVERY.total_seconds() * 2 + 0.5)
        seen.append(ScheduleRun.objects.get(status=Status.RUNNING))
        return {"placements": [], "unplaced": [], "stats": {}}

    monkeypatch.setattr("apps.meetings.scheduler_adapter.runs.run_solver", slow_solver)
    ScheduleRun.objects.create(assembly=assembly)

    run = run_schedule(assembly_id=assembly.pk)

    assert run.status == Status.SUCCEEDED
    during = seen[0]
    assert during.heartbeat_at - during.started_at >= HEARTBEAT_EVERY


def test_scheduler_runs_health_for_operators(assembly):
    from apps.meetings.selectors import scheduler_runs_health

    now = timezone.now()
    ScheduleRun.objects.create(
        assembly=assembly,
        status=Status.SUCCEEDED,
        started_at=now - dt.timedelta(seconds=50),
        finished_at=now - dt.timedelta(seconds=40),
    )
    ScheduleRun.objects.create(
        assembly=assembly,
        status=Status.RUNNING,
        started_at=now,
        heartbeat_at=now - dt.timedelta(seconds=4),
    )

    health = scheduler_runs_health(now=now)

    assert health == {
        "pending": 0,
        "running": 1,
        "succeeded_last_hour": 1,
        "failed_last_hour": 0,
        "oldest_pending_seconds": 0.0,
        "heartbeat_age_seconds": 4.0,
        "last_success_seconds_ago": 40.0,
        "last_duration_seconds": 10.0,
    }
