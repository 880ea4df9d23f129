"""Who is told about a part or a rehearsal, and when; the outbox keeps the rows
(apps.notifications.services.sync_reminders)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.ceremonies.models import Ceremony, CeremonyRole, Rehearsal, RoleKind
from apps.delegations.selectors import focal_points_of
from apps.notifications.services import sync_reminders

KIND_ROLE_ASSIGNED = "ceremonies.role_assigned"
KIND_CALL_TIME = "ceremonies.call_time"
KIND_REHEARSAL = "ceremonies.rehearsal"
CALL_TIME_LEAD = dt.timedelta(hours=2)
REHEARSAL_LEAD = dt.timedelta(hours=24)


def role_recipients(role: CeremonyRole) -> list[Any]:
    """The person (their e-mail) and their delegation's focal points (accounts)."""
    recipients: list[Any] = []
    delegate = role.delegate
    if delegate is not None:
        if delegate.email:
            recipients.append(delegate.email)
        recipients.extend(focal_points_of(delegate.delegation))
    elif role.guest_email:
        recipients.append(role.guest_email)
    return recipients


def role_context(role: CeremonyRole) -> dict[str, Any]:
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
    sync_reminders(
        kind=KIND_CALL_TIME,
        subject=role,
        recipients=role_recipients(role),
        due_at=due_at,
        context=role_context(role),
    )


def sync_rehearsal_reminders(*, rehearsal: Rehearsal, now: dt.datetime | None = None) -> None:
    """Everyone who must come (and their focal points) is reminded REHEARSAL_LEAD before."""
    now = now or timezone.now()
    roles = rehearsal.attendees.select_related("delegate__delegation").prefetch_related(
        "delegate__delegation__focal_points"
    )
    recipients = [recipient for role in roles for recipient in role_recipients(role)]
    due_at = max(rehearsal.starts_at - REHEARSAL_LEAD, now) if rehearsal.starts_at > now else None
    sync_reminders(
        kind=KIND_REHEARSAL,
        subject=rehearsal,
        recipients=recipients,
        due_at=due_at,
        context={
            "ceremony_id": rehearsal.ceremony_id,
            "ceremony_title": rehearsal.ceremony.title_en,
            "starts_at": rehearsal.starts_at.isoformat(),
            "ends_at": rehearsal.ends_at.isoformat(),
            "place": rehearsal.place,
        },
    )


def read_context(notification: Any) -> dict[str, Any]:
    """A ceremonies message as read in the active language: the ceremony's title, the part's
    name, the position on stage or the rehearsal's place in their translation. A text changed
    since the message was written keeps its stored version (the message says what it said)."""
    context = notification.context
    fresh: dict[str, Any] = {}
    if context.get("role") in RoleKind.values:
        fresh["role_label"] = str(RoleKind(context["role"]).label)
    ceremony_id = context.get("ceremony_id")
    ceremony = Ceremony.objects.filter(pk=ceremony_id).first() if ceremony_id else None
    if ceremony is not None and context.get("ceremony_title") == ceremony.title_en:
        fresh["ceremony_title"] = ceremony.title
    subject = notification.subject if notification.content_type_id else None
    if isinstance(subject, CeremonyRole) and context.get("position") == subject.position:
        fresh["position"] = subject.display_position
    if isinstance(subject, Rehearsal) and context.get("place") == subject.place:
        fresh["place"] = subject.display_place
    return fresh
