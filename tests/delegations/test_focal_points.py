"""`focal_points_of`: the one look-up of who speaks for a delegation."""

from __future__ import annotations

import pytest

from apps.delegations.selectors import focal_points_of
from tests.factories import DelegationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_person_once_across_delegations_in_order(assembly):
    first = DelegationFactory(assembly=assembly, country__iso2="FR")
    second = DelegationFactory(assembly=assembly, country__iso2="KE")
    shared = UserFactory(email="shared@example.org")
    own = UserFactory(email="own@example.org")
    first.focal_points.add(shared)
    second.focal_points.add(shared, own)

    found = focal_points_of(first, second)

    assert [user.email for user in found] == ["shared@example.org", "own@example.org"]


def test_active_only_leaves_out_an_invitation_not_yet_used(assembly):
    delegation = DelegationFactory(assembly=assembly)
    active = UserFactory(email="active@example.org")
    pending = UserFactory(email="pending@example.org", is_active=False)
    delegation.focal_points.add(active, pending)

    assert {u.email for u in focal_points_of(delegation)} == {
        "active@example.org",
        "pending@example.org",
    }
    assert [u.email for u in focal_points_of(delegation, active_only=True)] == [
        "active@example.org"
    ]
