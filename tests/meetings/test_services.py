"""The request state machine, duplicate refusal, organisers' moves with clash messages, ics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.agenda.models import Session
from apps.core.errors import ApplicationError, ConflictError
from apps.core.models import AuditEntry
from apps.meetings import services
from apps.meetings.models import Meeting, MeetingRequest
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _request(requester, invitee, **kwargs):
    return services.request_meeting(
        requester=requester,
        invitee=invitee,
        topic=kwargs.pop("topic", "Cybercrime cooperation"),
        by=requester.focal_point,
        **kwargs,
    )


def _accepted(requester, invitee, **kwargs):
    request = _request(requester, invitee, **kwargs)
    return services.accept_meeting_request(request=request, by=invitee.focal_point)


def test_request_meeting_creates_request_audit_and_notification(morocco, france):
    request = _request(morocco, france, priority="essential", preferred=["2025-11-24 am"])

    assert request.status == MeetingRequest.Status.REQUESTED
    assert request.weight == 3
    assert request.requested_by == morocco.focal_point
    assert AuditEntry.objects.filter(action="meetings.request.created").count() == 1
    kinds = set(
        Notification.objects.filter(recipient=france.focal_point).values_list("kind", flat=True)
    )
    assert kinds == {"meetings.request_received"}


def test_request_meeting_refuses_duplicate_open_request_either_direction(morocco, france):
    _request(morocco, france)

    with pytest.raises(ValidationError) as error:
        _request(france, morocco)

    assert "already have an open meeting request" in str(error.value)
    assert MeetingRequest.objects.count() == 1


def test_request_meeting_allowed_again_after_decline(morocco, france):
    first = _request(morocco, france)
    services.decline_meeting_request(request=first, by=france.focal_point, reason="No time")

    second = _request(france, morocco)

    assert second.status == MeetingRequest.Status.REQUESTED


def test_request_meeting_refuses_foreign_requester(morocco, france, kenya):
    with pytest.raises(PermissionDenied):
        services.request_meeting(requester=morocco, invitee=france, topic="x", by=kenya.focal_point)


def test_request_meeting_refuses_unknown_preferred_day(morocco, france):
    with pytest.raises(ValidationError):
        _request(morocco, france, preferred=["2030-01-01"])


def test_accept_request_sets_status_and_notifies_requester(morocco, france):
    request = _request(morocco, france)

    request = services.accept_meeting_request(request=request, by=france.focal_point)

    assert request.status == MeetingRequest.Status.ACCEPTED
    assert request.answered_at is not None
    assert Notification.objects.filter(
        recipient=morocco.focal_point, kind="meetings.request_accepted"
    ).exists()


def test_accept_request_rejects_requester_itself(morocco, france):
    request = _request(morocco, france)

    with pytest.raises(PermissionDenied):
        services.accept_meeting_request(request=request, by=morocco.focal_point)


def test_accept_request_rejects_foreign_delegation(morocco, france, kenya):
    request = _request(morocco, france)

    with pytest.raises(PermissionDenied):
        services.accept_meeting_request(request=request, by=kenya.focal_point)


def test_decline_request_keeps_reason(morocco, france):
    request = _request(morocco, france)

    request = services.decline_meeting_request(
        request=request, by=france.focal_point, reason="Our head leaves early"
    )

    assert request.status == MeetingRequest.Status.DECLINED
    assert request.decline_reason == "Our head leaves early"
    assert Notification.objects.filter(
        recipient=morocco.focal_point, kind="meetings.request_declined"
    ).exists()


def test_counter_proposal_then_requester_accepts_with_new_preference(morocco, france):
    request = _request(morocco, france, preferred=["2025-11-24"])

    request = services.counter_propose_meeting_request(
        request=request, by=france.focal_point, preferred=["2025-11-26 pm"]
    )
    assert request.status == MeetingRequest.Status.COUNTER_PROPOSED
    with pytest.raises(PermissionDenied):
        services.accept_meeting_request(request=request, by=france.focal_point)
    request = services.accept_meeting_request(request=request, by=morocco.focal_point)

    assert request.status == MeetingRequest.Status.ACCEPTED
    assert request.preferred == ["2025-11-26 pm"]


def test_answering_a_declined_request_is_refused(morocco, france):
    request = _request(morocco, france)
    services.decline_meeting_request(request=request, by=france.focal_point)

    with pytest.raises(PermissionDenied):
        services.accept_meeting_request(request=request, by=france.focal_point)


def test_cancel_request_by_either_side(morocco, france):
    request = _request(morocco, france)

    request = services.cancel_meeting_request(request=request, by=france.focal_point)

    assert request.status == MeetingRequest.Status.CANCELLED
    assert Notification.objects.filter(kind="meetings.request_cancelled").count() == 4


def test_expire_requests_past_deadline_only(morocco, france, kenya, assembly):
    rules = services.rules_of(assembly)
    rules.response_deadline = dt.datetime(2025, 11, 20, tzinfo=dt.UTC)
    rules.save()
    late = _request(morocco, france)
    answered = _accepted(morocco, kenya)

    count = services.expire_meeting_requests(now=dt.datetime(2025, 11, 21, tzinfo=dt.UTC))

    late.refresh_from_db()
    answered.refresh_from_db()
    assert count == 1
    assert late.status == MeetingRequest.Status.EXPIRED
    assert answered.status == MeetingRequest.Status.ACCEPTED


def test_place_meeting_refuses_room_too_small(morocco, france, rooms, organiser, at):
    request = _accepted(morocco, france, requester_attendees=4, invitee_attendees=4)

    with pytest.raises(ConflictError) as error:
        services.place_meeting(
            request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
        )

    assert "Room B01 seats 6; this meeting needs 8." in error.value.message


def test_move_meeting_refuses_taken_room_naming_the_clash(
    morocco, france, kenya, rooms, organiser, at
):
    first = services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    second = services.place_meeting(
        request=_accepted(kenya, france, topic="Wildlife"),
        room=rooms[1],
        starts_at=at(0, "11:00"),
        by=organiser,
    )

    with pytest.raises(ConflictError) as error:
        services.move_meeting(meeting=second, room=rooms[0], starts_at=at(0, "10:00"), by=organiser)

    assert "Room B01 is already taken by Morocco and France at 10:00 Marrakech (UTC+1)" in (
        error.value.message
    )
    assert "France already has 1 meeting(s) then" in error.value.message
    second.refresh_from_db()
    assert second.room == rooms[1]
    assert first.room == rooms[0]


def test_move_meeting_allows_teams_in_parallel(morocco, france, kenya, rooms, organiser, at):
    services.set_delegation_meeting_settings(
        delegation=morocco, teams=2, max_per_day=None, by=organiser
    )
    services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    other = services.place_meeting(
        request=_accepted(morocco, kenya), room=rooms[1], starts_at=at(0, "11:00"), by=organiser
    )

    moved = services.move_meeting(
        meeting=other, room=rooms[1], starts_at=at(0, "10:00"), by=organiser
    )

    assert moved.starts_at == at(0, "10:00")
    assert moved.sequence == 1
    assert AuditEntry.objects.filter(action="meetings.meeting.moved").count() == 1
    assert Notification.objects.filter(kind="meetings.moved", recipient=kenya.focal_point).exists()


def test_head_attends_one_meeting_at_a_time(morocco, france, kenya, rooms, organiser, at):
    services.set_delegation_meeting_settings(
        delegation=morocco, teams=2, max_per_day=None, by=organiser
    )
    services.place_meeting(
        request=_accepted(morocco, france, requester_head_required=True),
        room=rooms[0],
        starts_at=at(0, "10:00"),
        by=organiser,
    )

    with pytest.raises(ConflictError) as error:
        services.place_meeting(
            request=_accepted(morocco, kenya, requester_head_required=True),
            room=rooms[1],
            starts_at=at(0, "10:00"),
            by=organiser,
        )

    assert (
        "The head of Morocco's delegation is already in Morocco and France" in error.value.message
    )


def test_move_meeting_refuses_compulsory_session_and_off_grid(
    morocco, france, rooms, organiser, assembly, at
):
    Session.objects.create(
        assembly=assembly,
        kind=Session.Kind.OPENING,
        title_en="Opening ceremony",
        starts_at=at(0, "09:00"),
        ends_at=at(0, "10:00"),
        attendance=Session.Attendance.ALL,
        visibility=Session.Visibility.PUBLISHED,
    )
    request = _accepted(morocco, france)

    with pytest.raises(ConflictError) as error:
        services.place_meeting(
            request=request, room=rooms[0], starts_at=at(0, "09:30"), by=organiser
        )
    assert 'It overlaps the compulsory session "Opening ceremony"' in error.value.message

    with pytest.raises(ConflictError) as error:
        services.place_meeting(
            request=request, room=rooms[0], starts_at=at(0, "10:10"), by=organiser
        )
    assert "slot grid" in error.value.message


def test_move_meeting_refuses_focal_point(morocco, france, rooms, organiser, at):
    meeting = services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )

    with pytest.raises(PermissionDenied):
        services.move_meeting(
            meeting=meeting, room=rooms[1], starts_at=at(0, "11:00"), by=morocco.focal_point
        )


def test_confirm_by_both_sides_then_release(morocco, france, rooms, organiser, at):
    meeting = services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )

    meeting = services.confirm_meeting(meeting=meeting, by=morocco.focal_point)
    assert meeting.status == Meeting.Status.PROPOSED
    meeting = services.confirm_meeting(meeting=meeting, by=france.focal_point)
    assert meeting.status == Meeting.Status.CONFIRMED

    meeting = services.release_meeting(meeting=meeting, by=organiser)
    assert meeting.status == Meeting.Status.PROPOSED
    assert not meeting.confirmed_by_requester


def test_release_refuses_proposed_meeting(morocco, france, rooms, organiser, at):
    meeting = services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )

    with pytest.raises(ApplicationError):
        services.release_meeting(meeting=meeting, by=organiser)


def test_cancel_request_cancels_its_meeting(morocco, france, rooms, organiser, at):
    request = _accepted(morocco, france)
    meeting = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )

    services.cancel_meeting_request(request=request, by=morocco.focal_point, reason="Plans changed")

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert Notification.objects.filter(
        kind="meetings.cancelled", recipient=france.focal_point
    ).exists()
    # the room is free again
    again = services.place_meeting(
        request=_accepted(kenya_like(morocco), france),
        room=rooms[0],
        starts_at=at(0, "10:00"),
        by=organiser,
    )
    assert again.status == Meeting.Status.PROPOSED


def kenya_like(morocco):
    from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory

    delegation = DelegationFactory(
        assembly=morocco.assembly, country=MemberCountryFactory(iso2="JP")
    )
    delegation.focal_point = UserFactory()
    delegation.focal_points.add(delegation.focal_point)
    return delegation


def test_meeting_to_ics_has_local_times_and_vtimezone(morocco, france, rooms, organiser, at):
    meeting = services.place_meeting(
        request=_accepted(morocco, france), room=rooms[0], starts_at=at(1, "15:30"), by=organiser
    )

    ics = meeting.to_ics().decode()

    assert "BEGIN:VTIMEZONE" in ics
    assert "TZID:Africa/Casablanca" in ics
    assert "DTSTART;TZID=Africa/Casablanca:20251125T153000" in ics
    assert "LOCATION:Atlas (B01)" in ics
    assert "STATUS:TENTATIVE" in ics
