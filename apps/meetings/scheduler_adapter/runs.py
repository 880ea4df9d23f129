"""Carrying out a scheduler run: claim it, keep a heartbeat, solve, apply, record the outcome.

One run at a time per assembly (a unique constraint on running runs). The heartbeat thread
writes `heartbeat_at` every few seconds while the solver works (HiGHS releases the GIL), so a
run whose worker died is recognised within seconds (services/runs.py), not after the task's
time limit. A run written off while it was in fact still working cannot apply its result: the
apply step locks the run row and goes on only if the run is still running.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.meetings.models import MAX_SOLVER_TIME_LIMIT, ScheduleRun
from apps.meetings.scheduler_adapter.apply import StaleScheduleError, apply_result
from apps.meetings.scheduler_adapter.instance import Mapping, build_instance
from apps.meetings.services import rules_of
from apps.meetings.services.runs import (
    HEARTBEAT_EVERY,
    follow_up,
    queue_run,
    write_off_stale_runs,
)
from apps.meetings.unplaced import DELEGATION_ARGS

logger = logging.getLogger(__name__)
Status = ScheduleRun.Status


class RunWrittenOff(ApplicationError):
    """The run was taken for dead while it worked: its result must not be written."""


def run_solver(instance_json: dict, time_limit: float) -> dict:
    """The one call into the scheduler package (imported here, so the adapter loads without it)."""
    from apps.meetings.scheduling import Instance, solve

    return solve(Instance.from_json(instance_json), time_limit=time_limit).to_json()


def claim_run(assembly_id: int, by: Any, *, time_limit: int) -> ScheduleRun | None:
    """Turn the waiting run into the running one; None when another run is in progress."""
    write_off_stale_runs(assembly_id=assembly_id)
    with transaction.atomic():
        if ScheduleRun.objects.filter(assembly_id=assembly_id, status=Status.RUNNING).exists():
            return None
        run = (
            ScheduleRun.objects.select_for_update()
            .filter(assembly_id=assembly_id, status=Status.PENDING)
            .first()
        )
        if run is None:
            return None
        run.status = Status.RUNNING
        run.started_at = run.heartbeat_at = timezone.now()
        run.time_limit = time_limit
        if by is not None and run.triggered_by_id is None:
            run.triggered_by = by
        try:
            with transaction.atomic():
                run.save()
        except IntegrityError:
            return None
    return run


@contextlib.contextmanager
def heartbeat(run_id: int) -> Iterator[None]:
    """Write the run's sign of life every HEARTBEAT_EVERY from a thread while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
                ScheduleRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:
            logger.exception("scheduler run %s: the heartbeat stopped", run_id)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"schedule-run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=HEARTBEAT_EVERY.total_seconds())


def _describe_unplaced(unplaced: list[dict], mapping: Mapping) -> list[dict]:
    described = []
    for item in unplaced:
        request = mapping.requests.get(item.get("request", ""))
        entry = {"request": item.get("request"), "reason": item.get("reason", "")}
        if item.get("code"):  # said in the reader's language later (apps.meetings.unplaced)
            entry["code"] = item["code"]
            entry["args"] = {
                key: mapping.delegation_ids.get(value) if key in DELEGATION_ARGS else value
                for key, value in (item.get("args") or {}).items()
            }
        if request is not None:
            entry.update(
                request_id=request.pk,
                requester=request.requester.name,
                invitee=request.invitee.name,
                topic=request.topic,
            )
        described.append(entry)
    return described


def _finish(run: ScheduleRun, **fields: Any) -> bool:
    """Record the outcome unless the run was written off meanwhile; False if it was."""
    fields["finished_at"] = timezone.now()
    done = ScheduleRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)
    return done == 1


def _solve_and_apply(run: ScheduleRun, *, user: Any, limit: int) -> None:
    assembly = run.assembly
    instance, mapping = build_instance(assembly)
    ScheduleRun.objects.filter(pk=run.pk).update(input=instance)
    result = run_solver(instance, float(limit))
    with transaction.atomic():
        if (
            not ScheduleRun.objects.select_for_update()
            .filter(pk=run.pk, status=Status.RUNNING)
            .exists()
        ):
            raise RunWrittenOff(_("This run was taken for interrupted; its result was dropped."))
        figures = apply_result(
            assembly=assembly, instance=instance, result=result, mapping=mapping, by=user
        )
        _finish(
            run,
            status=Status.SUCCEEDED,
            input=instance,
            figures={**result.get("stats", {}), **figures, "requests": len(mapping.requests)},
            unplaced=_describe_unplaced(result.get("unplaced", []), mapping),
        )


def run_schedule(*, assembly_id: int, by: Any = None, time_limit: float | None = None):
    """Run the waiting scheduler run of the assembly, if no other is running; then the next.

    Only a run that found the schedule changed under it is followed by another (at most
    MAX_RETRIES in a row): any other failure would fail again the same way.
    """
    user = by if getattr(by, "is_authenticated", False) else None
    assembly = Assembly.objects.filter(pk=assembly_id).first()
    if assembly is None:
        return None
    limit = int(min(time_limit or rules_of(assembly).solver_time_limit, MAX_SOLVER_TIME_LIMIT))
    run = claim_run(assembly_id, user, time_limit=limit)
    if run is None:
        return None
    try:
        with heartbeat(run.pk):
            _solve_and_apply(run, user=user, limit=limit)
    except RunWrittenOff as exc:
        logger.warning("scheduler run %s: %s", run.pk, exc.message)
        run.refresh_from_db()
        return run
    except StaleScheduleError as exc:
        if _finish(run, status=Status.FAILED, error=exc.message):
            follow_up(run, reason=exc.message)
    except ApplicationError as exc:
        _finish(run, status=Status.FAILED, error=exc.message)
    except Exception as exc:
        logger.exception("scheduler run %s failed", run.pk)
        _finish(run, status=Status.FAILED, error=f"{type(exc).__name__}: {exc}")
    log_action(run, f"meetings.run.{run.status}", by=user, figures=run.figures)
    waiting = ScheduleRun.objects.filter(assembly_id=assembly_id, status=Status.PENDING).first()
    if waiting is not None:
        queue_run(waiting)
    return run
