"""Read-only organisers look at assemblies; they cannot switch the current one."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.accounts.roles import ORGANISER_READ_ONLY, sync_roles
from apps.core.models import Assembly
from tests.factories import AssemblyFactory, UserFactory


@pytest.fixture
def reader(db):
    sync_roles()
    user = UserFactory(email="reader@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISER_READ_ONLY))
    return user


def test_read_only_organiser_cannot_make_assembly_current(client, reader):
    current = AssemblyFactory(number=93, is_current=True)
    other = AssemblyFactory(number=94, is_current=False)
    client.force_login(reader)

    response = client.post(
        reverse("admin:core_assembly_changelist"),
        {"action": "make_current", "_selected_action": [other.pk]},
    )

    assert response.status_code in (200, 302)
    assert Assembly.objects.get(is_current=True) == current


def test_organiser_admin_can_make_assembly_current(client, organiser):
    AssemblyFactory(number=93, is_current=True)
    other = AssemblyFactory(number=94, is_current=False)
    client.force_login(organiser)

    client.post(
        reverse("admin:core_assembly_changelist"),
        {"action": "make_current", "_selected_action": [other.pk]},
    )

    assert Assembly.objects.get(is_current=True) == other
