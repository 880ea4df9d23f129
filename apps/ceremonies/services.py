"""Every change to a ceremony: run-of-show, roles, rehearsals, precedence, status, the live run.

Each service validates, saves, writes the audit entry and queues its notifications in the same
transaction (reminders are outbox rows, apps.notifications.services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agenda.models import Session
from apps.ceremonies.models import Ceremony, CeremonyRole, Cue, PrecedenceEntry, Rehearsal
from apps.ceremonies.permissions import can_run_ceremony
from apps.ceremonies.timeline import overrun_minutes, total_minutes
from apps.core.errors import ApplicationError, ConflictError
from apps.core.services import log_action
from apps.core.timezones import format_local
from apps.notifications.models import Notification
from apps.notifications.services import cancel_pending, notify, remind_at

KIND_ROLE_ASSIGNED = "ceremonies.role_assigned"
KIND_CALL_TIME = "ceremonies.call_time"
KIND_REHEARSAL = "ceremonies.rehearsal"
CALL_TIME_LEAD = dt.timedelta(hours=2)
REHEARSAL_LEAD = dt.timedelta(hours=24)

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
}
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
}
ROLE_FIELDS = {"kind", "delegate", "guest_name", "guest_email", "call_time", "position", "notes"}
REHEARSAL_FIELDS = {"starts_at", "ends_at", "place", "notes"}


def _set_fields(obj: Any, allowed: set[str], fields: dict[str, Any]) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _jsonable(changes: Iterable[str], obj: Any) -> dict[str, str]:
    return {name: str(getattr(obj, name)) for name in changes}


# --- the run fits its session -------------------------------------------------------------------


def check_fits(
    *, ceremony: Ceremony, durations: Iterable[int] | None = None, session: Session | None = None
) -> None:
    """Raise a clear error when the run-of-show lasts longer than the ceremony's session.

    `durations` lets a form check cues not saved yet; by default the saved cues count.
    """
    session = session or ceremony.session
    if durations is None:
        durations = list(ceremony.cues.values_list("duration_minutes", flat=True))
    durations = list(durations)
    over = overrun_minutes(
        starts_at=session.starts_at, ends_at=session.ends_at, durations=durations
    )
    if over:
        assembly = ceremony.assembly
        available = int((session.ends_at - session.starts_at).total_seconds() // 60)
        raise ApplicationError(
            _(
                "The run-of-show lasts %(total)d minutes but the session (%(start)s to %(end)s) "
                "lasts %(available)d minutes: it overruns by %(over)d minutes."
            )
            % {
                "total": total_minutes(durations),
                "available": available,
                "over": over,
                "start": format_local(session.starts_at, assembly.tz, assembly.city),
                "end": format_local(session.ends_at, assembly.tz, assembly.city),
            },
            extra={"overrun_minutes": over},
        )


def missing_roles(*, ceremony: Ceremony) -> list[str]:
    """Required role kinds nobody fills yet."""
    filled = set(ceremony.roles.values_list("kind", flat=True))
    return [kind for kind in ceremony.required_roles if kind not in filled]


def check_required_roles(*, ceremony: Ceremony) -> None:
    missing = missing_roles(ceremony=ceremony)
    if missing:
        from apps.ceremonies.models import RoleKind

        labels = dict(RoleKind.choices)
        raise ApplicationError(
            _("Required roles are not all filled: %(roles)s.")
            % {"roles": ", ".join(str(labels[kind]) for kind in missing)},
            extra={"missing_roles": missing},
        )


# --- the ceremony ---------------------------------------------------------------------------------


@transaction.atomic
def create_ceremony(
    *, assembly, session: Session, kind: str, title_en: str, by, **fields
) -> Ceremony:
    ceremony = Ceremony(assembly=assembly, session=session, kind=kind, title_en=title_en)
    _set_fields(ceremony, CEREMONY_FIELDS, fields)
    ceremony.full_clean()
    ceremony.save()
    log_action(ceremony, "ceremonies.ceremony.created", by=by, kind=kind)
    return ceremony


@transaction.atomic
def update_ceremony(*, ceremony: Ceremony, by, **fields) -> Ceremony:
    changed = _set_fields(ceremony, CEREMONY_FIELDS, fields)
    if not changed:
        return ceremony
    ceremony.full_clean()
    if "session" in changed:
        check_fits(ceremony=ceremony)
    ceremony.save()
    log_action(ceremony, "ceremonies.ceremony.updated", by=by, **_jsonable(changed, ceremony))
    return ceremony


def record_ceremony_edit(*, ceremony: Ceremony, by, what: str, **data: Any) -> None:
    """Audit an edit made through the admin's forms (which save the rows themselves)."""
    log_action(ceremony, f"ceremonies.{what}", by=by, **data)


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


