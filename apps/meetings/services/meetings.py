"""Organisers' changes to meetings, guarded by one clash check that names every clash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agenda.models import Room
from apps.agenda.selectors import compulsory_sessions
from apps.core.errors import ApplicationError, ConflictError
from apps.core.models import AuditEntry
from apps.core.services import log_action
from apps.core.timezones import format_local
from apps.delegations.selectors import focal_points_of
from apps.meetings import permissions
from apps.meetings.grid import Grid
from apps.meetings.models import (
    DelegationAvailability,
    DelegationMeetingSettings,
    Meeting,
    MeetingRequest,
)
from apps.meetings.services.common import (
    announce_meeting,
    conflicts_as_409,
    meeting_context,
    request_context,
    require,
    save_checked,
    schedule_soon,
)
from apps.meetings.services.requests import cancel_meeting_request, cancellation_undoable_until
from apps.notifications.services import cancel_pending, notify

Status = MeetingRequest.Status

# --- the clash check shared by organisers' moves and the scheduler's results --------------------


def lock_delegations(delegation_ids: Iterable[int]) -> dict[int, DelegationMeetingSettings]:
    """Lock the settings rows of these delegations (creating missing ones), always in id order.

    Every booking takes these locks first, so two organisers placing a meeting for the same
    delegation at once are serialised and the second sees the first's booking.
    """
    ids = sorted(set(delegation_ids))
    DelegationMeetingSettings.objects.bulk_create(
        [DelegationMeetingSettings(delegation_id=pk) for pk in ids], ignore_conflicts=True
    )
    rows = (
        DelegationMeetingSettings.objects.select_for_update()
        .filter(delegation_id__in=ids)
        .order_by("delegation_id")
    )
    return {row.delegation_id: row for row in rows}


def _label(meeting: Meeting, assembly) -> str:
    return _("%(a)s and %(b)s at %(time)s in %(room)s") % {
        "a": meeting.request.requester,
        "b": meeting.request.invitee,
        "time": format_local(meeting.starts_at, assembly.tz, assembly.city),
        "room": meeting.room.code,
    }


def find_clashes(
    *,
    request: MeetingRequest,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    exclude_meeting_id: int | None = None,
    locks: dict[int, DelegationMeetingSettings] | None = None,
) -> list[str]:
    """Every reason this request cannot sit in `room` from `starts_at` to `ends_at`, in words."""
    assembly = request.assembly
    grid = Grid.of(assembly)
    problems: list[str] = []
    if room.venue.assembly_id != assembly.pk:
        problems.append(_("Room %(room)s is not at this assembly's venue.") % {"room": room.code})
    if room.capacity < request.attendees:
        problems.append(
            _("Room %(room)s seats %(seats)s; this meeting needs %(need)s.")
            % {"room": room.code, "seats": room.capacity, "need": request.attendees}
        )
    slots = [grid.index_of(starts_at + k * grid.slot) for k in range(request_slots(request))]
    on_grid = [slot for slot in slots if slot is not None]
    if len(on_grid) != len(slots) or len({s // grid.slots_per_day for s in on_grid}) != 1:
        problems.append(_("A meeting starts on the slot grid and stays within one meeting day."))
    overlapping_rows = (
        Meeting.objects.filter(
            assembly=assembly,
            status__in=Meeting.ACTIVE_STATUSES,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(pk=exclude_meeting_id or 0)
        .select_related("room", "request__requester__country", "request__invitee__country")
        .select_related("request__requester__organisation", "request__invitee__organisation")
    )
    overlapping = list(overlapping_rows)
    problems.extend(
        _("Room %(room)s is already taken by %(other)s.")
        % {"room": room.code, "other": _label(other, assembly)}
        for other in overlapping
        if other.room_id == room.pk
    )
    locks = locks or {}
    sides = [
        (request.requester, request.requester_head_required),
        (request.invitee, request.invitee_head_required),
    ]
    for delegation, head in sides:
        own = [
            m
            for m in overlapping
            if delegation.pk in (m.request.requester_id, m.request.invitee_id)
        ]
        teams = locks[delegation.pk].teams if delegation.pk in locks else 1
        step = starts_at
        while step < ends_at:
            at_once = [m for m in own if m.starts_at < step + grid.slot and m.ends_at > step]
            if len(at_once) >= teams:
                problems.append(
                    _(
                        "%(name)s already has %(count)s meeting(s) then "
                        "(%(teams)s at once at most): %(list)s."
                    )
                    % {
                        "name": delegation,
                        "count": len(at_once),
                        "teams": teams,
                        "list": "; ".join(_label(m, assembly) for m in at_once),
                    }
                )
                break
            step += grid.slot
        if head:
            for other in own:
                other_head = (
                    other.request.requester_head_required
                    if other.request.requester_id == delegation.pk
                    else other.request.invitee_head_required
                )
                if other_head:
                    problems.append(
                        _("The head of %(name)s's delegation is already in %(other)s.")
                        % {"name": delegation, "other": _label(other, assembly)}
                    )
        problems.extend(
            _("%(name)s is unavailable then (%(reason)s).")
            % {"name": delegation, "reason": item.reason or _("declared unavailable")}
            for item in DelegationAvailability.objects.filter(
                delegation=delegation, starts_at__lt=ends_at, ends_at__gt=starts_at
            )
        )
        max_per_day = locks[delegation.pk].max_per_day if delegation.pk in locks else None
        if max_per_day:
            local_day = starts_at.astimezone(assembly.tz).date()
            day_start = dt.datetime.combine(local_day, dt.time(0), tzinfo=assembly.tz)
            same_day = (
                Meeting.objects.filter(
                    Q(request__requester=delegation) | Q(request__invitee=delegation),
                    status__in=Meeting.ACTIVE_STATUSES,
                    starts_at__gte=day_start,
                    starts_at__lt=day_start + dt.timedelta(days=1),
                )
                .exclude(pk=exclude_meeting_id or 0)
                .count()
            )
            if same_day >= max_per_day:
                problems.append(
                    _("%(name)s already has its %(max)s meetings that day.")
                    % {"name": delegation, "max": max_per_day}
                )
    problems.extend(
        _('It overlaps the compulsory session "%(title)s" at %(time)s.')
        % {
            "title": session.title,
            "time": format_local(session.starts_at, assembly.tz, assembly.city),
        }
        for session in compulsory_sessions(assembly=assembly).filter(
            starts_at__lt=ends_at, ends_at__gt=starts_at
        )
    )
    return problems


def lock_room(room: Room) -> None:
    """Lock the room's row, after the delegations' (always in that order): two organisers
    placing meetings in one room at once are serialised, and the second sees the first's."""
    Room.objects.select_for_update().filter(pk=room.pk).exists()


