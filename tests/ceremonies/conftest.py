from __future__ import annotations

import pytest

from tests.ceremonies.factories import CeremonyFactory
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory, UserFactory


@pytest.fixture
def ceremony(assembly):
    return CeremonyFactory(assembly=assembly, title_en="Closing ceremony and flag handover")


@pytest.fixture
def delegation(assembly):
    return DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="MA"))


@pytest.fixture
def other_delegation(assembly):
    return DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="CN"))


@pytest.fixture
def focal_point(delegation):
    user = UserFactory(email="focal@example.org")
    delegation.focal_points.add(user)
    return user


@pytest.fixture
def other_focal_point(other_delegation):
    user = UserFactory(email="other-focal@example.org")
    other_delegation.focal_points.add(user)
    return user


@pytest.fixture
def delegate(delegation):
    return DelegateFactory(
        delegation=delegation, given_names="Amina", family_name="Alaoui", email="amina@example.org"
    )


@pytest.fixture
def other_delegate(other_delegation):
    return DelegateFactory(
        delegation=other_delegation, given_names="Wei", family_name="Chen", email="wei@example.org"
    )


@pytest.fixture(scope="session", autouse=True)
def _static_from_finders():
    """Pages render {% static %} without collectstatic (production settings use a manifest).

    Session-wide so that it is in force before the live server starts.
    """
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True
    ):
        yield
