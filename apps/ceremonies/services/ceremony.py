"""The ceremony itself: created, changed, and its status (draft, rehearsed, final)."""

from __future__ import annotations

from django.db import transaction

from apps.agenda.models import Session
from apps.ceremonies.models import TRANSLATED, Ceremony
from apps.ceremonies.services.common import (
    check_fits,
    check_required_roles,
    jsonable,
    set_fields,
)
from apps.core.services import log_action

CEREMONY_FIELDS = {
    "kind",
    "session",
    "title_en",
    "title_fr",
    "title_es",
    "title_ar",
    "notes_en",
    "notes_fr",
    "notes_es",
    "notes_ar",
    "required_roles",
    "outgoing_country",
    "outgoing_label",
    "incoming_country",
    "incoming_label",
    *(f"{name}_{lang}" for name in ("outgoing_label", "incoming_label") for lang in TRANSLATED),
}


@transaction.atomic
def create_ceremony(
    *, assembly, session: Session, kind: str, title_en: str, by, **fields
) -> Ceremony:
    ceremony = Ceremony(assembly=assembly, session=session, kind=kind, title_en=title_en)
    set_fields(ceremony, CEREMONY_FIELDS, fields)
    ceremony.full_clean()
    ceremony.save()
    log_action(ceremony, "ceremonies.ceremony.created", by=by, kind=kind)
    return ceremony


@transaction.atomic
def update_ceremony(*, ceremony: Ceremony, by, **fields) -> Ceremony:
    changed = set_fields(ceremony, CEREMONY_FIELDS, fields)
    if not changed:
        return ceremony
    ceremony.full_clean()
    if "session" in changed:
        check_fits(ceremony=ceremony)
    ceremony.save()
    log_action(ceremony, "ceremonies.ceremony.updated", by=by, **jsonable(changed, ceremony))
    return ceremony


@transaction.atomic
def mark_rehearsed(*, ceremony: Ceremony, by) -> Ceremony:
    check_fits(ceremony=ceremony)
    ceremony.status = Ceremony.Status.REHEARSED
    ceremony.save(update_fields=["status", "updated_at"])
    log_action(ceremony, "ceremonies.ceremony.rehearsed", by=by)
    return ceremony


@transaction.atomic
def mark_final(*, ceremony: Ceremony, by) -> Ceremony:
    """Final only when the run fits its session and every required role has someone."""
    check_fits(ceremony=ceremony)
    check_required_roles(ceremony=ceremony)
    ceremony.status = Ceremony.Status.FINAL
    ceremony.save(update_fields=["status", "updated_at"])
    log_action(ceremony, "ceremonies.ceremony.finalised", by=by)
    return ceremony


@transaction.atomic
def reopen_ceremony(*, ceremony: Ceremony, by) -> Ceremony:
    ceremony.status = Ceremony.Status.DRAFT
    ceremony.save(update_fields=["status", "updated_at"])
    log_action(ceremony, "ceremonies.ceremony.reopened", by=by)
    return ceremony
