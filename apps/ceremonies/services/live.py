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
