"""The badges API: scans recorded once, batches synced once, the gate bundle, presence, and a
focal point's badges scoped to their delegation (another's is a 404)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.badges import services
from apps.badges.models import Scan
from apps.badges.pdf import badge_token
from apps.delegations import services as delegation_services
from apps.delegations.models import Credentials
from tests.delegations.factories import approved_delegate, pdf_upload
from tests.factories import DelegationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _scan(zone, token, **extra) -> dict:
    return {
        "scan_id": str(uuid.uuid4()),
        "zone": zone.pk,
        "gate": "North 1",
        "direction": "in",
        "token": token,
        **extra,
    }


def test_scan_recorded_once_with_verdict(badge, zones, gate_staff, during):
    api = _api(gate_staff)
    body = _scan(zones["plenary"], badge_token(badge))

    first = api.post(reverse("api:badge-scan-record"), body, format="json")
    again = api.post(reverse("api:badge-scan-record"), body, format="json")

    assert first.status_code == 201
    assert first.json()["admitted"] is True
    assert first.json()["holder"] == "Karim HADDAD"
    assert (again.status_code, again.json()["recorded"]) == (200, False)
    assert Scan.objects.count() == 1


def test_scan_wrong_zone_refused_with_reason(badge, zones, gate_staff, during):
    response = _api(gate_staff).post(
        reverse("api:badge-scan-record"), _scan(zones["press"], badge_token(badge)), format="json"
    )

    assert (response.json()["admitted"], response.json()["reason"]) == (False, "wrong_zone")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"scan_id": "nope", "zone": 1, "gate": "G", "token": "x"},
        {"scan_id": str(uuid.uuid4()), "zone": "٣", "gate": "G", "token": "x"},
        {"scan_id": str(uuid.uuid4()), "zone": 999999, "gate": "G", "token": "x"},
        {"scan_id": str(uuid.uuid4()), "zone": 1, "gate": "G"},
    ],
)
def test_scan_bad_input_is_400(zones, gate_staff, body, during):
    response = _api(gate_staff).post(reverse("api:badge-scan-record"), body, format="json")

    assert response.status_code == 400
    assert Scan.objects.count() == 0


def test_scan_by_name_search(badge, zones, gate_staff, during):
    body = _scan(zones["lounge"], "", badge=badge.pk)

    response = _api(gate_staff).post(reverse("api:badge-scan-record"), body, format="json")

    assert (response.status_code, response.json()["admitted"]) == (201, True)


def test_sync_batch_sent_twice_recorded_once(badge, zones, gate_staff, organiser, during):
    token = badge_token(badge)
    services.revoke_badge(badge=badge, by=organiser, reason="Stolen")
    scanned = (dt.datetime(2025, 11, 25, 9, 0, tzinfo=dt.UTC)).isoformat()
    scans = [
        {**_scan(zones["lounge"], token), "scanned_at": scanned, "admitted": True, "reason": "ok"},
        {**_scan(zones["lounge"], token), "scanned_at": scanned, "admitted": False},
    ]
    api = _api(gate_staff)

    first = api.post(reverse("api:badge-scan-sync"), {"scans": scans}, format="json")
    second = api.post(reverse("api:badge-scan-sync"), {"scans": scans}, format="json")

    assert first.status_code == 200
    assert first.json()["admitted_while_revoked"] == 1
    assert [r["recorded"] for r in second.json()["results"]] == [False, False]
    assert second.json()["admitted_while_revoked"] == 0
    assert Scan.objects.count() == 2


def test_sync_refuses_empty_and_bad_batches(zones, gate_staff, during):
    api = _api(gate_staff)
    assert api.post(reverse("api:badge-scan-sync"), {"scans": []}, format="json").status_code == 400
    assert (
        api.post(reverse("api:badge-scan-sync"), {"scans": "x"}, format="json").status_code == 400
    )


def test_gate_bundle_holds_key_roster_and_revocations(badge, zones, gate_staff, organiser):
    services.revoke_badge(badge=badge, by=organiser, reason="Lost")

    response = _api(gate_staff).get(reverse("api:badge-gate-bundle"), {"zone": zones["plenary"].pk})

    body = response.json()
    assert len(body["public_key"]) == 43
    assert body["revoked"] == [badge.pk]
    assert [entry["name"] for entry in body["roster"]] == ["Karim HADDAD"]
    assert body["roster"][0]["native_name"] == "كريم حداد"
    assert "email" not in body["roster"][0]


def test_gate_operations_are_404_without_scan_permission(badge, zones, delegation):
    api = _api(delegation.focal_points.get())

    assert (
        api.get(reverse("api:badge-gate-bundle"), {"zone": zones["plenary"].pk}).status_code == 404
    )
    assert api.post(reverse("api:badge-scan-record"), {}, format="json").status_code == 404


def test_gate_staff_sees_no_badges_and_no_presence(badge, gate_staff):
    api = _api(gate_staff)

    assert api.get(reverse("api:badge-list")).json()["results"] == []
    assert api.get(reverse("api:badge-presence")).status_code == 403


# --- scoping and lists ------------------------------------------------------------------------


def test_focal_point_sees_own_badges_and_404_for_another_delegation(
    badge, assembly, categories, organiser, delegation
):
    other_delegation = DelegationFactory(assembly=assembly, country__iso2="BR")
    other = services.issue_badge(
        category=categories["delegate"],
        delegate=approved_delegate(other_delegation, organiser, family_name="Silva"),
        by=organiser,
    )
    api = _api(delegation.focal_points.get())

    listed = api.get(reverse("api:badge-list")).json()["results"]
    foreign = api.get(reverse("api:badge-detail", args=[other.pk]))

    assert [row["id"] for row in listed] == [badge.pk]
    assert foreign.status_code == 404
    assert "Silva" not in foreign.content.decode()
    assert api.get(reverse("api:badge-detail", args=[badge.pk])).json()["status"] == "issued"


@pytest.mark.parametrize("count", [1, 3])
def test_badge_list_query_count(
    django_assert_num_queries, count, delegation, categories, organiser
):
    for n in range(count):
        services.issue_badge(
            category=categories["delegate"],
            delegate=approved_delegate(delegation, organiser, family_name=f"Person{n}"),
            by=organiser,
        )
    api = _api(organiser)
    api.get(reverse("api:badge-list"))  # warm the permission cache

    with django_assert_num_queries(4):
        response = api.get(reverse("api:badge-list"))

    assert response.json()["count"] == count


# --- presence ---------------------------------------------------------------------------------


def _enter(badge, zone, gate_staff, direction="in"):
    services.record_scan(
        scan_id=uuid.uuid4(),
        token=badge_token(badge),
        zone=zone,
        gate="G",
        direction=direction,
        by=gate_staff,
    )


def test_plenary_counts_only_countries_with_accepted_credentials(
    settings,
    tmp_path,
    badge,
    delegate,
    delegation,
    assembly,
    categories,
    zones,
    organiser,
    gate_staff,
    during,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    focal = delegation.focal_points.get()
    kenya = DelegationFactory(assembly=assembly, country__iso2="KE", country__region="africa")
    kenyan = services.issue_badge(
        category=categories["delegate"],
        delegate=approved_delegate(kenya, organiser, family_name="Otieno"),
        by=organiser,
    )
    _enter(badge, zones["plenary"], gate_staff)
    _enter(kenyan, zones["plenary"], gate_staff)
    api = _api(organiser)

    before = api.get(reverse("api:badge-presence")).json()
    credentials = delegation_services.upload_credentials(
        delegation=delegation, by=focal, letter=pdf_upload(), issued_by="Ministry"
    )
    delegation_services.designate_delegates(
        delegation=delegation, by=focal, head=delegate, voting_delegate=delegate
    )
    delegation_services.decide_credentials(
        credentials=credentials, status=Credentials.Status.ACCEPTED, by=organiser
    )
    after = api.get(reverse("api:badge-presence")).json()
    _enter(badge, zones["plenary"], gate_staff, direction="out")
    left = api.get(reverse("api:badge-presence")).json()

    assert before["plenary_countries_with_credentials"] == 0
    assert (
        before["zones"][[z["name"] for z in before["zones"]].index("Plenary hall")]["people"] == 2
    )
    assert (after["plenary_countries_with_credentials"], after["plenary_countries"]) == (1, ["EG"])
    assert after["by_region"] == {"africa": 1}
    assert left["plenary_countries_with_credentials"] == 0


def test_presence_page_for_organisers_only(
    client, organiser, zones, delegation, badge, gate_staff, during
):
    _enter(badge, zones["plenary"], gate_staff)
    _enter(badge, zones["plenary"], gate_staff, direction="out")
    client.force_login(delegation.focal_points.get())
    assert client.get(reverse("badges:presence")).status_code == 404

    client.force_login(organiser)
    body = client.get(reverse("badges:presence")).content.decode()
    assert "Plenary hall" in body
    assert body.count('<td class="entered-today">1</td>') == 1


def test_own_badges_page_shows_only_own_delegation(
    client, badge, assembly, categories, organiser, delegation
):
    other_delegation = DelegationFactory(assembly=assembly, country__iso2="BR")
    services.issue_badge(
        category=categories["delegate"],
        delegate=approved_delegate(other_delegation, organiser, family_name="Silva"),
        by=organiser,
    )
    client.force_login(delegation.focal_points.get())

    body = client.get(reverse("badges:own")).content.decode()

    assert "Karim HADDAD" in body
    assert "SILVA" not in body


def test_gate_page_for_gate_staff_only(client, gate_staff, zones, delegation):
    client.force_login(delegation.focal_points.get())
    assert client.get(reverse("badges:gate")).status_code == 404

    client.force_login(gate_staff)
    body = client.get(reverse("badges:gate")).content.decode()
    assert "gate-config" in body
    assert "Plenary hall" in body


def test_unknown_user_no_badges(badge):
    api = _api(UserFactory())
    assert api.get(reverse("api:badge-list")).json()["results"] == []


@pytest.mark.parametrize("count", [1, 3])
def test_own_badges_page_query_count(
    client, django_assert_num_queries, count, delegation, categories, organiser
):
    for n in range(count):
        services.issue_badge(
            category=categories["delegate"],
            delegate=approved_delegate(delegation, organiser, family_name=f"Person{n}"),
            by=organiser,
        )
    client.force_login(delegation.focal_points.get())
    client.get(reverse("badges:own"))

    with django_assert_num_queries(9):
        response = client.get(reverse("badges:own"))

    assert response.content.decode().count("PERSON") == count


@pytest.mark.parametrize("count", [1, 3])
def test_presence_api_query_count(
    django_assert_num_queries, count, delegation, categories, organiser, zones, gate_staff, during
):
    for n in range(count):
        badge = services.issue_badge(
            category=categories["delegate"],
            delegate=approved_delegate(delegation, organiser, family_name=f"Person{n}"),
            by=organiser,
        )
        _enter(badge, zones["plenary"], gate_staff)
    api = _api(organiser)
    api.get(reverse("api:badge-presence"))

    with django_assert_num_queries(9):
        response = api.get(reverse("api:badge-presence"))

    plenary = [z for z in response.json()["zones"] if z["name"] == "Plenary hall"]
    assert plenary[0]["people"] == count


@pytest.mark.parametrize("count", [1, 3])
def test_gate_bundle_query_count(
    django_assert_num_queries, count, delegation, categories, organiser, zones, gate_staff
):
    for n in range(count):
        services.issue_badge(
            category=categories["delegate"],
            delegate=approved_delegate(delegation, organiser, family_name=f"Person{n}"),
            by=organiser,
        )
    api = _api(gate_staff)
    api.get(reverse("api:badge-gate-bundle"), {"zone": zones["plenary"].pk})

    # The windows of the categories whose access follows the agenda: one query more.
    with django_assert_num_queries(6):
        response = api.get(reverse("api:badge-gate-bundle"), {"zone": zones["plenary"].pk})

    assert len(response.json()["roster"]) == count


def test_badge_list_filters_by_category_and_refuses_a_wrong_value(
    badge, categories, organiser, delegation
):
    head = services.issue_badge(
        category=categories["head"],
        delegate=approved_delegate(delegation, organiser, family_name="Chief"),
        by=organiser,
    )
    api = _api(organiser)

    rows = api.get(reverse("api:badge-list"), {"category": categories["head"].pk}).json()
    wrong = api.get(reverse("api:badge-list"), {"category": "٣"})

    assert [row["id"] for row in rows["results"]] == [head.pk]
    assert (wrong.status_code, list(wrong.json())) == (400, ["category"])
