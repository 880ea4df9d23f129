"""Fixtures of the accounts tests: a delegation with its focal point, a read-only organiser."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory


@pytest.fixture(autouse=True)
def _language_put_back():
    """A request in another language leaves it active in this thread: put English back."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
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
def read_only_organiser(db):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import ORGANISER_READ_ONLY, sync_roles

    sync_roles()
    user = UserFactory(email="reader@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISER_READ_ONLY))
    return user
