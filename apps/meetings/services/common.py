"""Shared by the meetings services: conflict translation, saving, announcing."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.editions import check_delegation_may
from apps.core.errors import ConflictError, is_conflict
from apps.delegations.models import Delegation
from apps.delegations.selectors import focal_points_of
from apps.meetings import permissions
from apps.meetings.models import (
    AssemblyMeetingSettings,
    Meeting,
    MeetingRequest,
)
from apps.notifications.services import cancel_pending, notify

Status = MeetingRequest.Status


def conflicts_as_409(func: Callable) -> Callable:
    """A database exclusion violation or deadlock (23P01/40P01) becomes a clear ConflictError."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (IntegrityError, DatabaseError) as exc:
            if isinstance(exc, IntegrityError) or is_conflict(exc):
                raise ConflictError(
                    _(
                        "Someone else changed the schedule at the same moment and this change "
                        "now clashes with theirs. Reload and try again."
                    )
                ) from exc
            raise

    return wrapper


# --- helpers ---------------------------------------------------------------------------------


def request_context(request: MeetingRequest) -> dict[str, Any]:
    return {
        "request_id": request.pk,
        "requester": request.requester.name,
        "invitee": request.invitee.name,
        "topic": request.topic,
        "duration_minutes": request.duration_minutes,
        "decline_reason": request.decline_reason,
    }


def meeting_context(meeting: Meeting) -> dict[str, Any]:
    return {
        **request_context(meeting.request),
        "meeting_id": meeting.pk,
        "room": f"{meeting.room.name} ({meeting.room.code})",
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
    }


def announce_request(kind: str, request: MeetingRequest, *to: Delegation) -> None:
    notify(
        kind=kind,
        subject=request,
        recipients=focal_points_of(*to),
        context=request_context(request),
    )


def announce_meeting(kind: str, meeting: Meeting) -> None:
    cancel_pending(subject=meeting)
    notify(
        kind=kind,
        subject=meeting,
        recipients=focal_points_of(meeting.request.requester, meeting.request.invitee),
        context=meeting_context(meeting),
    )


def check_open(by: Any, assembly, action: str) -> None:
    """Refuse a delegation's request or answer once the edition has closed `action`;
    organisers who manage meetings are not bound by it."""
    if permissions.can_manage_meetings(by):
        return
    check_delegation_may(assembly, action)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def schedule_soon(assembly_id: int, *, reason: str, by: Any = None) -> None:
    """Ask for a scheduler run once this transaction commits (debounced, see runs.py)."""
    from apps.meetings.services.runs import request_schedule_run

    transaction.on_commit(
        lambda: request_schedule_run(assembly_id=assembly_id, reason=reason, by=by)
    )


def save_checked(instance, *, update_fields: list[str] | None = None) -> None:
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise ConflictError(
            _("This change clashes with data already recorded. Reload and try again.")
        ) from exc


def rules_of(assembly) -> AssemblyMeetingSettings:
    rules, _created = AssemblyMeetingSettings.objects.get_or_create(assembly=assembly)
    return rules
