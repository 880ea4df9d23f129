"""Fixtures of the delegations tests: two delegations with a focal point each, a committee."""

from __future__ import annotations

import pytest

from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root_and_fast_hashing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def focal_point(db):
    return UserFactory(email="focal.fr@example.org", full_name="Françoise Focal")


@pytest.fixture
def delegation(assembly, focal_point):
    found = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR"))
    found.focal_points.add(focal_point)
    return found


@pytest.fixture
def other_focal_point(db):
    return UserFactory(email="focal.ke@example.org", full_name="Kamau Focal")


@pytest.fixture
def other_delegation(assembly, other_focal_point):
    found = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="KE"))
    found.focal_points.add(other_focal_point)
    return found


@pytest.fixture
def committee_member(db):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import CREDENTIALS_COMMITTEE, sync_roles

    sync_roles()
    user = UserFactory(email="committee@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=CREDENTIALS_COMMITTEE))
    return user


@pytest.fixture
def read_only_organiser(db):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import ORGANISER_READ_ONLY, sync_roles

    sync_roles()
    user = UserFactory(email="reader@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISER_READ_ONLY))
    return user
