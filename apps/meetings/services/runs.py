"""Scheduler runs: asking for one (debounced), starting one from the admin, and recovering runs
whose worker died. The run itself is `apps.meetings.scheduler_adapter.runs.run_schedule`; its
task is sent by name, so these services import neither.

A run's life: pending (at most one per assembly) → running (at most one; it writes a heartbeat
every few seconds) → succeeded or failed. A running run without a heartbeat for STALE_AFTER is
written off as interrupted (its transaction died with its worker: no partial plan) and, like a
run that found the schedule changed under it, followed by a new run, at most MAX_RETRIES times
in a row. The beat task `meetings.recover_schedule_runs` does that, and sends the task again for
a pending run nobody took (a lost broker message), so scheduling never waits for a click.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import queue
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.meetings.models import ScheduleRun

RUN_TASK = "meetings.schedule_assembly"
HEARTBEAT_EVERY = dt.timedelta(seconds=5)
STALE_AFTER = dt.timedelta(seconds=20)  # four missed heartbeats
REQUEUE_AFTER = dt.timedelta(seconds=30)  # a pending run's task not started by then is sent again
MAX_RETRIES = 3
Status = ScheduleRun.Status


def queue_run(run: ScheduleRun, *, now: dt.datetime | None = None) -> None:
    """Send the run task for `run`'s assembly once the transaction commits; note when."""
    now = now or timezone.now()
    ScheduleRun.objects.filter(pk=run.pk).update(queued_at=now)
    run.queued_at = now
    queue.send_task_on_commit(RUN_TASK, run.assembly_id, expires=3600)


def request_schedule_run(
    *, assembly_id: int, reason: str = "", by: Any = None, retry: int = 0
) -> ScheduleRun:
    """Debounced: at most one run waits per assembly; the task is sent when a new one is made."""
    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        waiting = ScheduleRun.objects.filter(assembly_id=assembly_id, status=Status.PENDING).first()
        if waiting is not None:
            return waiting
        try:
            with transaction.atomic():
                run = ScheduleRun.objects.create(
                    assembly_id=assembly_id, reason=reason[:200], triggered_by=user, retry=retry
                )
        except IntegrityError:
            return ScheduleRun.objects.get(assembly_id=assembly_id, status=Status.PENDING)
        queue_run(run)
    return run


@transaction.atomic
def start_schedule_run(*, assembly: Assembly, by: Any) -> ScheduleRun:
    """An organiser's "run now": the waiting run (made if need be) is sent to a worker at once.

    Returns the run to follow; it starts when the run in progress, if any, is done.
    """
    from apps.meetings.permissions import can_manage_meetings

    if not can_manage_meetings(by):
        raise PermissionDenied
    run = ScheduleRun.objects.filter(assembly=assembly, status=Status.PENDING).first()
    if run is None:
        run = request_schedule_run(assembly_id=assembly.pk, reason=_("run by an organiser"), by=by)
    else:
        queue_run(run)  # sent again: it may have waited for a worker that is gone
    if run.triggered_by_id is None:
        run.triggered_by = by
        run.save(update_fields=["triggered_by"])
    log_action(run, "meetings.run.requested", by=by)
    return run


def is_stale(*, now: dt.datetime) -> Q:
    cutoff = now - STALE_AFTER
    return Q(status=Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def follow_up(run: ScheduleRun, *, reason: str) -> ScheduleRun | None:
    """Ask for another run after `run` ended without a result, unless it was the last retry."""
    if run.retry >= MAX_RETRIES:
        return None
    return request_schedule_run(assembly_id=run.assembly_id, reason=reason, retry=run.retry + 1)


def write_off_stale_runs(
    *, now: dt.datetime | None = None, assembly_id: int | None = None
) -> list[ScheduleRun]:
    """Runs whose worker stopped giving signs of life become failed, and are followed up."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = ScheduleRun.objects.select_for_update(skip_locked=True).filter(is_stale(now=now))
        if assembly_id is not None:
            stale = stale.filter(assembly_id=assembly_id)
        written_off = list(stale)
        for run in written_off:
            last = run.heartbeat_at or run.started_at or now
            run.status, run.finished_at = Status.FAILED, now
            run.error = _(
                "Interrupted: the worker stopped before the run finished (last sign of life "
                "%(seconds)d seconds earlier). Nothing of it was written."
            ) % {"seconds": (now - last).total_seconds()}
            run.save(update_fields=["status", "finished_at", "error"])
            log_action(run, "meetings.run.interrupted")
            follow_up(run, reason=_("the previous run was interrupted"))
    return written_off


def recover_schedule_runs(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The beat task: write off dead runs, and send again the task of a pending run nobody took."""
    now = now or timezone.now()
    written_off = write_off_stale_runs(now=now)
    requeued = 0
    with transaction.atomic():
        busy = ScheduleRun.objects.filter(status=Status.RUNNING).values("assembly_id")
        forgotten = (
            ScheduleRun.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING)
            .exclude(assembly_id__in=busy)
            .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER))
        )
        for run in forgotten:
            queue_run(run, now=now)
            requeued += 1
    return {"written_off": len(written_off), "requeued": requeued}
