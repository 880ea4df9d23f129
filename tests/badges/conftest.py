"""Fixtures of the badges tests: an assembly with zones and categories, an approved delegate."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from apps.badges import services
from apps.badges.models import BadgeCategory, Zone
from tests.delegations.factories import approved_delegate
from tests.factories import DelegationFactory, UserFactory

# Inside the assembly's days (93rd: Marrakech, 24-27 November 2025).
DURING = dt.datetime(2025, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def during():
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path):
    """Every test signs with a key generated under its own var dir."""
    from apps.badges import signing

    settings.VAR_DIR = tmp_path / "var"
    settings.BADGE_SIGNING_KEY = ""
    signing.signing_key.cache_clear()
    yield
    signing.signing_key.cache_clear()


@pytest.fixture
def zones(assembly, organiser):
    made = {}
    for code, name, extra in (
        ("plenary", "Plenary hall", {"plenary": True, "no_passback": True}),
        ("press", "Press room", {}),
        ("lounge", "Delegates' lounge", {}),
    ):
        made[code] = services.save_config(
            obj=Zone(assembly=assembly, code=code, name=name, **extra), by=organiser
        )
    return made


@pytest.fixture
def categories(assembly, organiser, zones):
    made = {}
    for code, name, colour, zone_codes in (
        ("head", "Head of delegation", "#8B0000", ["plenary", "lounge"]),
        ("delegate", "Delegate", "#1F4E79", ["plenary", "lounge"]),
        ("media", "Media", "#E67E22", ["press"]),
    ):
        category = services.save_config(
            obj=BadgeCategory(assembly=assembly, code=code, name=name, colour=colour),
            by=organiser,
        )
        services.set_category_zones(
            category=category, zones=[zones[z] for z in zone_codes], by=organiser
        )
        made[code] = category
    return made


@pytest.fixture
def delegation(assembly):
    delegation = DelegationFactory(
        assembly=assembly, country__iso2="EG", country__name_en="Egypt", country__region="africa"
    )
    delegation.focal_points.add(UserFactory(email="focal.eg@example.org"))
    return delegation


@pytest.fixture
def delegate(delegation, organiser):
    return approved_delegate(
        delegation,
        organiser,
        family_name="Haddad",
        given_names="Karim",
        family_name_native="حداد",
        given_names_native="كريم",
    )


@pytest.fixture
def badge(delegate, categories, organiser):
    return services.issue_badge(category=categories["delegate"], delegate=delegate, by=organiser)


@pytest.fixture
def gate_staff(db):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import GATE_STAFF, sync_roles

    sync_roles()
    user = UserFactory(email="gate@example.org", full_name="Gate Staff", is_staff=True)
    user.groups.add(Group.objects.get(name=GATE_STAFF))
    return user
