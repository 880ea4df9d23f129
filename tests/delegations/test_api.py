"""The delegations API: scoped like the portal, documented in OpenAPI."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.delegations.models import Delegate
from apps.delegations.services import create_delegate
from tests.delegations.factories import approved_delegate, pdf_upload
from tests.factories import DelegationFactory, MemberCountryFactory


@pytest.fixture
def api(focal_point):
    client = APIClient()
    client.force_authenticate(focal_point)
    return client


@pytest.fixture
def organiser_api(organiser):
    client = APIClient()
    client.force_authenticate(organiser)
    return client


@pytest.fixture
def foreign(other_delegation, other_focal_point):
    return create_delegate(
        delegation=other_delegation, by=other_focal_point, family_name="Otieno", given_names="A"
    )


def test_focal_point_lists_only_own_delegation(api, delegation, other_delegation):
    body = api.get(reverse("api:delegation-list")).json()

    assert [row["code"] for row in body["results"]] == ["FR"]


def test_organiser_lists_all(organiser_api, delegation, other_delegation):
    body = organiser_api.get(reverse("api:delegation-list")).json()

    assert {row["code"] for row in body["results"]} == {"FR", "KE"}


@pytest.mark.parametrize("count", [1, 3])
def test_delegate_list_query_count(
    count, organiser_api, delegation, focal_point, django_assert_num_queries
):
    for i in range(count):
        create_delegate(delegation=delegation, by=focal_point, family_name=f"P{i}", given_names="Q")

    with django_assert_num_queries(5):
        body = organiser_api.get(reverse("api:delegate-list")).json()

    assert body["count"] == count


@pytest.mark.parametrize("count", [1, 3])
def test_delegation_list_query_count(count, organiser_api, assembly, django_assert_num_queries):
    for iso in ["JP", "DE", "IN"][:count]:
        DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2=iso))

    with django_assert_num_queries(5):
        body = organiser_api.get(reverse("api:delegation-list")).json()

    assert body["count"] == count


def test_create_submit_flow(api, delegation):
    created = api.post(
        reverse("api:delegate-create"),
        {
            "delegation": delegation.pk,
            "family_name": "Roux",
            "given_names": "Léa",
            "languages": ["fr"],
        },
        format="json",
    )
    submitted = api.post(reverse("api:delegate-submit", args=[created.json()["id"]]))

    assert created.status_code == 201
    assert submitted.json()["accreditation_status"] == "submitted"


def test_create_in_foreign_delegation_refused(api, other_delegation):
    response = api.post(
        reverse("api:delegate-create"),
        {"delegation": other_delegation.pk, "family_name": "X", "given_names": "Y"},
        format="json",
    )

    assert response.status_code == 400
    assert "delegation" in response.json()
    assert not Delegate.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("api:delegate-detail", "get"),
        ("api:delegate-detail", "patch"),
        ("api:delegate-detail", "delete"),
        ("api:delegate-submit", "post"),
        ("api:delegate-withdraw", "post"),
        ("api:delegate-approve", "post"),
    ],
)
def test_foreign_delegate_is_404(name, method, api, foreign):
    response = getattr(api, method)(reverse(name, args=[foreign.pk]), {}, format="json")

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.accreditation_status == "draft"


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("api:delegation-detail", "get"),
        ("api:delegation-summary", "get"),
        ("api:delegation-submit-all", "post"),
        ("api:credentials-detail", "get"),
        ("api:credentials-upload", "post"),
        ("api:credentials-designate", "put"),
    ],
)
def test_foreign_delegation_is_404(name, method, api, other_delegation):
    response = getattr(api, method)(reverse(name, args=[other_delegation.pk]))

    assert response.status_code == 404


def test_focal_point_cannot_approve_own(api, delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="A", given_names="B"
    )
    api.post(reverse("api:delegate-submit", args=[delegate.pk]))

    response = api.post(reverse("api:delegate-approve", args=[delegate.pk]))

    assert response.status_code == 403
    delegate.refresh_from_db()
    assert delegate.accreditation_status == "submitted"


def test_organiser_approves_and_rejects(organiser_api, delegation, focal_point):
    first, second = (
        create_delegate(delegation=delegation, by=focal_point, family_name=n, given_names="X")
        for n in ("A", "B")
    )
    from apps.delegations.services import submit_accreditation

    submit_accreditation(delegates=[first, second], by=focal_point)

    approved = organiser_api.post(reverse("api:delegate-approve", args=[first.pk])).json()
    missing_reason = organiser_api.post(reverse("api:delegate-reject", args=[second.pk]), {})
    rejected = organiser_api.post(
        reverse("api:delegate-reject", args=[second.pk]), {"reason": "Unknown"}
    ).json()
    again = organiser_api.post(reverse("api:delegate-approve", args=[first.pk]))

    assert approved["accreditation_number"] == f"93-FR-{first.pk:06d}"
    assert missing_reason.status_code == 400
    assert rejected["rejection_reason"] == "Unknown"
    assert again.status_code == 409
    assert "cannot be approved" in again.json()["detail"]


def test_quota_exceeded_is_409(api, delegation, focal_point):
    delegation.quota = 0
    delegation.save()

    response = api.post(
        reverse("api:delegate-create"),
        {"delegation": delegation.pk, "family_name": "X", "given_names": "Y"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["quota"] == 0


def test_credentials_flow_and_voting_roll(
    api, organiser_api, delegation, organiser, committee_member
):
    voter = approved_delegate(delegation, organiser, family_name="Voter")
    upload = api.post(
        reverse("api:credentials-upload", args=[delegation.pk]),
        {"letter": pdf_upload(), "issued_by": "Minister"},
        format="multipart",
    )
    designated = api.put(
        reverse("api:credentials-designate", args=[delegation.pk]),
        {"head": voter.pk, "voting_delegate": voter.pk},
        format="json",
    )
    committee = APIClient()
    committee.force_authenticate(committee_member)
    decided = committee.post(
        reverse("api:credentials-decide", args=[delegation.pk]), {"status": "accepted"}
    )
    roll = organiser_api.get(reverse("api:voting-roll")).json()["results"]

    assert upload.json()["has_letter"] is True
    assert designated.json()["voting_delegate"] == voter.pk
    assert decided.json()["status"] == "accepted"
    assert roll == [
        {
            "iso2": "FR",
            "country": "Country FR",
            "region": "europe",
            "status": "accepted",
            "voting_delegate": "Person VOTER",
            "alternate": None,
        }
    ]


def test_designation_with_foreign_delegate_refused(api, delegation, other_delegation, organiser):
    foreign = approved_delegate(other_delegation, organiser)

    response = api.put(
        reverse("api:credentials-designate", args=[delegation.pk]),
        {"voting_delegate": foreign.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "voting_delegate" in response.json()


def test_fake_pdf_letter_refused(api, delegation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(
        reverse("api:credentials-upload", args=[delegation.pk]),
        {"letter": SimpleUploadedFile("l.pdf", b"GIF89a"), "issued_by": "M"},
        format="multipart",
    )

    assert response.status_code == 400
    assert "is not a PDF file" in response.json()["letter"][0]


def test_schema_documents_delegation_endpoints(organiser_api):
    response = organiser_api.get(reverse("api-schema"), {"format": "json"})

    paths = response.json()["paths"]
    assert "/api/v1/delegates/{id}/approve/" in paths
    assert "/api/v1/delegations/{id}/credentials/letter/" in paths
    assert "multipart/form-data" in str(paths["/api/v1/delegations/{id}/credentials/letter/"])


def test_voting_roll_refused_to_focal_points(api, delegation, other_delegation, organiser):
    approved_delegate(other_delegation, organiser, family_name="Voter")

    response = api.get(reverse("api:voting-roll"))

    assert response.status_code == 403
    assert "Voter" not in response.content.decode().upper()


def test_voting_roll_open_to_committee_and_read_only_organisers(
    delegation, committee_member, read_only_organiser
):
    for user in (committee_member, read_only_organiser):
        client = APIClient()
        client.force_authenticate(user)

        assert client.get(reverse("api:voting-roll")).json()["results"] == []


@pytest.mark.parametrize("value", [str(2**63), "99999999999999999999999", "²", "-1"])
def test_delegate_list_with_bad_delegation_filter_is_400(api, delegation, value):
    response = api.get(reverse("api:delegate-list"), {"delegation": value})

    assert response.status_code == 400
    assert list(response.json()) == ["delegation"]


def test_delegate_list_filters_by_delegation_and_status(organiser_api, delegation, foreign):
    url = reverse("api:delegate-list")

    mine = organiser_api.get(url, {"delegation": delegation.pk}).json()
    theirs = organiser_api.get(url, {"delegation": foreign.delegation_id}).json()
    drafts = organiser_api.get(url, {"accreditation_status": "draft"}).json()
    bad = organiser_api.get(url, {"accreditation_status": "maybe"})

    assert mine["count"] == 0
    assert [row["id"] for row in theirs["results"]] == [foreign.pk]
    assert drafts["count"] == 1
    assert bad.status_code == 400
