import pytest

from tests.agenda.factories import RoomFactory, VenueFactory
from tests.factories import DelegationFactory, UserFactory


@pytest.fixture
def venue(assembly):
    return VenueFactory(assembly=assembly)


@pytest.fixture
def hall(venue):
    return RoomFactory(venue=venue, code="PL", name="Plenary hall", kind="plenary", capacity=1200)


@pytest.fixture
def focal_point(assembly):
    """A focal point of France's delegation."""
    user = UserFactory(email="focal.fr@example.org", full_name="Fanny Focal")
    delegation = DelegationFactory(assembly=assembly, country__iso2="FR")
    delegation.focal_points.add(user)
    return user


@pytest.fixture
def delegation(focal_point, assembly):
    return focal_point.delegations.get(assembly=assembly)


@pytest.fixture
def other_delegation(assembly):
    user = UserFactory(email="focal.ke@example.org", full_name="Kamau Focal")
    other = DelegationFactory(assembly=assembly, country__iso2="KE")
    other.focal_points.add(user)
    return other
