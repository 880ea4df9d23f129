"""Thin Celery wrappers around the meetings services: they take ids and call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="meetings.schedule_assembly")
def schedule_assembly_task(assembly_id: int) -> int | None:
    """Run the waiting scheduler run of an assembly (one at a time; a later request follows)."""
    from apps.meetings.scheduler_adapter import run_schedule

    run = run_schedule(assembly_id=assembly_id)
    return run.pk if run is not None else None


@shared_task(name="meetings.expire_meeting_requests")
def expire_meeting_requests_task() -> int:
    """Periodic: requests unanswered at their deadline expire."""
    from apps.meetings.services import expire_meeting_requests

    return expire_meeting_requests()
