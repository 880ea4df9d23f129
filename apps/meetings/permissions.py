"""Who may do what with meeting requests and meetings: the one place access is decided."""

from __future__ import annotations

from apps.delegations.models import Delegation
from apps.delegations.permissions import is_focal_point
from apps.meetings.models import Meeting, MeetingRequest


def can_manage_meetings(user) -> bool:
    """Organisers who may change the schedule (move, release, cancel, run the scheduler)."""
    return user.has_perm("meetings.change_meeting")


def can_view_all_meeting_requests(user) -> bool:
    """Organisers allowed to read bilateral requests (not, e.g., the credentials committee)."""
    return user.has_perm("meetings.view_meetingrequest")


def can_view_all_meetings(user) -> bool:
    return user.has_perm("meetings.view_meeting")


def can_view_meeting_request(user, request: MeetingRequest) -> bool:
    if can_view_all_meeting_requests(user):
        return True
    return is_focal_point(user, request.requester) or is_focal_point(user, request.invitee)


def can_request_meeting(user, requester: Delegation) -> bool:
    return can_manage_meetings(user) or is_focal_point(user, requester)


def answering_side(request: MeetingRequest) -> Delegation | None:
    """Who answers now: the invitee a request, the requester a counter-proposal."""
    if request.status == MeetingRequest.Status.REQUESTED:
        return request.invitee
    if request.status == MeetingRequest.Status.COUNTER_PROPOSED:
        return request.requester
    return None


def can_answer_meeting_request(user, request: MeetingRequest) -> bool:
    side = answering_side(request)
    return side is not None and (can_manage_meetings(user) or is_focal_point(user, side))


def can_counter_propose_meeting_request(user, request: MeetingRequest) -> bool:
    return request.status == MeetingRequest.Status.REQUESTED and (
        can_manage_meetings(user) or is_focal_point(user, request.invitee)
    )


def can_cancel_meeting_request(user, request: MeetingRequest) -> bool:
    return request.is_open and (
        can_manage_meetings(user)
        or is_focal_point(user, request.requester)
        or is_focal_point(user, request.invitee)
    )


def can_confirm_meeting(user, meeting: Meeting) -> bool:
    if meeting.status != Meeting.Status.PROPOSED:
        return False
    request = meeting.request
    return (
        can_manage_meetings(user)
        or is_focal_point(user, request.requester)
        or is_focal_point(user, request.invitee)
    )
