"""The delegations and delegates admins write through the services: every edit is checked and
audited like a focal point's (issue 15, one write path)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from apps.ceremonies.models import CeremonyRole, RoleKind
from apps.core.models import AuditEntry
from apps.delegations.models import Delegate, Delegation
from apps.delegations.services import create_delegate
from tests.ceremonies.factories import CeremonyFactory

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