# --- cues ---------------------------------------------------------------------------------------


@transaction.atomic
def add_cue(*, ceremony: Ceremony, title_en: str, duration_minutes: int, by, **fields) -> Cue:
    """Append a cue at the end of the run-of-show; refused if the run would overrun."""
    last = ceremony.cues.order_by("-order").values_list("order", flat=True).first() or 0
    cue = Cue(
        ceremony=ceremony, order=last + 1, title_en=title_en, duration_minutes=duration_minutes
    )
    _set_fields(cue, CUE_FIELDS, fields)
    cue.full_clean()
    durations = [*ceremony.cues.values_list("duration_minutes", flat=True), cue.duration_minutes]
    check_fits(ceremony=ceremony, durations=durations)
    cue.save()
    log_action(ceremony, "ceremonies.cue.added", by=by, cue=cue.pk, title=cue.title_en)
    return cue


@transaction.atomic
def update_cue(*, cue: Cue, by, **fields) -> Cue:
    changed = _set_fields(cue, CUE_FIELDS, fields)
    if not changed:
        return cue
    cue.full_clean()
    if "duration_minutes" in changed:
        others = cue.ceremony.cues.exclude(pk=cue.pk).values_list("duration_minutes", flat=True)
        check_fits(ceremony=cue.ceremony, durations=[*others, cue.duration_minutes])
    cue.save()
    log_action(cue.ceremony, "ceremonies.cue.updated", by=by, cue=cue.pk, **_jsonable(changed, cue))
    return cue


@transaction.atomic
def delete_cue(*, cue: Cue, by) -> None:
    ceremony = cue.ceremony
    log_action(ceremony, "ceremonies.cue.deleted", by=by, cue=cue.pk, title=cue.title_en)
    cue.delete()
    renumber_cues(ceremony=ceremony)


def renumber_cues(*, ceremony: Ceremony) -> None:
    """Orders become 1..n in the current order (after an edit left gaps or ties)."""
    cues = list(ceremony.cues.order_by("order", "id"))
    for position, cue in enumerate(cues, start=1):
        cue.order = position
    Cue.objects.bulk_update(cues, ["order"])


@transaction.atomic
def reorder_cues(*, ceremony: Ceremony, cue_ids: Sequence[int], by) -> list[Cue]:
    """Put the cues in the given order; the list must name every cue of the ceremony once."""
    cues = {
        cue.pk: cue for cue in Ceremony.objects.select_for_update().get(pk=ceremony.pk).cues.all()
    }
    if sorted(cue_ids) != sorted(cues) or len(set(cue_ids)) != len(cue_ids):
        raise ApplicationError(_("Give every cue of this ceremony exactly once to reorder them."))
    ordered = []
    for position, cue_id in enumerate(cue_ids, start=1):
        cue = cues[cue_id]
        cue.order = position
        ordered.append(cue)
    Cue.objects.bulk_update(ordered, ["order"])
    log_action(ceremony, "ceremonies.cue.reordered", by=by, order=list(cue_ids))
    return ordered


