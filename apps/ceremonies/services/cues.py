"""The run-of-show: cues added, changed, removed and put in order.

Every change locks the ceremony's row first, so two organisers adding cues at once get
numbers 6 and 7 (not 6 and 6) and the overrun check counts the other's cue. The database
holds one cue per (ceremony, order); renumbering moves the whole run out of the way first,
so the constraint holds after every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from apps.ceremonies.models import MAX_CUES, TRANSLATED, Ceremony, Cue
from apps.ceremonies.services.common import check_fits, jsonable, lock_ceremony, set_fields
from apps.core.errors import ApplicationError
from apps.core.services import log_action

# A cue's texts typed in English with a translation per official language beside them.
TRANSLATED_CUE_TEXTS = ("description", "position", "av_instructions", "interpretation_notes")
CUE_FIELDS = {
    "title_en",
    "title_fr",
    "title_es",
    "title_ar",
    "description",
    "duration_minutes",
    "responsible_roles",
    "position",
    "av_instructions",
    "interpretation_notes",
    *(f"{name}_{lang}" for name in TRANSLATED_CUE_TEXTS for lang in TRANSLATED),
}
# Larger than any order a run holds (MAX_CUES): renumbering passes through order + this.
_OUT_OF_THE_WAY = 1000


def _renumber(ceremony: Ceremony, ordered: Sequence[Cue]) -> None:
    """Orders become 1..n in the given order (which names every cue of the ceremony)."""
    Cue.objects.filter(ceremony=ceremony).update(order=F("order") + _OUT_OF_THE_WAY)
    for position, cue in enumerate(ordered, start=1):
        cue.order = position
    Cue.objects.bulk_update(ordered, ["order"])


def _check_room_for(ceremony: Ceremony, more: int) -> None:
    if ceremony.cues.count() + more > MAX_CUES:
        raise ApplicationError(
            _("A run-of-show holds at most %(max)d cues.") % {"max": MAX_CUES},
            extra={"cues": [_("At most %(max)d cues.") % {"max": MAX_CUES}]},
        )


@transaction.atomic
def add_cue(*, ceremony: Ceremony, title_en: str, duration_minutes: int, by, **fields) -> Cue:
    """Append a cue at the end of the run-of-show; refused if the run would overrun."""
    ceremony = lock_ceremony(ceremony)
    _check_room_for(ceremony, 1)
    last = ceremony.cues.aggregate(last=Max("order"))["last"] or 0
    cue = Cue(
        ceremony=ceremony, order=last + 1, title_en=title_en, duration_minutes=duration_minutes
    )
    set_fields(cue, CUE_FIELDS, fields)
    cue.full_clean()
    durations = [*ceremony.cues.values_list("duration_minutes", flat=True), cue.duration_minutes]
    check_fits(ceremony=ceremony, durations=durations)
    cue.save()
    log_action(ceremony, "ceremonies.cue.added", by=by, cue=cue.pk, title=cue.title_en)
    return cue


@transaction.atomic
def update_cue(*, cue: Cue, by, **fields) -> Cue:
    ceremony = lock_ceremony(cue.ceremony)
    changed = set_fields(cue, CUE_FIELDS, fields)
    if not changed:
        return cue
    cue.full_clean()
    if "duration_minutes" in changed:
        others = ceremony.cues.exclude(pk=cue.pk).values_list("duration_minutes", flat=True)
        check_fits(ceremony=ceremony, durations=[*others, cue.duration_minutes])
    cue.save()
    log_action(ceremony, "ceremonies.cue.updated", by=by, cue=cue.pk, **jsonable(changed, cue))
    return cue


@transaction.atomic
def delete_cue(*, cue: Cue, by) -> None:
    ceremony = lock_ceremony(cue.ceremony)
    log_action(ceremony, "ceremonies.cue.deleted", by=by, cue=cue.pk, title=cue.title_en)
    cue.delete()
    _renumber(ceremony, list(ceremony.cues.order_by("order", "id")))


@transaction.atomic
def reorder_cues(*, ceremony: Ceremony, cue_ids: Sequence[int], by) -> list[Cue]:
    """Put the cues in the given order; the list must name every cue of the ceremony once."""
    ceremony = lock_ceremony(ceremony)
    cues = {cue.pk: cue for cue in ceremony.cues.all()}
    if sorted(cue_ids) != sorted(cues) or len(set(cue_ids)) != len(cue_ids):
        raise ApplicationError(_("Give every cue of this ceremony exactly once to reorder them."))
    ordered = [cues[cue_id] for cue_id in cue_ids]
    _renumber(ceremony, ordered)
    log_action(ceremony, "ceremonies.cue.reordered", by=by, order=list(cue_ids))
    return ordered


@transaction.atomic
def edit_run_of_show(
    *,
    ceremony: Ceremony,
    by,
    added: Sequence[dict[str, Any]] = (),
    changed: Sequence[tuple[Cue, dict[str, Any]]] = (),
    deleted: Sequence[Cue] = (),
) -> list[Cue]:
    """Save an edit of the whole cue table at once (the admin's inline form).

    Each `order` given is where the organiser wants that cue; the run is then numbered 1..n
    in that order. At equal numbers the cue given that number (moved or new) comes first, so
    typing 1 on the last cue makes it the first. The whole run must fit its session.
    """
    ceremony = lock_ceremony(ceremony)
    _check_room_for(ceremony, len(added) - len(deleted))
    gone = {cue.pk for cue in deleted}
    before = list(ceremony.cues.order_by("order", "id").values_list("pk", flat=True))
    for cue in deleted:
        log_action(ceremony, "ceremonies.cue.deleted", by=by, cue=cue.pk, title=cue.title_en)
        cue.delete()
    wanted: dict[int, int] = {}
    for cue, fields in changed:
        fields = dict(fields)
        if "order" in fields:
            wanted[cue.pk] = fields.pop("order")
        names = set_fields(cue, CUE_FIELDS, fields)
        if names:
            cue.full_clean(exclude=["order"], validate_unique=False)
            cue.save(update_fields=[*names, "updated_at"])
            log_action(
                ceremony, "ceremonies.cue.updated", by=by, cue=cue.pk, **jsonable(names, cue)
            )
    last = ceremony.cues.aggregate(last=Max("order"))["last"] or 0
    for offset, fields in enumerate(added, start=1):
        fields = dict(fields)
        order = fields.pop("order", None)
        cue = Cue(ceremony=ceremony, order=last + offset)
        set_fields(cue, CUE_FIELDS, fields)
        cue.full_clean()
        cue.save()
        wanted[cue.pk] = order if order is not None else last + offset
        log_action(ceremony, "ceremonies.cue.added", by=by, cue=cue.pk, title=cue.title_en)
    cues = list(ceremony.cues.all())
    cues.sort(key=lambda cue: (wanted.get(cue.pk, cue.order), cue.pk not in wanted, cue.pk))
    check_fits(ceremony=ceremony, durations=[cue.duration_minutes for cue in cues])
    _renumber(ceremony, cues)
    kept = [pk for pk in before if pk not in gone]
    if [cue.pk for cue in cues if cue.pk in set(kept)] != kept:
        log_action(ceremony, "ceremonies.cue.reordered", by=by, order=[cue.pk for cue in cues])
    return cues
