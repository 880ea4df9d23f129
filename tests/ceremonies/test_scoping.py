"""Staff without ceremonies permissions (the credentials committee) see no ceremony at all."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.accounts.roles import CREDENTIALS_COMMITTEE, ORGANISER_READ_ONLY, sync_roles
from apps.ceremonies.models import RoleKind
from tests.ceremonies.factories import CeremonyRoleFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _staff_in(group: str, email: str):
    sync_roles()
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def role(ceremony, delegate):
    return CeremonyRoleFactory(
        ceremony=ceremony, kind=RoleKind.FLAG_BEARER, delegate=delegate, guest_name=""
    )


@pytest.fixture
def committee_member():
    return _staff_in(CREDENTIALS_COMMITTEE, "committee@example.org")


def test_api_committee_member_sees_no_ceremony_or_role(client, committee_member, role):
    client.force_login(committee_member)

    ceremonies = client.get(reverse("api:ceremony-list")).json()["results"]
    roles = client.get(reverse("api:ceremony-role-list")).json()["results"]
    detail = client.get(reverse("api:ceremony-detail", args=[role.ceremony_id]))

    assert ceremonies == []
    assert roles == []
    assert detail.status_code == 404


def test_portal_committee_member_sees_no_ceremony_or_role(client, committee_member, role):
    client.force_login(committee_member)

    body = client.get(reverse("ceremonies:list")).content.decode()
    detail = client.get(reverse("ceremonies:detail", args=[role.ceremony_id]))
    role_page = client.get(reverse("ceremonies:role", args=[role.pk]))

    assert role.ceremony.title not in body
    assert detail.status_code == 404
    assert role_page.status_code == 404


def test_read_only_organiser_sees_every_ceremony_and_role(client, role):
    reader = _staff_in(ORGANISER_READ_ONLY, "reader@example.org")
    client.force_login(reader)

    ceremonies = client.get(reverse("api:ceremony-list")).json()["results"]
    roles = client.get(reverse("api:ceremony-role-list")).json()["results"]
    role_page = client.get(reverse("ceremonies:role", args=[role.pk]))

    assert [c["id"] for c in ceremonies] == [role.ceremony_id]
    assert [r["id"] for r in roles] == [role.pk]
    assert role_page.status_code == 200
