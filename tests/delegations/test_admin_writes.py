"""The delegations and delegates admins write through the services: every edit is checked and
audited like a focal point's (issue 15, one write path)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.ceremonies.models import CeremonyRole, RoleKind
from apps.core.errors import ApplicationError
from apps.core.models import AuditEntry
from apps.delegations.models import Credentials, Delegate, Delegation
from apps.delegations.services import (
    create_delegate,
    delete_reference,
    save_reference,
    upload_credentials,
)
from tests.ceremonies.factories import CeremonyFactory
from tests.delegations.factories import pdf_upload
from tests.factories import DelegationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, organiser):
    client.force_login(organiser)
    return client


def _delegate_form(delegate: Delegate, **changes) -> dict:
    data = {
        "family_name": delegate.family_name,
        "given_names": delegate.given_names,
        "family_name_native": delegate.family_name_native,
        "given_names_native": delegate.given_names_native,
        "honorific": delegate.honorific,
        "position": delegate.position,
        "function": delegate.function,
        "email": delegate.email,
        "phone": delegate.phone,
        "languages": json.dumps(delegate.languages),
        "arrival_date": "",
        "departure_date": "",
    }
    data.update(changes)
    return data


def _actions(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_admin_edit_of_a_delegate_is_audited(admin_client, organiser, delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="Dupont", given_names="Jean"
    )

    response = admin_client.post(
        reverse("admin:delegations_delegate_change", args=[delegate.pk]),
        _delegate_form(delegate, position="Director of Police"),
    )

    delegate.refresh_from_db()
    assert response.status_code == 302
    assert delegate.position == "Director of Police"
    [entry] = _actions("delegations.delegate.updated")
    assert entry.actor == organiser
    assert entry.data["fields"] == ["position"]


def test_admin_edit_is_checked_by_the_service(admin_client, delegation, focal_point):
    """The service's rule (one delegate per e-mail in a delegation) holds in the admin too."""
    create_delegate(
        delegation=delegation, by=focal_point, family_name="A", given_names="B", email="x@e.org"
    )
    other = create_delegate(delegation=delegation, by=focal_point, family_name="C", given_names="D")

    admin_client.post(
        reverse("admin:delegations_delegate_change", args=[other.pk]),
        _delegate_form(other, email="X@e.org"),
    )

    other.refresh_from_db()
    assert other.email == ""
    assert _actions("delegations.delegate.updated") == []


def test_admin_add_of_a_delegate_goes_through_create_delegate(admin_client, delegation):
    blank = Delegate(delegation=delegation, family_name="Nouveau", given_names="Né")

    admin_client.post(
        reverse("admin:delegations_delegate_add"),
        {"delegation": delegation.pk, **_delegate_form(blank)},
    )

    created = Delegate.objects.get(family_name="Nouveau")
    assert created.delegation == delegation
    assert [e.object_id for e in _actions("delegations.delegate.created")] == [str(created.pk)]


def test_admin_delete_and_bulk_delete_are_audited(admin_client, delegation, focal_point):
    one, two, three = (
        create_delegate(delegation=delegation, by=focal_point, family_name=n, given_names="X")
        for n in ("One", "Two", "Three")
    )

    admin_client.post(reverse("admin:delegations_delegate_delete", args=[one.pk]), {"post": "yes"})
    admin_client.post(
        reverse("admin:delegations_delegate_changelist"),
        {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
    )

    assert not Delegate.objects.filter(pk__in=[one.pk, two.pk, three.pk]).exists()
    deleted = _actions("delegations.delegate.deleted")
    assert sorted(e.data["delegate_id"] for e in deleted) == sorted([one.pk, two.pk, three.pk])


def test_admin_edit_of_a_delegation_is_audited(admin_client, organiser, delegation):
    url = reverse("admin:delegations_delegation_change", args=[delegation.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["quota"] = 9

    admin_client.post(url, data)

    assert Delegation.objects.get(pk=delegation.pk).quota == 9
    [entry] = _actions("delegations.delegation.updated")
    assert entry.actor == organiser
    assert "quota" in entry.data["fields"]


def test_removing_a_delegate_with_a_ceremony_role_is_a_clear_refusal(
    client, assembly, delegation, focal_point
):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="Porte", given_names="Drapeau"
    )
    CeremonyRole.objects.create(
        ceremony=CeremonyFactory(assembly=assembly), kind=RoleKind.FLAG_BEARER, delegate=delegate
    )
    client.force_login(focal_point)

    response = client.post(reverse("delegations:delegate_delete", args=[delegate.pk]), follow=True)

    assert response.status_code == 200
    assert "part in a ceremony" in response.content.decode()
    assert Delegate.objects.filter(pk=delegate.pk).exists()


def test_region_corrected_in_the_country_list_is_audited(admin_client, delegation):
    """Ambiguous regions stay editable in the list (list_editable), through the service."""
    country = delegation.country
    changelist = reverse("admin:delegations_membercountry_changelist")

    response = admin_client.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(country.pk),
            "form-0-region": "africa",
            "_save": "Save",
        },
    )

    country.refresh_from_db()
    assert response.status_code == 302
    assert country.region == "africa"
    [entry] = _actions("delegations.membercountry.updated")
    assert entry.data["fields"] == ["region"]


def test_reference_data_refuses_an_account_without_the_permission(read_only_organiser, delegation):
    country = delegation.country
    country.region = "asia"
    with pytest.raises(PermissionDenied):
        save_reference(obj=country, by=read_only_organiser, changed=["region"])
    country.refresh_from_db()
    assert country.region == "europe"
    assert not _actions("delegations.membercountry.updated")


def test_organisation_in_use_is_not_deleted_but_told(admin_client, organiser, assembly):
    organisation = OrganisationFactory()
    DelegationFactory(assembly=assembly, country=None, organisation=organisation)

    response = admin_client.post(
        reverse("admin:delegations_organisation_delete", args=[organisation.pk]),
        {"post": "yes"},
        follow=True,
    )

    assert type(organisation).objects.filter(pk=organisation.pk).exists()
    assert "Cannot delete organisation" in response.content.decode()  # the admin's own check
    with pytest.raises(ApplicationError) as refused:  # the service's, for every other caller
        delete_reference(obj=organisation, by=organiser)
    assert refused.value.status == 409
    assert type(organisation).objects.filter(pk=organisation.pk).exists()


def test_credentials_deleted_in_the_admin_are_audited(admin_client, delegation, focal_point):
    credentials = upload_credentials(
        delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="Ministry"
    )

    response = admin_client.post(
        reverse("admin:delegations_credentials_delete", args=[credentials.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Credentials.objects.filter(pk=credentials.pk).exists()
    [entry] = _actions("delegations.credentials.deleted")
    assert entry.data["delegation"] == delegation.code
