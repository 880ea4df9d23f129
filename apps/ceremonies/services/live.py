"""The live run on the console: the next cue started now, the run ended, actual times reset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.ceremonies.models import Ceremony, Cue
from apps.ceremonies.permissions import can_run_ceremony
from apps.core.errors import ApplicationError, ConflictError
from apps.core.services import log_action


def _current_and_next(cues: Sequence[Cue]) -> tuple[Cue | None, Cue | None]:
    current = None
    for index, cue in enumerate(cues):
        if cue.actual_started_at is None:
            return current, cue
        current = cues[index]
    return current, None


@transaction.atomic
def advance_cue(
    *, ceremony: Ceremony, expected_current_id: int | None, by, now: dt.datetime | None = None
) -> Ceremony:
    """Start the next cue now (or end the run after the last one), recording the actual time.

    The caller says which cue it believes is current; a second click on a stale page (or a
    second stage manager) names a cue that is no longer current and changes nothing.
    """
    if by is not None and not can_run_ceremony(by, ceremony):
        raise PermissionDenied
    now = now or timezone.now()
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    cues = list(ceremony.cues.order_by("order", "id"))
    if not cues:
        raise ApplicationError(_("This ceremony has no cues to run."))
    current, upcoming = _current_and_next(cues)
    current_id = current.pk if current else None
    if expected_current_id != current_id or ceremony.live_ended_at is not None:
        raise ConflictError(
            _("The run has already moved on; the console now shows the current cue."),
            extra={"current_cue": current_id},
        )
    if upcoming is not None:
        upcoming.actual_started_at = now
        upcoming.save(update_fields=["actual_started_at", "updated_at"])
        log_action(
            ceremony,
            "ceremonies.cue.started",
            by=by,
            cue=upcoming.pk,
            at=now.isoformat(),
        )
    else:
        ceremony.live_ended_at = now
        ceremony.save(update_fields=["live_ended_at", "updated_at"])
        log_action(ceremony, "ceremonies.run.ended", by=by, at=now.isoformat())
    return ceremony


@transaction.atomic
def reset_run(*, ceremony: Ceremony, by) -> Ceremony:
    """Forget the actual times (after a rehearsal run on the console)."""
    ceremony.cues.update(actual_started_at=None, updated_at=timezone.now())
    ceremony.live_ended_at = None
    ceremony.save(update_fields=["live_ended_at", "updated_at"])
    log_action(ceremony, "ceremonies.run.reset", by=by)
    return ceremony


def run_version(ceremony: Ceremony, cues: Sequence[Cue]) -> int:
    """How many "Next" presses the run holds: cues started, plus one once it has ended (the
    console's `version`)."""
    started = sum(1 for cue in cues if cue.actual_started_at is not None)
    return started + (1 if ceremony.live_ended_at is not None else 0)


@transaction.atomic
def undo_last_advance(*, ceremony: Ceremony, expected_version: int, by) -> Ceremony:
    """Take back the last "Next": the run is no longer ended, or the last cue started is
    upcoming again (the one before it is current). Audited with the time that is forgotten.

    Like `advance_cue`, the caller names the run it sees (its `version`): a second click, or a
    console behind another's "Next", changes nothing and gets a conflict.
    """
    if by is not None and not can_run_ceremony(by, ceremony):
        raise PermissionDenied
    ceremony = Ceremony.objects.select_for_update().get(pk=ceremony.pk)
    cues = list(ceremony.cues.order_by("order", "id"))
    version = run_version(ceremony, cues)
    if expected_version != version:
        raise ConflictError(
            _("The run has changed meanwhile; the console now shows where it is."),
            extra={"version": version},
        )
    if version == 0:
        raise ApplicationError(_("Nothing to undo: the run has not started."))
    if ceremony.live_ended_at is not None:
        ended_at = ceremony.live_ended_at
        ceremony.live_ended_at = None
        ceremony.save(update_fields=["live_ended_at", "updated_at"])
        log_action(ceremony, "ceremonies.run.end_undone", by=by, was=ended_at.isoformat())
        return ceremony
    last = [cue for cue in cues if cue.actual_started_at is not None][-1]
    was = last.actual_started_at.isoformat() if last.actual_started_at else ""
    last.actual_started_at = None
    last.save(update_fields=["actual_started_at", "updated_at"])
    log_action(ceremony, "ceremonies.cue.start_undone", by=by, cue=last.pk, was=was)
    return ceremony
