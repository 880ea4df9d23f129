"""Portal pages: requests in and out, answering, the schedule; scoping and query counts."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from apps.meetings import services
from apps.meetings.models import DelegationAvailability, MeetingRequest, ScheduleRun
from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _request(requester, invitee, topic="Cybercrime"):
    return services.request_meeting(
        requester=requester, invitee=invitee, topic=topic, by=requester.focal_point
    )


def _partners(assembly, count):
    codes = ["DE", "IN", "MX", "EG", "BR"]
    return [
        DelegationFactory(
            assembly=assembly, country=MemberCountryFactory(iso2=code, name_en=f"Land {code}")
        )
        for code in codes[:count]
    ]


def test_request_list_shows_incoming_and_outgoing(client, morocco, france, kenya):
    _request(france, morocco, topic="Maritime security")
    _request(morocco, kenya, topic="Wildlife crime")
    client.force_login(morocco.focal_point)

    page = client.get(reverse("meetings:requests")).content.decode()

    assert "Maritime security" in page
    assert "Wildlife crime" in page
    assert "awaits your answer" in page


def test_third_delegation_sees_nothing_of_a_b(client, morocco, france, kenya, rooms, organiser, at):
    request = _request(morocco, france, topic="Secret topic")
    services.accept_meeting_request(request=request, by=france.focal_point)
    meeting = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    client.force_login(kenya.focal_point)

    assert "Secret topic" not in client.get(reverse("meetings:requests")).content.decode()
    assert "Secret topic" not in client.get(reverse("meetings:schedule")).content.decode()
    detail = client.get(reverse("meetings:request_detail", args=[request.pk]))
    ics = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    answer = client.post(reverse("meetings:request_answer", args=[request.pk, "cancel"]))
    confirm = client.post(reverse("meetings:meeting_confirm", args=[meeting.pk]))

    assert [detail.status_code, ics.status_code, answer.status_code, confirm.status_code] == [
        404,
        404,
        404,
        404,
    ]
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED


def test_create_request_through_the_form(client, morocco, france):
    client.force_login(morocco.focal_point)

    response = client.post(
        reverse("meetings:request_create"),
        {
            "submission": uuid.uuid4().hex,
            "invitee": france.pk,
            "topic": "Counter-terrorism",
            "duration_minutes": "60",
            "requester_attendees": "3",
            "invitee_attendees": "2",
            "priority": "high",
            "preferred": ["2025-11-25 am"],
            "requester_head_required": "on",
        },
    )

    created = MeetingRequest.objects.get()
    assert response.url == reverse("meetings:request_detail", args=[created.pk])
    assert (created.invitee, created.duration_minutes, created.priority) == (france, 60, "high")
    assert created.preferred == ["2025-11-25 am"]
    assert created.requester_head_required is True


def test_create_duplicate_request_shows_message(client, morocco, france):
    _request(france, morocco)
    client.force_login(morocco.focal_point)

    response = client.post(
        reverse("meetings:request_create"),
        {
            "submission": uuid.uuid4().hex,
            "invitee": france.pk,
            "topic": "Again",
            "duration_minutes": "30",
            "requester_attendees": "2",
            "invitee_attendees": "2",
            "priority": "normal",
        },
    )

    assert response.status_code == 200
    assert "already have an open meeting request" in response.content.decode()
    assert MeetingRequest.objects.count() == 1


def test_request_form_offers_one_type_ahead_of_the_other_delegations(
    client, morocco, france, kenya
):
    client.force_login(morocco.focal_point)

    page = client.get(reverse("meetings:request_create")).content.decode()

    assert 'list="invitee-options"' in page
    assert (
        '<datalist id="invitee-options"><option value="France">FR</option>'
        '<option value="Kenya">KE</option></datalist>'
    ) in page
    assert "Placed before normal ones" not in page  # explanations are in words, not a tooltip
    assert "the scheduler gives up other meetings before this one" in page
    # The preferred times are a grid: a row per day, a checkbox per half-day.
    assert 'value="2025-11-25 am" id="id_preferred_20251125_am"' in page


@pytest.mark.parametrize("typed", ["Kenya", "kenya", "KE"])
def test_request_form_takes_a_typed_name_or_code(client, morocco, kenya, typed):
    client.force_login(morocco.focal_point)

    client.post(
        reverse("meetings:request_create"),
        {
            "submission": uuid.uuid4().hex,
            "invitee": typed,
            "topic": "Wildlife",
            "duration_minutes": "30",
            "requester_attendees": "2",
            "invitee_attendees": "2",
            "priority": "essential",
        },
    )

    assert MeetingRequest.objects.get().invitee == kenya


def test_request_form_errors_are_summarised_and_beside_their_field(client, morocco, france):
    client.force_login(morocco.focal_point)

    response = client.post(
        reverse("meetings:request_create"),
        {"submission": uuid.uuid4().hex, "invitee": "Atlantis", "topic": ""},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<div class="error-summary" role="alert"' in page
    assert (
        '<a href="#id_invitee"><bdi>Delegation to meet</bdi>: Choose a delegation from the '
        "list: “Atlantis” is none of them.</a>"
    ) in page
    assert '<a href="#id_topic"><bdi>Topic</bdi>: This field is required.</a>' in page
    assert '<ul class="errorlist" id="id_invitee-errors">' in page
    assert MeetingRequest.objects.count() == 0


def test_bad_form_input_is_a_form_error_not_500(client, morocco):
    client.force_login(morocco.focal_point)

    response = client.post(
        reverse("meetings:request_create"),
        {"invitee": "999", "topic": "", "submission": uuid.uuid4().hex},
    )

    assert response.status_code == 200
    assert MeetingRequest.objects.count() == 0


def test_answer_accept_decline_counter_in_portal(client, morocco, france, kenya, assembly):
    first = _request(morocco, france)
    second = _request(kenya, france)
    client.force_login(france.focal_point)

    client.post(reverse("meetings:request_answer", args=[first.pk, "accept"]))
    client.post(
        reverse("meetings:request_answer", args=[second.pk, "counter"]),
        {"preferred": ["2025-11-27 am"], "note": "Only Thursday"},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MeetingRequest.Status.ACCEPTED
    assert second.status == MeetingRequest.Status.COUNTER_PROPOSED
    assert second.counter_preferred == ["2025-11-27 am"]


def test_schedule_shows_local_time_room_and_unplaced_reason(
    client, morocco, france, kenya, rooms, organiser, assembly, at
):
    placed = _request(morocco, france, topic="Placed one")
    services.accept_meeting_request(request=placed, by=france.focal_point)
    services.place_meeting(request=placed, room=rooms[0], starts_at=at(1, "15:30"), by=organiser)
    waiting = _request(morocco, kenya, topic="Waiting one")
    services.accept_meeting_request(request=waiting, by=kenya.focal_point)
    ScheduleRun.objects.create(
        assembly=assembly,
        status=ScheduleRun.Status.SUCCEEDED,
        unplaced=[{"request": f"r{waiting.pk}", "reason": "MA and KE have no common free slot"}],
    )
    client.force_login(morocco.focal_point)

    page = client.get(reverse("meetings:schedule")).content.decode()

    assert "15:30 Marrakech (UTC+1)" in page
    assert '<bdi>Atlas</bdi> (<bdi dir="ltr">B01</bdi>)' in page
    assert "30 minutes<br>" in page  # the meeting's duration
    assert "MA and KE have no common free slot" in page


def test_ics_download_for_a_party(client, morocco, france, rooms, organiser, at):
    request = _request(morocco, france)
    services.accept_meeting_request(request=request, by=france.focal_point)
    meeting = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    client.force_login(france.focal_point)

    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VEVENT" in response.content


def test_declare_unavailability(client, morocco):
    client.force_login(morocco.focal_point)

    client.post(
        reverse("meetings:availability"),
        {
            "day": "2025-11-27",
            "starts": "14:00",
            "ends": "17:00",
            "reason": "Flight",
            "submission": uuid.uuid4().hex,
        },
    )

    item = DelegationAvailability.objects.get()
    assert item.delegation == morocco
    assert item.starts_at.isoformat() == "2025-11-27T13:00:00+00:00"


def test_organiser_is_sent_to_the_admin(client, organiser):
    client.force_login(organiser)

    response = client.get(reverse("meetings:requests"))

    assert response.url == reverse("admin:meetings_meetingrequest_changelist")


@pytest.mark.parametrize("count", [1, 3])
def test_request_list_query_count_constant(
    client, morocco, assembly, count, django_assert_num_queries
):
    for partner in _partners(assembly, count):
        services.request_meeting(
            requester=morocco, invitee=partner, topic="t", by=morocco.focal_point
        )
    for code in ["ZA", "ZM", "ZW"][:count]:
        asking = DelegationFactory(
            assembly=assembly, country=MemberCountryFactory(iso2=code, name_en=f"Land {code}")
        )
        asking.focal_point = UserFactory()
        asking.focal_points.add(asking.focal_point)
        _request(asking, morocco, topic="to us")
    client.force_login(morocco.focal_point)

    # ... as before, and the count of what awaits our answer.
    with django_assert_num_queries(11):
        response = client.get(reverse("meetings:requests"))

    body = response.content.decode()
    assert body.count("meetings/requests/") == 2 * count


@pytest.mark.parametrize("count", [1, 3])
def test_schedule_query_count_constant(
    client, morocco, assembly, rooms, organiser, at, count, django_assert_num_queries
):
    for index, partner in enumerate(_partners(assembly, count)):
        request = services.request_meeting(
            requester=morocco, invitee=partner, topic="t", by=morocco.focal_point
        )
        request.status = MeetingRequest.Status.ACCEPTED
        request.save()
        services.place_meeting(
            request=request, room=rooms[1], starts_at=at(0, f"1{index}:00"), by=organiser
        )
    client.force_login(morocco.focal_point)

    with django_assert_num_queries(10):
        response = client.get(reverse("meetings:schedule"))

    assert response.content.decode().count("calendar.ics") == count


@pytest.mark.parametrize("count", [1, 3])
def test_request_detail_query_count_constant(
    client, morocco, france, assembly, count, django_assert_num_queries
):
    request = _request(morocco, france)
    for partner in _partners(assembly, count):
        _request(partner_with_focal(partner), morocco)
    client.force_login(morocco.focal_point)

    with django_assert_num_queries(9):
        client.get(reverse("meetings:request_detail", args=[request.pk]))


def partner_with_focal(partner):
    from tests.factories import UserFactory

    partner.focal_point = UserFactory()
    partner.focal_points.add(partner.focal_point)
    return partner


@pytest.mark.parametrize("count", [1, 3])
def test_availability_query_count_constant(client, morocco, at, count, django_assert_num_queries):
    for day in range(count):
        DelegationAvailability.objects.create(
            delegation=morocco, starts_at=at(day, "09:00"), ends_at=at(day, "10:00"), reason="x"
        )
    client.force_login(morocco.focal_point)

    with django_assert_num_queries(8):
        response = client.get(reverse("meetings:availability"))

    assert response.content.decode().count("/remove/") == count


def test_other_delegation_cannot_remove_unavailability(client, morocco, kenya, at):
    item = DelegationAvailability.objects.create(
        delegation=morocco, starts_at=at(0, "09:00"), ends_at=at(0, "10:00")
    )
    client.force_login(kenya.focal_point)

    response = client.post(reverse("meetings:availability_remove", args=[item.pk]))

    assert response.status_code == 404
    assert DelegationAvailability.objects.filter(pk=item.pk).exists()
