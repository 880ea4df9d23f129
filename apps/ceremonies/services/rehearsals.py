"""Rehearsals: scheduled, moved, cancelled; everyone called is reminded the day before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from apps.ceremonies.models import TRANSLATED, Ceremony, CeremonyRole, Rehearsal
from apps.ceremonies.services.common import set_fields
from apps.ceremonies.services.reminders import sync_rehearsal_reminders
from apps.core.errors import ApplicationError
from apps.core.services import log_action
from apps.notifications.services import cancel_pending

REHEARSAL_FIELDS = {
    "starts_at",
    "ends_at",
    "place",
    "notes",
    *(f"place_{lang}" for lang in TRANSLATED),
}


def _check_attendees(attendees: list[CeremonyRole], ceremony_id: int) -> None:
    if any(role.ceremony_id != ceremony_id for role in attendees):
        raise ApplicationError(_("Only people with a role in this ceremony can be called."))


@transaction.atomic
def schedule_rehearsal(
    *,
    ceremony: Ceremony,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    attendees: Iterable[CeremonyRole] = (),
    by,
    notes: str = "",
    **translations: str,
) -> Rehearsal:
    """`translations`: the place in the other languages (`place_fr`, `place_es`, `place_ar`)."""
    rehearsal = Rehearsal(
        ceremony=ceremony, starts_at=starts_at, ends_at=ends_at, place=place, notes=notes
    )
    set_fields(rehearsal, {f"place_{lang}" for lang in TRANSLATED}, translations)
    rehearsal.full_clean()
    attendees = list(attendees)
    _check_attendees(attendees, ceremony.pk)
    rehearsal.save()
    rehearsal.attendees.set(attendees)
    log_action(
        ceremony,
        "ceremonies.rehearsal.scheduled",
        by=by,
        rehearsal=rehearsal.pk,
        starts_at=starts_at.isoformat(),
    )
    sync_rehearsal_reminders(rehearsal=rehearsal)
    return rehearsal


@transaction.atomic
def update_rehearsal(
    *, rehearsal: Rehearsal, by, attendees: Iterable[CeremonyRole] | None = None, **fields
) -> Rehearsal:
    changed = set_fields(rehearsal, REHEARSAL_FIELDS, fields)
    rehearsal.full_clean()
    rehearsal.save()
    if attendees is not None:
        attendees = list(attendees)
        _check_attendees(attendees, rehearsal.ceremony_id)
        rehearsal.attendees.set(attendees)
        changed.append("attendees")
    log_action(
        rehearsal.ceremony,
        "ceremonies.rehearsal.updated",
        by=by,
        rehearsal=rehearsal.pk,
        changed=changed,
    )
    sync_rehearsal_reminders(rehearsal=rehearsal)
    return rehearsal


@transaction.atomic
def cancel_rehearsal(*, rehearsal: Rehearsal, by) -> None:
    cancel_pending(subject=rehearsal)
    log_action(rehearsal.ceremony, "ceremonies.rehearsal.cancelled", by=by, rehearsal=rehearsal.pk)
    rehearsal.delete()
