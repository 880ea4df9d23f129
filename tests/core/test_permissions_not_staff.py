"""Access is a named permission (or membership of a delegation), never `is_staff`.

A staff account in the "Credentials committee" sees delegations and credentials but no bilateral
request, meeting or draft session; a staff account with no permission sees nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.roles import CREDENTIALS_COMMITTEE, ORGANISER_READ_ONLY
from apps.agenda.models import Session
from apps.meetings import services as meeting_services
from tests.agenda.factories import SessionFactory
from tests.factories import DelegateFactory, DelegationFactory, UserFactory
from tests.roles import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(assembly):
    """Two delegations with a focal point each, a request between them, a draft session."""
    a = DelegationFactory(assembly=assembly, country__iso2="FR", country__name_en="France")
    b = DelegationFactory(assembly=assembly, country__iso2="KE", country__name_en="Kenya")
    a.focal_points.add(UserFactory(email="focal.fr@example.org"))
    b.focal_points.add(UserFactory(email="focal.ke@example.org"))
    request = meeting_services.request_meeting(
        requester=a, invitee=b, topic="Secret topic", by=a.focal_points.get()
    )
    DelegateFactory(delegation=b, family_name="Kiprono")
    draft = SessionFactory(
        assembly=assembly, title_en="Draft closed session", visibility=Session.Visibility.DRAFT
    )
    return {"a": a, "b": b, "request": request, "draft": draft}


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_credentials_committee_reads_no_bilateral_request_or_meeting(world):
    api = _api(staff_user("committee@example.org", CREDENTIALS_COMMITTEE))

    listed = api.get(reverse("api:meeting-request-list"))
    detail = api.get(reverse("api:meeting-request-detail", args=[world["request"].pk]))
    meetings = api.get(reverse("api:meeting-list"))

    assert listed.json()["count"] == 0
    assert detail.status_code == 404
    assert "Secret topic" not in detail.content.decode()
    assert meetings.json()["count"] == 0


def test_credentials_committee_sees_no_draft_session_nor_its_ics(client, world):
    committee = staff_user("committee@example.org", CREDENTIALS_COMMITTEE)
    api = _api(committee)
    client.force_login(committee)

    listed = api.get(reverse("api:agenda-session-list"), {"day": "2025-11-25"})
    detail = api.get(reverse("api:agenda-session-detail", args=[world["draft"].pk]))
    ics = client.get(reverse("agenda:session_ics", args=[world["draft"].pk]))

    assert [s["title"] for s in listed.json()["results"]] == []
    assert detail.status_code == 404
    assert ics.status_code == 404
    assert b"Draft closed session" not in ics.content


def test_credentials_committee_keeps_what_its_permissions_give(world):
    api = _api(staff_user("committee@example.org", CREDENTIALS_COMMITTEE))

    delegations = api.get(reverse("api:delegation-list")).json()

    assert {d["id"] for d in delegations["results"]} == {world["a"].pk, world["b"].pk}


def test_read_only_organiser_reads_requests_and_drafts(world):
    api = _api(staff_user("reader@example.org", ORGANISER_READ_ONLY))

    listed = api.get(reverse("api:meeting-request-list")).json()
    draft = api.get(reverse("api:agenda-session-detail", args=[world["draft"].pk]))

    assert [r["topic"] for r in listed["results"]] == ["Secret topic"]
    assert draft.json()["title"] == "Draft closed session"


@pytest.mark.parametrize(
    "name",
    [
        "api:delegation-list",
        "api:delegate-list",
        "api:meeting-request-list",
        "api:meeting-list",
        "api:ceremony-list",
    ],
)
def test_staff_without_permission_lists_nothing(world, name):
    response = _api(staff_user("bare@example.org")).get(reverse(name))

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_staff_without_permission_opens_no_foreign_object(world):
    api = _api(staff_user("bare@example.org"))

    delegation = api.get(reverse("api:delegation-detail", args=[world["b"].pk]))
    request = api.get(reverse("api:meeting-request-detail", args=[world["request"].pk]))
    draft = api.get(reverse("api:agenda-session-detail", args=[world["draft"].pk]))

    assert (delegation.status_code, request.status_code, draft.status_code) == (404, 404, 404)
    assert "Kenya" not in delegation.content.decode()


def test_me_says_organiser_by_permission_not_by_staff_flag(world):
    bare = _api(staff_user("bare@example.org")).get(reverse("api:me")).json()
    reader = _api(staff_user("reader@example.org", ORGANISER_READ_ONLY)).get(reverse("api:me"))

    assert bare["is_organiser"] is False
    assert reader.json()["is_organiser"] is True


def test_staff_without_permission_gets_no_organiser_navigation(client, world):
    client.force_login(staff_user("bare@example.org"))

    page = client.get(reverse("core:home")).content.decode()

    assert "You are an organiser" not in page
