from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.logistics import services
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory, UserFactory


@pytest.fixture
def delegation(assembly):
    return DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="KE"))


@pytest.fixture
def other_delegation(assembly):
    return DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="JP"))


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
def delegates(delegation):
    return [
        DelegateFactory(delegation=delegation, family_name=f"Wanjiru{i}", given_names="Amina")
        for i in range(3)
    ]


@pytest.fixture
def hotel(assembly, organiser):
    return services.save_hotel(
        assembly=assembly,
        by=organiser,
        name="Palmeraie Palace",
        address="Circuit de la Palmeraie, Marrakech",
        distance_km=Decimal("1.5"),
        shuttle_minutes=10,
        language="fr",
    )


@pytest.fixture
def block(hotel, organiser):
    return services.save_room_block(
        hotel=hotel,
        by=organiser,
        room_type="twin",
        occupancy=2,
        rooms_per_night=2,
        first_night=dt.date(2025, 11, 23),
        last_night=dt.date(2025, 11, 27),
        rate=Decimal("120.00"),
        currency="EUR",
        release_date=dt.date(2025, 10, 24),
    )


@pytest.fixture
def allocation(block, delegation, organiser):
    return services.allocate_rooms(block=block, delegation=delegation, rooms=2, by=organiser)