def _save_or_name_clash(meeting: Meeting, *, exclude_meeting_id: int | None, locks) -> None:
    """Save; when the database refuses an overlap (a writer that took no room lock, such as a
    scheduler run), say which meeting it clashes with rather than a bare "clashes"."""
    try:
        save_checked(meeting)
    except ConflictError as exc:
        problems = find_clashes(
            request=meeting.request,
            room=meeting.room,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            exclude_meeting_id=exclude_meeting_id,
            locks=locks,
        )
        if not problems:
            raise
        raise ConflictError(" ".join(problems), extra={"clashes": problems}) from exc


def request_slots(request: MeetingRequest) -> int:
    minutes = request.assembly.meeting_slot_minutes
    return max(1, -(-request.duration_minutes // minutes))


# --- meetings (organisers) ---------------------------------------------------------------------


@conflicts_as_409
@transaction.atomic
def place_meeting(
    *,
    request: MeetingRequest,
    room: Room,
    starts_at: dt.datetime,
    by: Any,
    confirm: bool = False,
) -> Meeting:
    """An organiser puts an accepted request in a room at a time."""
    require(permissions.can_manage_meetings(by))
    locks = lock_delegations([request.requester_id, request.invitee_id])
    lock_room(room)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.ACCEPTED:
        raise ApplicationError(_("Only an accepted request can be placed."))
    if Meeting.objects.filter(request=request).exclude(status=Meeting.Status.CANCELLED).exists():
        raise ConflictError(_("This request already has a meeting; move it instead."))
    ends_at = starts_at + dt.timedelta(minutes=request.duration_minutes)
    problems = find_clashes(
        request=request, room=room, starts_at=starts_at, ends_at=ends_at, locks=locks
    )
    if problems:
        raise ConflictError(" ".join(problems), extra={"clashes": problems})
    Meeting.objects.filter(request=request, status=Meeting.Status.CANCELLED).delete()
    meeting = Meeting(
        request=request,
        assembly=request.assembly,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        status=Meeting.Status.CONFIRMED if confirm else Meeting.Status.PROPOSED,
        confirmed_by_requester=confirm,
        confirmed_by_invitee=confirm,
    )
    _save_or_name_clash(meeting, exclude_meeting_id=None, locks=locks)
    log_action(meeting, "meetings.meeting.placed", by=by, room=room.code, starts_at=str(starts_at))
    announce_meeting("meetings.scheduled", meeting)
    return meeting


@conflicts_as_409
@transaction.atomic
def move_meeting(*, meeting: Meeting, room: Room, starts_at: dt.datetime, by: Any) -> Meeting:
    """An organiser moves a meeting; every clash is refused and named."""
    require(permissions.can_manage_meetings(by))
    request = meeting.request
    locks = lock_delegations([request.requester_id, request.invitee_id])
    lock_room(room)
    meeting = (
        Meeting.objects.select_for_update().select_related("request__assembly").get(pk=meeting.pk)
    )
    if meeting.status not in (Meeting.Status.PROPOSED, Meeting.Status.CONFIRMED):
        raise ApplicationError(_("Only a proposed or confirmed meeting can be moved."))
    ends_at = starts_at + dt.timedelta(minutes=meeting.request.duration_minutes)
    problems = find_clashes(
        request=meeting.request,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_meeting_id=meeting.pk,
        locks=locks,
    )
    if problems:
        raise ConflictError(" ".join(problems), extra={"clashes": problems})
    before = {"room": meeting.room.code, "starts_at": str(meeting.starts_at)}
    meeting.room, meeting.starts_at, meeting.ends_at = room, starts_at, ends_at
    meeting.sequence += 1
    _save_or_name_clash(meeting, exclude_meeting_id=meeting.pk, locks=locks)
    log_action(
        meeting,
        "meetings.meeting.moved",
        by=by,
        before=before,
        after={"room": room.code, "starts_at": str(starts_at)},
    )
    announce_meeting("meetings.moved", meeting)
    return meeting


@transaction.atomic
def confirm_meeting(*, meeting: Meeting, by: Any) -> Meeting:
    """An organiser confirms outright; a focal point confirms for its side, both make it firm."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require(permissions.can_confirm_meeting(by, meeting))
    request = meeting.request
    if permissions.can_manage_meetings(by):
        meeting.confirmed_by_requester = meeting.confirmed_by_invitee = True
    else:
        if permissions.is_focal_point(by, request.requester):
            meeting.confirmed_by_requester = True
        if permissions.is_focal_point(by, request.invitee):
            meeting.confirmed_by_invitee = True
    if meeting.confirmed_by_requester and meeting.confirmed_by_invitee:
        meeting.status = Meeting.Status.CONFIRMED
    save_checked(meeting)
    log_action(meeting, "meetings.meeting.confirmed", by=by, status=meeting.status)
    return meeting


@dataclass(frozen=True)
class BulkConfirmation:
    confirmed: list[Meeting]
    errors: dict[int, str]  # meeting id -> why it could not be confirmed


@transaction.atomic
def confirm_meetings(*, meetings: Iterable[Meeting], by: Any) -> BulkConfirmation:
    """Confirm several meetings in one transaction, one `confirm_meeting` per meeting.

    Each meeting has its own savepoint: one that cannot be confirmed (cancelled meanwhile,
    not one's own) is reported by id with its reason, and the others are confirmed.
    """
    confirmed: list[Meeting] = []
    errors: dict[int, str] = {}
    for meeting in meetings:
        try:
            with transaction.atomic():
                confirmed.append(confirm_meeting(meeting=meeting, by=by))
        except PermissionDenied:
            errors[meeting.pk] = _("This meeting cannot be confirmed (any more).")
        except ApplicationError as exc:
            errors[meeting.pk] = exc.message
        except ValidationError as exc:
            errors[meeting.pk] = " ".join(exc.messages)
    return BulkConfirmation(confirmed=confirmed, errors=errors)


@transaction.atomic
def release_meeting(*, meeting: Meeting, by: Any) -> Meeting:
    """A confirmed meeting becomes proposed again, so the scheduler may move it."""
    require(permissions.can_manage_meetings(by))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.CONFIRMED:
        raise ApplicationError(_("Only a confirmed meeting can be released."))
    meeting.status = Meeting.Status.PROPOSED
    meeting.confirmed_by_requester = meeting.confirmed_by_invitee = False
    save_checked(meeting)
    log_action(meeting, "meetings.meeting.released", by=by)
    schedule_soon(meeting.assembly_id, reason=_("a meeting was released"), by=by)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: Any, reason: str = "") -> Meeting:
    """An organiser cancels a meeting, and with it the request."""
    require(permissions.can_manage_meetings(by))
    cancel_meeting_request(request=meeting.request, by=by, reason=reason)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def mark_meeting_held(*, meeting: Meeting, by: Any) -> Meeting:
    require(permissions.can_manage_meetings(by))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.CONFIRMED:
        raise ApplicationError(_("Only a confirmed meeting can be marked as held."))
    meeting.status = Meeting.Status.HELD
    save_checked(meeting)
    log_action(meeting, "meetings.meeting.held", by=by)
    return meeting


# --- undoing a withdrawal ----------------------------------------------------------------------


@dataclass(frozen=True)
class Restoration:
    """What the undo of a withdrawal gave back."""

    request: MeetingRequest
    # The meeting back at its time and in its room, or None.
    meeting: Meeting | None
    # The request was accepted and placed, but its time or room was taken meanwhile: it waits
    # for placement again.
    awaiting_placement: bool


def _status_before(obj, action: str) -> str | None:
    """The `previous` status recorded by the last `action` on `obj` (None when not recorded)."""
    entry = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            action=action,
        )
        .order_by("-at", "-pk")
        .first()
    )
    return entry.data.get("previous") if entry is not None else None


def _put_meeting_back(
    meeting: Meeting, *, request: MeetingRequest, locks: dict[int, DelegationMeetingSettings]
) -> Meeting | None:
    """The withdrawn request's meeting back as it was, if its time and room are still free."""
    problems = find_clashes(
        request=request,
        room=meeting.room,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        exclude_meeting_id=meeting.pk,
        locks=locks,
    )
    if problems:
        return None
    was = _status_before(meeting, "meetings.meeting.cancelled")
    if was not in Meeting.ACTIVE_STATUSES:  # cancelled before the status was recorded
        both = meeting.confirmed_by_requester and meeting.confirmed_by_invitee
        was = Meeting.Status.CONFIRMED if both else Meeting.Status.PROPOSED
    meeting.status = was
    meeting.sequence += 1
    try:
        save_checked(meeting)  # its own savepoint: a lost race leaves the meeting cancelled
    except ConflictError:
        return None
    return meeting


@conflicts_as_409
@transaction.atomic
def restore_meeting_request(*, request: MeetingRequest, by: Any) -> Restoration:
    """Undo a withdrawal shortly after it: the request is open again as it was.

    Only the requester's side (or an organiser) withdraws with an undo, within
    `UNDO_CANCEL_WINDOW`. A meeting the withdrawal cancelled is put back at the same time in
    the same room when both are still free; otherwise the accepted request waits for placement
    again (the next scheduler run). The other delegation is told once.
    """
    require(
        permissions.can_manage_meetings(by) or permissions.is_focal_point(by, request.requester)
    )
    # Locks in the order every booking takes them: delegations, room, then the request.
    locks = lock_delegations([request.requester_id, request.invitee_id])
    cancelled = (
        Meeting.objects.filter(request_id=request.pk, status=Meeting.Status.CANCELLED)
        .select_related("room")
        .first()
    )
    if cancelled is not None:
        lock_room(cancelled.room)
    request = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("assembly", "requester", "invitee")
        .get(pk=request.pk)
    )
    until = cancellation_undoable_until(request)
    if until is None:
        raise ApplicationError(_("This request is not withdrawn."), status=409)
    if timezone.now() > until:
        raise ApplicationError(
            _("The withdrawal can no longer be undone; send a new request."), status=409
        )
    previous = _status_before(request, "meetings.request.cancelled")
    if previous not in (Status.REQUESTED, Status.COUNTER_PROPOSED, Status.ACCEPTED):
        raise ApplicationError(_("This request is not withdrawn."), status=409)
    request.status = previous
    save_checked(request)
    meeting = None
    if previous == Status.ACCEPTED and cancelled is not None:
        meeting = _put_meeting_back(cancelled, request=request, locks=locks)
    awaiting = previous == Status.ACCEPTED and meeting is None
    log_action(
        request,
        "meetings.request.restored",
        by=by,
        status=previous,
        meeting=meeting.pk if meeting is not None else None,
        awaiting_placement=awaiting,
    )
    # What the withdrawal queued and is not sent yet no longer holds.
    cancel_pending(subject=request, kinds=["meetings.request_cancelled"])
    if meeting is not None:
        cancel_pending(subject=meeting, kinds=["meetings.cancelled"])
        log_action(meeting, "meetings.meeting.restored", by=by, status=meeting.status)
        notify(
            kind="meetings.request_restored",
            subject=meeting,
            recipients=focal_points_of(request.invitee),
            context={**meeting_context(meeting), "meeting_restored": True},
        )
    else:
        notify(
            kind="meetings.request_restored",
            subject=request,
            recipients=focal_points_of(request.invitee),
            context={**request_context(request), "awaiting_placement": awaiting},
        )
        if awaiting:
            schedule_soon(request.assembly_id, reason=_("a request was restored"), by=by)
    return Restoration(request=request, meeting=meeting, awaiting_placement=awaiting)
