"""Meetings API: scoped lists and detail, the state machine over HTTP, errors, OpenAPI."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.meetings import services
from apps.meetings.models import MeetingRequest
from tests.factories import DelegationFactory, MemberCountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _request(requester, invitee, topic="Cybercrime"):
    return services.request_meeting(
        requester=requester, invitee=invitee, topic=topic, by=requester.focal_point
    )


def test_create_and_accept_over_the_api(api, morocco, france):
    api.force_authenticate(morocco.focal_point)

    created = api.post(
        reverse("api:meeting-request-list"),
        {
            "invitee": france.pk,
            "topic": "Drugs",
            "priority": "essential",
            "preferred": ["2025-11-24 pm"],
        },
        format="json",
    )
    pk = created.json()["id"]
    api.force_authenticate(france.focal_point)
    accepted = api.post(reverse("api:meeting-request-accept", args=[pk]))

    assert created.status_code == 201
    assert created.json()["requester"] == {"id": morocco.pk, "code": "MA", "name": "Morocco"}
    assert accepted.json()["status"] == "accepted"
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.ACCEPTED


def test_duplicate_request_is_a_clear_400(api, morocco, france):
    _request(france, morocco)
    api.force_authenticate(morocco.focal_point)

    response = api.post(
        reverse("api:meeting-request-list"), {"invitee": france.pk, "topic": "x"}, format="json"
    )

    assert response.status_code in (400, 409)
    assert "already have an open meeting request" in str(response.json())


def test_bad_preferred_day_is_400_not_500(api, morocco, france):
    api.force_authenticate(morocco.focal_point)

    response = api.post(
        reverse("api:meeting-request-list"),
        {"invitee": france.pk, "topic": "x", "preferred": ["someday"]},
        format="json",
    )

    assert response.status_code == 400


def test_third_delegation_gets_404_and_empty_lists(
    api, morocco, france, kenya, rooms, organiser, at
):
    request = _request(morocco, france)
    services.accept_meeting_request(request=request, by=france.focal_point)
    meeting = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    api.force_authenticate(kenya.focal_point)

    assert api.get(reverse("api:meeting-request-list")).json()["results"] == []
    assert api.get(reverse("api:meeting-list")).json()["results"] == []
    statuses = [
        api.get(reverse("api:meeting-request-detail", args=[request.pk])).status_code,
        api.post(reverse("api:meeting-request-cancel", args=[request.pk])).status_code,
        api.post(reverse("api:meeting-confirm", args=[meeting.pk])).status_code,
    ]
    assert statuses == [404, 404, 404]


def test_requester_cannot_accept_own_request(api, morocco, france):
    request = _request(morocco, france)
    api.force_authenticate(morocco.focal_point)

    response = api.post(reverse("api:meeting-request-accept", args=[request.pk]))

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.REQUESTED


def test_meeting_list_and_confirm(api, morocco, france, rooms, organiser, at):
    request = _request(morocco, france)
    services.accept_meeting_request(request=request, by=france.focal_point)
    meeting = services.place_meeting(
        request=request, room=rooms[0], starts_at=at(0, "10:00"), by=organiser
    )
    api.force_authenticate(france.focal_point)

    listed = api.get(reverse("api:meeting-list")).json()["results"]
    confirmed = api.post(reverse("api:meeting-confirm", args=[meeting.pk])).json()

    assert listed[0]["room"] == "B01"
    assert listed[0]["starts_at"] == "2025-11-24T10:00:00+01:00"
    assert confirmed["confirmed_by_invitee"] is True
    assert confirmed["status"] == "proposed"


def _partners(assembly, count):
    return [
        DelegationFactory(
            assembly=assembly, country=MemberCountryFactory(iso2=code, name_en=f"Land {code}")
        )
        for code in ["DE", "IN", "MX"][:count]
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_request_list_query_count_constant(
    api, morocco, assembly, count, django_assert_num_queries
):
    for partner in _partners(assembly, count):
        _request(morocco, partner)
    api.force_authenticate(morocco.focal_point)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:meeting-request-list"))

    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 3])
def test_meeting_list_query_count_constant(
    api, morocco, assembly, rooms, organiser, at, count, django_assert_num_queries
):
    for index, partner in enumerate(_partners(assembly, count)):
        request = _request(morocco, partner)
        request.status = MeetingRequest.Status.ACCEPTED
        request.save()
        services.place_meeting(
            request=request, room=rooms[1], starts_at=at(0, f"1{index}:00"), by=organiser
        )
    api.force_authenticate(morocco.focal_point)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:meeting-list"))

    assert len(response.json()["results"]) == count


def test_openapi_schema_lists_meeting_operations(api, organiser):
    api.force_authenticate(organiser)

    schema = api.get(reverse("api-schema"), {"format": "json"}).json()

    paths = schema["paths"]
    assert "/api/v1/meetings/requests/" in paths
    assert set(paths["/api/v1/meetings/requests/"]) == {"get", "post"}
    assert "/api/v1/meetings/requests/{id}/counter-propose/" in paths


def test_request_list_filters_by_status_and_direction(api, morocco, france, kenya):
    _request(morocco, france, topic="Out")
    incoming = _request(kenya, morocco, topic="In")
    services.accept_meeting_request(request=incoming, by=morocco.focal_point)
    api.force_authenticate(morocco.focal_point)
    url = reverse("api:meeting-request-list")

    topics_in = [r["topic"] for r in api.get(url, {"direction": "incoming"}).json()["results"]]
    topics_req = [r["topic"] for r in api.get(url, {"status": "requested"}).json()["results"]]
    bad = api.get(url, {"status": "nonsense"})

    assert topics_in == ["In"]
    assert topics_req == ["Out"]
    assert bad.status_code == 400
