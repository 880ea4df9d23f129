"""The agenda API: reads for everyone signed in, writes for organisers, clear errors."""

import pytest
from django.urls import reverse

from apps.agenda.models import Session
from tests.agenda.factories import RoomFactory, SessionFactory, local


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.mark.parametrize("count", [1, 3])
def test_session_list_query_count_is_constant(
    client, assembly, venue, focal_point, count, django_assert_num_queries
):
    for n in range(count):
        room = RoomFactory(venue=venue, code=f"S{n}")
        session = SessionFactory(assembly=assembly, room=room, starts_at=local(2025, 11, 25, 9 + n))
        session.speakers.create(name=f"Guest {n}")
    client.force_login(focal_point)

    # session, user, its permissions (own, groups), current assembly, count, sessions, speakers
    with django_assert_num_queries(8):
        response = client.get(reverse("api:agenda-session-list"), {"day": "2025-11-25"})

    body = response.json()
    assert body["count"] == count
    assert body["results"][0]["starts_label"] == "09:00 Marrakech (UTC+1)"
    assert body["results"][0]["starts_at"] == "2025-11-25T09:00:00+01:00"
    assert body["results"][0]["speakers"] == [
        {"role": "speaker", "name": "Guest 0", "affiliation": "", "delegate": None}
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_room_list_query_count_is_constant(
    client, assembly, venue, focal_point, count, django_assert_num_queries
):
    for n in range(count):
        RoomFactory(venue=venue, code=f"B{n:02d}", kind="bilateral", capacity=4 + n)
    client.force_login(focal_point)

    with django_assert_num_queries(5):
        response = client.get(reverse("api:agenda-room-list"), {"kind": "bilateral"})

    assert [r["code"] for r in response.json()["results"]] == [f"B{n:02d}" for n in range(count)]


@pytest.mark.parametrize("count", [1, 3])
def test_programme_api_query_count_is_constant(
    client, assembly, focal_point, count, django_assert_num_queries
):
    for n in range(count):
        SessionFactory(assembly=assembly, starts_at=local(2025, 11, 25, 9 + n))
    client.force_login(focal_point)

    # session, user, current assembly, delegation, count, sessions, speakers
    with django_assert_num_queries(7):
        response = client.get(reverse("api:agenda-programme"))

    assert response.json()["count"] == count


def test_venue_list(client, venue, focal_point):
    client.force_login(focal_point)

    body = client.get(reverse("api:agenda-venue-list")).json()

    assert [v["name"] for v in body["results"]] == ["Palmeraie Conference Village"]


def test_session_list_filters_kind_and_room_and_hides_drafts(client, assembly, hall, focal_point):
    SessionFactory(assembly=assembly, title_en="Plenary", room=hall)
    SessionFactory(
        assembly=assembly, title_en="Side", kind="side_event", starts_at=local(2025, 11, 26, 9)
    )
    SessionFactory(assembly=assembly, title_en="Draft", visibility="draft")
    client.force_login(focal_point)
    url = reverse("api:agenda-session-list")

    all_titles = [s["title"] for s in client.get(url).json()["results"]]
    by_kind = [s["title"] for s in client.get(url, {"kind": "side_event"}).json()["results"]]
    by_room = [s["title"] for s in client.get(url, {"room": hall.pk}).json()["results"]]
    bad = client.get(url, {"day": "someday"})

    assert (all_titles, by_kind, by_room) == (["Plenary", "Side"], ["Side"], ["Plenary"])
    assert bad.status_code == 400
    assert "day" in bad.json()


def test_session_detail_of_draft_is_404_for_delegation(client, assembly, focal_point):
    draft = SessionFactory(assembly=assembly, visibility="draft")
    client.force_login(focal_point)

    response = client.get(reverse("api:agenda-session-detail", args=[draft.pk]))

    assert response.status_code == 404


def test_programme_api_other_delegation_is_a_404_for_a_focal_point(
    client, assembly, focal_point, delegation, other_delegation
):
    invited = SessionFactory(assembly=assembly, title_en="Theirs", attendance="invited")
    invited.invited_delegations.add(other_delegation)
    client.force_login(focal_point)

    theirs = client.get(reverse("api:agenda-programme"), {"delegation": other_delegation.pk})
    own = client.get(reverse("api:agenda-programme"), {"delegation": delegation.pk})

    assert theirs.status_code == 404  # never silently their own programme instead
    assert "Theirs" not in theirs.content.decode()
    assert own.json()["count"] == 0


def test_programme_api_organiser_chooses_delegation(organiser_client, assembly, other_delegation):
    invited = SessionFactory(assembly=assembly, title_en="Theirs", attendance="invited")
    invited.invited_delegations.add(other_delegation)

    body = organiser_client.get(
        reverse("api:agenda-programme"), {"delegation": other_delegation.pk}
    ).json()

    assert [s["title"] for s in body["results"]] == ["Theirs"]


def test_create_session_by_organiser_in_local_time(organiser_client, assembly, hall):
    response = organiser_client.post(
        reverse("api:agenda-session-create"),
        {
            "kind": "plenary",
            "title_en": "Plenary",
            "room": hall.pk,
            "starts_at": "2025-11-25T09:00:00",
            "ends_at": "2025-11-25T10:00:00+01:00",
            "interpretation_languages": ["ar", "en", "fr", "es"],
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    session = Session.objects.get()
    assert session.starts_at == local(2025, 11, 25, 9)
    assert response.json()["starts_label"] == "09:00 Marrakech (UTC+1)"


def test_create_session_clash_is_409_naming_the_session(organiser_client, assembly, hall):
    SessionFactory(assembly=assembly, title_en="Opening ceremony", room=hall)

    response = organiser_client.post(
        reverse("api:agenda-session-create"),
        {
            "kind": "plenary",
            "title_en": "Clash",
            "room": hall.pk,
            "starts_at": "2025-11-25T09:30:00",
            "ends_at": "2025-11-25T10:30:00",
        },
        content_type="application/json",
    )

    assert response.status_code == 409
    assert "Opening ceremony" in response.json()["detail"]


def test_create_session_by_focal_point_is_forbidden(client, assembly, focal_point):
    client.force_login(focal_point)

    response = client.post(
        reverse("api:agenda-session-create"),
        {
            "kind": "plenary",
            "title_en": "X",
            "starts_at": "2025-11-25T09:00",
            "ends_at": "2025-11-25T10:00",
        },
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Session.objects.count() == 0


def test_update_cancel_publish_session(organiser_client, assembly):
    session = SessionFactory(assembly=assembly, visibility="draft")

    moved = organiser_client.patch(
        reverse("api:agenda-session-update", args=[session.pk]),
        {"starts_at": "2025-11-26T14:00", "ends_at": "2025-11-26T15:00"},
        content_type="application/json",
    ).json()
    published = organiser_client.post(reverse("api:agenda-session-publish", args=[session.pk]))
    cancelled = organiser_client.post(reverse("api:agenda-session-cancel", args=[session.pk]))

    assert moved["starts_at"] == "2025-11-26T14:00:00+01:00"
    assert published.json()["visibility"] == "published"
    assert cancelled.json()["cancelled"] is True
    assert cancelled.json()["sequence"] == 3


def test_update_session_outside_dates_is_400(organiser_client, assembly):
    session = SessionFactory(assembly=assembly)

    response = organiser_client.patch(
        reverse("api:agenda-session-update", args=[session.pk]),
        {"starts_at": "2025-12-01T09:00", "ends_at": "2025-12-01T10:00"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "between 2025-11-24 and 2025-11-27" in response.json()["starts_at"][0]


def test_openapi_schema_lists_agenda_endpoints(organiser_client):
    response = organiser_client.get(reverse("api-schema"), {"format": "json"})

    paths = response.json()["paths"]
    assert "/api/v1/agenda/sessions/" in paths
    assert "/api/v1/agenda/programme/" in paths


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2025-11-23", "2025-11-28"])
def test_session_list_day_outside_assembly_is_400(client, assembly, focal_point, day):
    client.force_login(focal_point)

    response = client.get(reverse("api:agenda-session-list"), {"day": day})

    assert response.status_code == 400
    assert "2025-11-24" in response.json()["day"][0]


def test_session_list_day_of_assembly_filters(client, assembly, focal_point):
    SessionFactory(assembly=assembly, title_en="Tuesday", starts_at=local(2025, 11, 25, 9))
    client.force_login(focal_point)

    body = client.get(reverse("api:agenda-session-list"), {"day": "2025-11-25"}).json()

    assert [s["title"] for s in body["results"]] == ["Tuesday"]


@pytest.mark.parametrize("room", [str(2**63), "99999999999999999999999"])
def test_session_list_huge_room_is_400(client, assembly, focal_point, room):
    client.force_login(focal_point)

    response = client.get(reverse("api:agenda-session-list"), {"room": room})

    assert response.status_code == 400
    assert list(response.json()) == ["room"]
