"""Thin Celery wrappers around the meetings services: they take ids and call one service.

Services send these by name (apps.core.queue), so nothing imports this module back.
"""

from __future__ import annotations

from celery import shared_task

from apps.meetings.models import MAX_SOLVER_TIME_LIMIT


@shared_task(
    name="meetings.schedule_assembly",
    # The solver's own limit is at most MAX_SOLVER_TIME_LIMIT; the rest is for input and writing.
    soft_time_limit=MAX_SOLVER_TIME_LIMIT + 120,
    time_limit=MAX_SOLVER_TIME_LIMIT + 180,
)
def schedule_assembly_task(assembly_id: int) -> int | None:
    """Run the waiting scheduler run of an assembly (one at a time; a later request follows)."""
    from apps.meetings.scheduler_adapter.runs import run_schedule

    run = run_schedule(assembly_id=assembly_id)
    return run.pk if run is not None else None


@shared_task(name="meetings.recover_schedule_runs", ignore_result=True)
def recover_schedule_runs_task() -> dict[str, int]:
    """Periodic: runs whose worker died are written off and followed; lost tasks are sent again."""
    from apps.meetings.services.runs import recover_schedule_runs

    return recover_schedule_runs()


@shared_task(name="meetings.expire_meeting_requests")
def expire_meeting_requests_task() -> int:
    """Periodic: requests unanswered at their deadline expire."""
    from apps.meetings.services import expire_meeting_requests

    return expire_meeting_requests()
