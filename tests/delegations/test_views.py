"""The delegation portal: pages, flows and scoping (another delegation's objects are 404)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from apps.delegations.models import Credentials, Delegate
from apps.delegations.services import create_delegate
from tests.delegations.factories import approved_delegate, pdf_upload


@pytest.fixture
def focal_client(client, focal_point, delegation):
    client.force_login(focal_point)
    return client


def test_dashboard_lists_own_delegates_and_missing(
    focal_client, delegation, other_delegation, focal_point, other_focal_point
):
    create_delegate(
        delegation=delegation, by=focal_point, family_name="Dupont", given_names="Jeanne"
    )
    create_delegate(
        delegation=other_delegation, by=other_focal_point, family_name="Otieno", given_names="Amos"
    )

    body = focal_client.get(reverse("delegations:dashboard")).content.decode()

    assert "DUPONT" in body
    assert "OTIENO" not in body
    assert "1 delegate not yet submitted" in body
    assert "Credentials missing" in body
    assert "1 / 10" in body


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_constant(
    count, focal_client, delegation, focal_point, organiser, django_assert_num_queries
):
    for i in range(count):
        approved_delegate(delegation, organiser, family_name=f"Person{i}")

    with django_assert_num_queries(11):
        response = focal_client.get(reverse("delegations:dashboard"))

    assert response.content.decode().count("badge badge-ok") == count


def test_add_edit_submit_remove_flow(focal_client, delegation):
    response = focal_client.post(
        reverse("delegations:delegate_create"),
        {
            "family_name": "Martin",
            "given_names": "Claire",
            "function": "delegate",
            "submission": uuid.uuid4().hex,
            "languages": ["fr", "en"],
        },
    )
    assert response.status_code == 302
    delegate = Delegate.objects.get(family_name="Martin")
    assert delegate.languages == ["fr", "en"]

    focal_client.post(
        reverse("delegations:delegate_edit", args=[delegate.pk]),
        {
            "family_name": "Martin",
            "given_names": "Claire",
            "function": "expert",
            "position": "Analyst",
        },
    )
    focal_client.post(reverse("delegations:delegate_submit", args=[delegate.pk]))
    delegate.refresh_from_db()
    assert (delegate.function, delegate.position, delegate.accreditation_status) == (
        "expert",
        "Analyst",
        "submitted",
    )

    focal_client.post(reverse("delegations:delegate_delete", args=[delegate.pk]))
    assert not Delegate.objects.filter(pk=delegate.pk).exists()


def test_add_shows_validation_errors(focal_client):
    response = focal_client.post(
        reverse("delegations:delegate_create"),
        {
            "family_name": "",
            "given_names": "X",
            "function": "delegate",
            "submission": uuid.uuid4().hex,
            "arrival_date": "2025-11-25",
            "departure_date": "2025-11-20",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert "Departure cannot be before arrival." in body
    assert not Delegate.objects.exists()


def test_submit_all(focal_client, delegation, focal_point):
    for name in ("A", "B"):
        create_delegate(delegation=delegation, by=focal_point, family_name=name, given_names="X")

    response = focal_client.post(reverse("delegations:submit_all"), follow=True)

    assert "2 delegates submitted for accreditation." in response.content.decode()
    assert set(delegation.delegates.values_list("accreditation_status", flat=True)) == {"submitted"}


def test_quota_error_shown(focal_client, delegation, focal_point):
    delegation.quota = 1
    delegation.save()
    create_delegate(delegation=delegation, by=focal_point, family_name="A", given_names="X")

    response = focal_client.post(
        reverse("delegations:delegate_create"),
        {"family_name": "B", "given_names": "Y", "function": "delegate", "submission": "s" * 32},
    )

    assert "quota is 1 people" in response.content.decode()
    assert delegation.delegates.count() == 1


def test_credentials_upload_and_designation(focal_client, delegation, organiser):
    voter = approved_delegate(delegation, organiser, family_name="Voter")
    url = reverse("delegations:credentials")

    focal_client.post(
        url,
        {"action": "upload", "upload-letter": pdf_upload(), "upload-issued_by": "Minister"},
    )
    focal_client.post(
        url,
        {"action": "designate", "designate-head": voter.pk, "designate-voting_delegate": voter.pk},
    )

    credentials = Credentials.objects.get(delegation=delegation)
    assert credentials.issued_by == "Minister"
    assert credentials.voting_delegate == voter
    assert credentials.head == voter


def test_credentials_upload_rejects_fake_pdf(focal_client, delegation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = focal_client.post(
        reverse("delegations:credentials"),
        {
            "action": "upload",
            "upload-letter": SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>"),
            "upload-issued_by": "Minister",
        },
    )

    assert "is not a PDF file" in response.content.decode()
    assert not Credentials.objects.exists()


def test_designation_refuses_other_delegations_delegate(
    focal_client, delegation, other_delegation, organiser
):
    foreign = approved_delegate(other_delegation, organiser)

    response = focal_client.post(
        reverse("delegations:credentials"),
        {"action": "designate", "designate-voting_delegate": foreign.pk},
    )

    assert "Select a valid choice" in response.content.decode()
    assert not Credentials.objects.exists()


FOREIGN_URLS = [
    ("delegations:delegate_edit", "get"),
    ("delegations:delegate_edit", "post"),
    ("delegations:delegate_delete", "get"),
    ("delegations:delegate_delete", "post"),
    ("delegations:delegate_submit", "post"),
    ("delegations:delegate_withdraw", "post"),
]


@pytest.mark.parametrize(("name", "method"), FOREIGN_URLS)
def test_foreign_delegate_is_404(name, method, focal_client, other_delegation, other_focal_point):
    foreign = create_delegate(
        delegation=other_delegation, by=other_focal_point, family_name="Otieno", given_names="A"
    )

    response = getattr(focal_client, method)(reverse(name, args=[foreign.pk]))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.accreditation_status == "draft"


def test_user_without_delegation_gets_404(client, db, assembly):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    assert client.get(reverse("delegations:dashboard")).status_code == 404


def test_anonymous_redirected_to_login(client, db):
    response = client.get(reverse("delegations:dashboard"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_portal_nav_shows_delegation_links(focal_client):
    body = focal_client.get(reverse("core:home")).content.decode()

    assert reverse("delegations:dashboard") in body
    assert reverse("delegations:credentials") in body


def test_navigation_marks_only_the_current_page(focal_client):
    body = focal_client.get(reverse("delegations:credentials")).content.decode()

    assert body.count('aria-current="page"') == 1
    assert f'href="{reverse("delegations:credentials")}" aria-current="page"' in body


def test_observer_credentials_page_explains(client, assembly, focal_point):
    from tests.factories import DelegationFactory, OrganisationFactory

    observer = DelegationFactory(
        assembly=assembly, country=None, organisation=OrganisationFactory(), kind="observer"
    )
    observer.focal_points.add(focal_point)
    client.force_login(focal_point)

    body = client.get(reverse("delegations:credentials")).content.decode()

    assert "do not present credentials" in body
