"""The request state machine (request, accept, decline, counter-propose, cancel, expire),
availability and per-delegation limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.editions import Action
from apps.core.errors import ApplicationError
from apps.core.services import log_action
from apps.delegations.models import Delegation
from apps.meetings import permissions
from apps.meetings.grid import Grid
from apps.meetings.models import (
    AssemblyMeetingSettings,
    DelegationAvailability,
    DelegationMeetingSettings,
    Meeting,
    MeetingRequest,
)
from apps.meetings.services.common import (
    announce_meeting,
    announce_request,
    check_open,
    require,
    rules_of,
    save_checked,
    schedule_soon,
)

Status = MeetingRequest.Status

# --- requests --------------------------------------------------------------------------------


@transaction.atomic
def request_meeting(
    *,
    requester: Delegation,
    invitee: Delegation,
    topic: str,
    by: Any,
    duration_minutes: int = 30,
    requester_attendees: int = 2,
    invitee_attendees: int = 2,
    priority: str = MeetingRequest.Priority.NORMAL,
    preferred: Iterable[str] = (),
    requester_head_required: bool = False,
    invitee_head_required: bool = False,
    note: str = "",
) -> MeetingRequest:
    require(permissions.can_request_meeting(by, requester))
    check_open(by, requester.assembly, Action.REQUEST_MEETINGS)
    if requester.assembly_id != invitee.assembly_id:
        raise ApplicationError(_("Both delegations must attend the same assembly."))
    if invitee.status == Delegation.Status.WITHDRAWN:
        raise ApplicationError(_("%(name)s has withdrawn from the assembly.") % {"name": invitee})
    assembly = requester.assembly
    preferred = Grid.of(assembly).validate_tokens(list(preferred))
    request = MeetingRequest(
        assembly=assembly,
        requester=requester,
        invitee=invitee,
        topic=topic,
        duration_minutes=duration_minutes,
        requester_attendees=requester_attendees,
        invitee_attendees=invitee_attendees,
        priority=priority,
        preferred=preferred,
        requester_head_required=requester_head_required,
        invitee_head_required=invitee_head_required,
        note=note,
        respond_by=rules_of(assembly).response_deadline,
        requested_by=by if getattr(by, "is_authenticated", False) else None,
    )
    save_checked(request)
    log_action(request, "meetings.request.created", by=by, invitee=invitee.code)
    announce_request("meetings.request_received", request, invitee)
    return request


def answering_side_of(by: Any, request: MeetingRequest) -> Delegation:
    """The side that answers the request now, once `by` is proved allowed to answer for it."""
    side = permissions.answering_side(request)
    if side is None or not permissions.can_answer_meeting_request(by, request):
        raise PermissionDenied
    return side


@transaction.atomic
def accept_meeting_request(*, request: MeetingRequest, by: Any) -> MeetingRequest:
    """The answering side accepts; a counter-proposal accepted replaces the preferred times."""
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    answering = answering_side_of(by, request)
    check_open(by, request.assembly, Action.ANSWER_MEETINGS)
    if request.status == Status.COUNTER_PROPOSED:
        request.preferred = request.counter_preferred
    request.status = Status.ACCEPTED
    request.answered_at = timezone.now()
    save_checked(request)
    log_action(request, "meetings.request.accepted", by=by, side=answering.code)
    announce_request("meetings.request_accepted", request, request.other_side(answering))
    schedule_soon(request.assembly_id, reason=_("request %(id)s accepted") % {"id": request.pk})
    return request


@transaction.atomic
def decline_meeting_request(
    *, request: MeetingRequest, by: Any, reason: str = ""
) -> MeetingRequest:
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    answering = answering_side_of(by, request)
    check_open(by, request.assembly, Action.ANSWER_MEETINGS)
    request.status = Status.DECLINED
    request.decline_reason = reason.strip()
    request.answered_at = timezone.now()
    save_checked(request)
    log_action(request, "meetings.request.declined", by=by, side=answering.code, reason=reason)
    announce_request("meetings.request_declined", request, request.other_side(answering))
    return request


@transaction.atomic
def counter_propose_meeting_request(
    *, request: MeetingRequest, by: Any, preferred: Iterable[str], note: str = ""
) -> MeetingRequest:
    """The invitee suggests other days or half-days; the requester then accepts or declines."""
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    require(permissions.can_counter_propose_meeting_request(by, request))
    check_open(by, request.assembly, Action.ANSWER_MEETINGS)
    tokens = Grid.of(request.assembly).validate_tokens(list(preferred))
    if not tokens:
        raise ValidationError(_("Choose at least one day or half-day to propose."))
    request.status = Status.COUNTER_PROPOSED
    request.counter_preferred = tokens
    if note:
        request.note = f"{request.note}\n\n{note}".strip()
    request.answered_at = timezone.now()
    save_checked(request)
    log_action(request, "meetings.request.counter_proposed", by=by, preferred=tokens)
    announce_request("meetings.request_countered", request, request.requester)
    return request


@transaction.atomic
def cancel_meeting_request(*, request: MeetingRequest, by: Any, reason: str = "") -> MeetingRequest:
    """Either side (or an organiser) withdraws; a meeting already placed is cancelled with it."""
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    require(permissions.can_cancel_meeting_request(by, request))
    previous = request.status
    request.status = Status.CANCELLED
    save_checked(request)
    log_action(request, "meetings.request.cancelled", by=by, reason=reason, previous=previous)
    meeting = Meeting.objects.filter(request=request, status__in=Meeting.ACTIVE_STATUSES).first()
    if meeting is not None:
        meeting_was = meeting.status  # an undo puts it back as it was (restore_meeting_request)
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence += 1
        save_checked(meeting)
        log_action(
            meeting, "meetings.meeting.cancelled", by=by, reason=reason, previous=meeting_was
        )
        announce_meeting("meetings.cancelled", meeting)
        schedule_soon(request.assembly_id, reason=_("a meeting was cancelled"), by=by)
    else:
        announce_request("meetings.request_cancelled", request, request.requester, request.invitee)
    return request


# How long "Undo" is offered after a request is withdrawn.
UNDO_CANCEL_WINDOW = dt.timedelta(minutes=10)


def cancellation_undoable_until(request: MeetingRequest) -> dt.datetime | None:
    """Until when the withdrawal of `request` may be undone (None: it is not withdrawn)."""
    if request.status != Status.CANCELLED:
        return None
    return request.updated_at + UNDO_CANCEL_WINDOW


def expire_meeting_requests(
    *, now: dt.datetime | None = None, ids: Iterable[int] | None = None
) -> int:
    """Unanswered requests past their deadline expire (only those of `ids` if given); returns
    how many did."""
    now = now or timezone.now()
    count = 0
    due = MeetingRequest.objects.filter(
        status__in=[Status.REQUESTED, Status.COUNTER_PROPOSED], respond_by__lte=now
    ).values_list("pk", flat=True)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    for pk in list(due):
        with transaction.atomic():
            request = MeetingRequest.objects.select_for_update().get(pk=pk)
            if request.status not in (Status.REQUESTED, Status.COUNTER_PROPOSED):
                continue
            request.status = Status.EXPIRED
            request.save(update_fields=["status", "updated_at"])
            log_action(request, "meetings.request.expired")
            count += 1
    return count


# --- availability and settings ---------------------------------------------------------------


@transaction.atomic
def declare_unavailability(
    *, delegation: Delegation, starts_at: dt.datetime, ends_at: dt.datetime, reason: str, by: Any
) -> DelegationAvailability:
    require(permissions.can_request_meeting(by, delegation))
    item = DelegationAvailability(
        delegation=delegation, starts_at=starts_at, ends_at=ends_at, reason=reason
    )
    save_checked(item)
    log_action(item, "meetings.unavailability.declared", by=by)
    schedule_soon(delegation.assembly_id, reason=_("availability changed"), by=by)
    return item


@transaction.atomic
def remove_unavailability(*, item: DelegationAvailability, by: Any) -> None:
    require(permissions.can_request_meeting(by, item.delegation))
    log_action(item, "meetings.unavailability.removed", by=by)
    assembly_id = item.delegation.assembly_id
    item.delete()
    schedule_soon(assembly_id, reason=_("availability changed"), by=by)


@transaction.atomic
def set_meeting_rules(*, assembly, by: Any, **fields: Any) -> AssemblyMeetingSettings:
    """The organisers' rules of an assembly's bilaterals (answer deadline, auto-confirm, time)."""
    require(permissions.can_manage_meetings(by))
    allowed = {"response_deadline", "auto_confirm", "solver_time_limit"}
    if set(fields) - allowed:
        raise ApplicationError(_("Unknown fields: %(names)s") % {"names": ", ".join(fields)})
    rules = rules_of(assembly)
    for name, value in fields.items():
        setattr(rules, name, value)
    save_checked(rules)
    log_action(rules, "meetings.rules.changed", by=by, **{k: str(v) for k, v in fields.items()})
    return rules


def settings_of(delegation: Delegation) -> DelegationMeetingSettings:
    found, _created = DelegationMeetingSettings.objects.get_or_create(delegation=delegation)
    return found


@transaction.atomic
def set_delegation_meeting_settings(
    *, delegation: Delegation, teams: int, max_per_day: int | None, by: Any
) -> DelegationMeetingSettings:
    require(permissions.can_manage_meetings(by))
    found = settings_of(delegation)
    found.teams, found.max_per_day = teams, max_per_day
    save_checked(found)
    log_action(found, "meetings.settings.changed", by=by, teams=teams, max_per_day=max_per_day)
    return found
