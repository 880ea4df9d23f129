from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.delegations.models import Credentials
from apps.elections.models import Election
from apps.elections.services.elections import create_election, nominate_candidate
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory, UserFactory

REGIONS = ["africa", "americas", "asia", "europe"]


def member(assembly, iso2: str, region: str = "europe", *, credentials: str = "accepted"):
    """A member delegation with a focal point and a voting delegate; credentials as given."""
    delegation = DelegationFactory(
        assembly=assembly,
        country=MemberCountryFactory(iso2=iso2, name_en=f"Country {iso2}", region=region),
    )
    user = UserFactory(email=f"focal-{iso2.lower()}@example.org")
    delegation.focal_points.add(user)
    voter = DelegateFactory(delegation=delegation, given_names="Voter", family_name=iso2)
    Credentials.objects.create(delegation=delegation, status=credentials, voting_delegate=voter)
    return delegation


def iso(n: int) -> str:
    return chr(65 + n // 26) + chr(65 + n % 26)


@pytest.fixture
def roll(assembly):
    """Eight member delegations with accepted credentials, two per region."""
    return [member(assembly, iso(i), REGIONS[i % 4]) for i in range(8)]


@pytest.fixture
def president(assembly, organiser, roll):
    """The President's seat, nominations closed, with three candidates."""
    election = create_election(
        assembly=assembly,
        by=organiser,
        seat="president",
        term_years=4,
        nomination_deadline=timezone.now() + dt.timedelta(hours=1),
        mode="electronic",
    )
    for delegation in roll[:3]:
        nominate_candidate(
            election=election,
            delegation=delegation,
            name=f"Candidate {delegation.country.iso2}",
            by=organiser,
            statement_en="A statement",
        )
    Election.objects.filter(pk=election.pk).update(
        nomination_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    election.refresh_from_db()
    return election


def focal(delegation):
    return delegation.focal_points.get()