# --- roles and their reminders ------------------------------------------------------------------


def role_recipients(role: CeremonyRole) -> list[Any]:
    """The person (their e-mail) and their delegation's focal points (accounts)."""
    recipients: list[Any] = []
    if role.delegate_id:
        if role.delegate.email:
            recipients.append(role.delegate.email)
        recipients.extend(role.delegate.delegation.focal_points.all())
    elif role.guest_email:
        recipients.append(role.guest_email)
    return recipients


def _recipient_key(recipient: Any) -> str:
    return f"email:{recipient.lower()}" if isinstance(recipient, str) else f"user:{recipient.pk}"


def _sync_reminders(
    *, subject, kind: str, recipients: list[Any], due_at: dt.datetime | None, context: dict
) -> None:
    """Make the pending reminders of `subject` exactly the wanted ones.

    Unchanged: nothing is touched. Changed (moved, other people): cancel what is pending, then
    queue the new set.
    """
    wanted = set()
    if due_at is not None:
        due_at = due_at.replace(microsecond=0)
        wanted = {(_recipient_key(r), due_at) for r in recipients}
    pending = set(
        Notification.objects.filter(
            kind=kind,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=str(subject.pk),
            status=Notification.Status.PENDING,
        ).values_list("recipient_key", "due_at")
    )
    if pending == wanted:
        return
    if pending:
        cancel_pending(subject=subject, kinds=[kind])
    if wanted:
        remind_at(kind=kind, subject=subject, recipients=recipients, due_at=due_at, context=context)


def _role_context(role: CeremonyRole) -> dict[str, Any]:
    ceremony = role.ceremony
    return {
        "ceremony_id": ceremony.pk,
        "ceremony_title": ceremony.title_en,
        "role": role.kind,
        "role_label": str(role.get_kind_display()),
        "person": role.person_name,
        "call_time": role.call_time.isoformat() if role.call_time else "",
        "position": role.position,
    }


def sync_role_reminders(*, role: CeremonyRole, now: dt.datetime | None = None) -> None:
    """One reminder CALL_TIME_LEAD before the call time (or now if that is already past)."""
    now = now or timezone.now()
    due_at = None
    if role.call_time and role.call_time > now:
        due_at = max(role.call_time - CALL_TIME_LEAD, now)
    _sync_reminders(
        subject=role,
        kind=KIND_CALL_TIME,
        recipients=role_recipients(role),
        due_at=due_at,
        context=_role_context(role),
    )


def _rehearsal_context(rehearsal: Rehearsal) -> dict[str, Any]:
    return {
        "ceremony_id": rehearsal.ceremony_id,
        "ceremony_title": rehearsal.ceremony.title_en,
        "starts_at": rehearsal.starts_at.isoformat(),
        "ends_at": rehearsal.ends_at.isoformat(),
        "place": rehearsal.place,
    }


def sync_rehearsal_reminders(*, rehearsal: Rehearsal, now: dt.datetime | None = None) -> None:
    """Everyone who must come (and their focal points) is reminded REHEARSAL_LEAD before."""
    now = now or timezone.now()
    recipients: list[Any] = []
    seen = set()
    roles = rehearsal.attendees.select_related("delegate__delegation").prefetch_related(
        "delegate__delegation__focal_points"
    )
    for role in roles:
        for recipient in role_recipients(role):
            key = _recipient_key(recipient)
            if key not in seen:
                seen.add(key)
                recipients.append(recipient)
    due_at = max(rehearsal.starts_at - REHEARSAL_LEAD, now) if rehearsal.starts_at > now else None
    _sync_reminders(
        subject=rehearsal,
        kind=KIND_REHEARSAL,
        recipients=recipients,
        due_at=due_at,
        context=_rehearsal_context(rehearsal),
    )


