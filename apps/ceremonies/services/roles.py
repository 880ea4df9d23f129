"""Who has a part: roles assigned, changed, removed; the people told and reminded."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from apps.ceremonies.models import TRANSLATED, Ceremony, CeremonyRole
from apps.ceremonies.services.common import set_fields
from apps.ceremonies.services.reminders import (
    KIND_ROLE_ASSIGNED,
    role_context,
    role_recipients,
    sync_rehearsal_reminders,
    sync_role_reminders,
)
from apps.core.services import log_action
from apps.notifications.services import cancel_pending, notify

ROLE_FIELDS = {
    "kind",
    "delegate",
    "guest_name",
    "guest_email",
    "call_time",
    "position",
    "notes",
    "guest_function",
    *(f"{name}_{lang}" for name in ("position", "guest_function") for lang in TRANSLATED),
}


def _role_saved(*, role: CeremonyRole, by, created: bool, changed: Iterable[str] = ()) -> None:
    """Audit, tell the people concerned, keep reminders (the role's and its rehearsals') true."""
    changed = list(changed)
    if created or "delegate" in changed or "guest_name" in changed or "guest_email" in changed:
        notify(
            kind=KIND_ROLE_ASSIGNED,
            subject=role,
            recipients=role_recipients(role),
            context=role_context(role),
        )
    action = "ceremonies.role.assigned" if created else "ceremonies.role.updated"
    log_action(role.ceremony, action, by=by, role=role.pk, kind=role.kind, person=role.person_name)
    sync_role_reminders(role=role)
    if not created and changed:
        for rehearsal in role.rehearsals.select_related("ceremony"):
            sync_rehearsal_reminders(rehearsal=rehearsal)


@transaction.atomic
def assign_role(*, ceremony: Ceremony, kind: str, by, **fields) -> CeremonyRole:
    """Give someone a part: they (and their focal points) are told now and reminded later."""
    role = CeremonyRole(ceremony=ceremony, kind=kind)
    set_fields(role, ROLE_FIELDS - {"kind"}, fields)
    role.full_clean()
    role.save()
    _role_saved(role=role, by=by, created=True)
    return role


@transaction.atomic
def update_role(*, role: CeremonyRole, by, **fields) -> CeremonyRole:
    changed = set_fields(role, ROLE_FIELDS, fields)
    if not changed:
        return role
    role.full_clean()
    role.save()
    _role_saved(role=role, by=by, created=False, changed=changed)
    return role


@transaction.atomic
def remove_role(*, role: CeremonyRole, by) -> None:
    ceremony = role.ceremony
    rehearsals = list(role.rehearsals.select_related("ceremony"))
    cancel_pending(subject=role)
    log_action(ceremony, "ceremonies.role.removed", by=by, role=role.pk, kind=role.kind)
    role.delete()
    for rehearsal in rehearsals:
        sync_rehearsal_reminders(rehearsal=rehearsal)
