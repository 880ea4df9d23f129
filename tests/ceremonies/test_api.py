from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.ceremonies.models import Ceremony, RoleKind
from tests.ceremonies.factories import CeremonyFactory, CeremonyRoleFactory, CueFactory

UTC = dt.UTC
CALL = dt.datetime(2025, 11, 27, 12, 30, tzinfo=UTC)


@pytest.fixture
def own_role(ceremony, delegate):
    return CeremonyRoleFactory(
        ceremony=ceremony,
        kind=RoleKind.FLAG_BEARER,
        delegate=delegate,
        guest_name="",
        call_time=CALL,
        position="Stage left",
    )


@pytest.fixture
def foreign_role(ceremony, other_delegate):
    return CeremonyRoleFactory(
        ceremony=ceremony, kind=RoleKind.INCOMING_HEAD, delegate=other_delegate, guest_name=""
    )


@pytest.mark.django_db
def test_api_focal_point_sees_only_own_roles(client, focal_point, own_role, foreign_role):
    client.force_login(focal_point)

    roles = client.get(reverse("api:ceremony-role-list")).json()["results"]
    detail = client.get(reverse("api:ceremony-detail", args=[own_role.ceremony_id])).json()

    assert [(r["id"], r["position"]) for r in roles] == [(own_role.pk, "Stage left")]
    assert [r["id"] for r in detail["roles"]] == [own_role.pk]
    assert detail["timeline"] is None


@pytest.mark.django_db
def test_api_foreign_ceremony_is_404_for_focal_point(client, focal_point, assembly, own_role):
    other = CeremonyFactory(assembly=assembly)
    client.force_login(focal_point)

    assert client.get(reverse("api:ceremony-detail", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("api:ceremony-advance", args=[own_role.ceremony_id]),
        {"expected_current_id": None},
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_api_organiser_adds_cue_and_gets_overrun_error(client, organiser, ceremony):
    client.force_login(organiser)
    url = reverse("api:ceremony-cue-create", args=[ceremony.pk])

    ok = client.post(url, {"title_en": "Speeches", "duration_minutes": 100}, "application/json")
    over = client.post(url, {"title_en": "Photo", "duration_minutes": 30}, "application/json")

    assert ok.status_code == 201
    assert ok.json()["order"] == 1
    assert over.status_code == 400
    assert over.json()["overrun_minutes"] == 10
    assert "overruns by 10 minutes" in over.json()["detail"]


@pytest.mark.django_db
def test_api_reorder_and_advance(client, organiser, ceremony):
    a = CueFactory(ceremony=ceremony, title_en="A", duration_minutes=10)
    b = CueFactory(ceremony=ceremony, title_en="B", duration_minutes=5)
    client.force_login(organiser)

    timeline = client.post(
        reverse("api:ceremony-cue-reorder", args=[ceremony.pk]),
        {"cue_ids": [b.pk, a.pk]},
        "application/json",
    ).json()
    state = client.post(
        reverse("api:ceremony-advance", args=[ceremony.pk]),
        {"expected_current_id": None},
        "application/json",
    ).json()
    again = client.post(
        reverse("api:ceremony-advance", args=[ceremony.pk]),
        {"expected_current_id": None},
        "application/json",
    )

    assert [(row["title"], row["planned_start"]) for row in timeline] == [
        ("B", "2025-11-27T14:00:00+01:00"),
        ("A", "2025-11-27T14:05:00+01:00"),
    ]
    assert state["current"]["title"] == "B"
    assert again.status_code == 409


@pytest.mark.django_db
def test_api_finalise_lists_missing_roles(client, organiser, ceremony):
    ceremony.required_roles = [RoleKind.MASTER_OF_CEREMONIES]
    ceremony.save()
    client.force_login(organiser)

    response = client.post(reverse("api:ceremony-finalise", args=[ceremony.pk]))

    assert response.status_code == 400
    assert response.json()["missing_roles"] == ["mc"]
    assert Ceremony.objects.get(pk=ceremony.pk).status == "draft"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_api_ceremony_list_query_count(
    client, assembly, focal_point, delegate, count, django_assert_num_queries
):
    for _ in range(count):
        ceremony = CeremonyFactory(assembly=assembly)
        CeremonyRoleFactory(ceremony=ceremony, delegate=delegate, guest_name="")
    client.force_login(focal_point)

    with django_assert_num_queries(9):
        response = client.get(reverse("api:ceremony-list"))

    assert response.json()["count"] == count
    assert len(response.json()["results"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_api_role_list_query_count(
    client, assembly, focal_point, delegate, count, django_assert_num_queries
):
    for _ in range(count):
        CeremonyRoleFactory(
            ceremony=CeremonyFactory(assembly=assembly), delegate=delegate, guest_name=""
        )
    client.force_login(focal_point)

    with django_assert_num_queries(8):
        response = client.get(reverse("api:ceremony-role-list"))

    assert response.json()["count"] == count
    assert len(response.json()["results"]) == count


@pytest.mark.django_db
def test_openapi_schema_lists_ceremony_endpoints(client, organiser):
    client.force_login(organiser)

    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()

    assert "/api/v1/ceremonies/{id}/console/next/" in schema["paths"]
    assert "/api/v1/ceremony-roles/" in schema["paths"]