@transaction.atomic
def assign_role(*, ceremony: Ceremony, kind: str, by, **fields) -> CeremonyRole:
    """Give someone a part: they (and their focal points) are told now and reminded later."""
    role = CeremonyRole(ceremony=ceremony, kind=kind)
    _set_fields(role, ROLE_FIELDS - {"kind"}, fields)
    role.full_clean()
    role.save()
    role_was_saved(role=role, by=by, created=True)
    return role


def role_was_saved(*, role: CeremonyRole, by, created: bool, changed: Iterable[str] = ()) -> None:
    """After a role is created or changed (by a service or an admin form): audit, notify, remind."""
    changed = list(changed)
    if created or "delegate" in changed or "guest_name" in changed or "guest_email" in changed:
        notify(
            kind=KIND_ROLE_ASSIGNED,
            subject=role,
            recipients=role_recipients(role),
            context=_role_context(role),
        )
    action = "ceremonies.role.assigned" if created else "ceremonies.role.updated"
    log_action(role.ceremony, action, by=by, role=role.pk, kind=role.kind, person=role.person_name)
    sync_role_reminders(role=role)
    if not created and changed:
        for rehearsal in role.rehearsals.select_related("ceremony"):
            sync_rehearsal_reminders(rehearsal=rehearsal)


@transaction.atomic
def update_role(*, role: CeremonyRole, by, **fields) -> CeremonyRole:
    changed = _set_fields(role, ROLE_FIELDS, fields)
    if not changed:
        return role
    role.full_clean()
    role.save()
    role_was_saved(role=role, by=by, created=False, changed=changed)
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


# --- rehearsals ---------------------------------------------------------------------------------


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
) -> Rehearsal:
    rehearsal = Rehearsal(
        ceremony=ceremony, starts_at=starts_at, ends_at=ends_at, place=place, notes=notes
    )
    rehearsal.full_clean()
    rehearsal.save()
    attendees = list(attendees)
    if any(role.ceremony_id != ceremony.pk for role in attendees):
        raise ApplicationError(_("Only people with a role in this ceremony can be called."))
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
    changed = _set_fields(rehearsal, REHEARSAL_FIELDS, fields)
    rehearsal.full_clean()
    rehearsal.save()
    if attendees is not None:
        attendees = list(attendees)
        if any(role.ceremony_id != rehearsal.ceremony_id for role in attendees):
            raise ApplicationError(_("Only people with a role in this ceremony can be called."))
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


# --- order of precedence ------------------------------------------------------------------------


@transaction.atomic
def set_precedence(
    *, ceremony: Ceremony, entries: Sequence[dict[str, Any]], by
) -> list[PrecedenceEntry]:
    """Replace the order of precedence; entries are ranked in the order given (1 = most senior).

    Each entry: {"role": CeremonyRole or None, "name": str, "seat": str, "speaks": bool}.
    """
    rows = []
    for rank, entry in enumerate(entries, start=1):
        role = entry.get("role")
        if role is not None and role.ceremony_id != ceremony.pk:
            raise ApplicationError(_("Only people with a role in this ceremony can be ranked."))
        row = PrecedenceEntry(
            ceremony=ceremony,
            rank=rank,
            role=role,
            name=entry.get("name", ""),
            seat=entry.get("seat", ""),
            speaks=bool(entry.get("speaks", False)),
        )
        row.full_clean()
        rows.append(row)
    ceremony.precedence.all().delete()
    PrecedenceEntry.objects.bulk_create(rows)
    log_action(
        ceremony, "ceremonies.precedence.set", by=by, order=[row.person_name for row in rows]
    )
    return rows


def renumber_precedence(*, ceremony: Ceremony) -> None:
    entries = list(ceremony.precedence.order_by("rank", "id"))
    for rank, entry in enumerate(entries, start=1):
        entry.rank = rank
    PrecedenceEntry.objects.bulk_update(entries, ["rank"])


# --- the live run -------------------------------------------------------------------------------


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
