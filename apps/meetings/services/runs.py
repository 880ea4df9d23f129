"""Asking for a scheduler run: debounced, at most one waiting per assembly."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from apps.meetings.models import (
    ScheduleRun,
)

# --- scheduler runs ------------------------------------------------------------------------------


def request_schedule_run(*, assembly_id: int, reason: str = "", by: Any = None) -> ScheduleRun:
    """Debounced: at most one run waits per assembly; the task is sent when a new one is made."""
    from apps.meetings.tasks import schedule_assembly_task

    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        waiting = ScheduleRun.objects.filter(
            assembly_id=assembly_id, status=ScheduleRun.Status.PENDING
        ).first()
        if waiting is not None:
            return waiting
        try:
            with transaction.atomic():
                run = ScheduleRun.objects.create(
                    assembly_id=assembly_id, reason=reason[:200], triggered_by=user
                )
        except IntegrityError:
            return ScheduleRun.objects.get(
                assembly_id=assembly_id, status=ScheduleRun.Status.PENDING
            )
        schedule_assembly_task.delay_on_commit(assembly_id)
    return run
