"""Fixtures of the meetings tests: three delegations with focal points, rooms, a solver double."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.delegations.models import Delegation
from tests.agenda.factories import VenueFactory
from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory
from tests.meetings.factories import RoomFactory
from tests.meetings.fake_solver import greedy_solver


def _delegation(assembly, iso2: str, name: str, kind=Delegation.Kind.MEMBER, region="europe"):
    country = MemberCountryFactory(iso2=iso2, name_en=name, region=region)
    delegation = DelegationFactory(assembly=assembly, country=country, kind=kind)
    focal_point = UserFactory(email=f"focal-{iso2.lower()}@example.org", full_name=f"Focal {iso2}")
    delegation.focal_points.add(focal_point)
    delegation.focal_point = focal_point
    return delegation


@pytest.fixture
def morocco(assembly):
    return _delegation(assembly, "MA", "Morocco", Delegation.Kind.HOST, region="africa")


@pytest.fixture
def france(assembly):
    return _delegation(assembly, "FR", "France")


@pytest.fixture
def kenya(assembly):
    return _delegation(assembly, "KE", "Kenya", region="africa")


@pytest.fixture
def venue(assembly):
    return VenueFactory(assembly=assembly)


@pytest.fixture
def rooms(venue):
    return [
        RoomFactory(venue=venue, code="B01", name="Atlas", capacity=6),
        RoomFactory(venue=venue, code="B02", name="Toubkal", capacity=12),
    ]


@pytest.fixture
def at():
    """at(day, "10:00") -> the UTC instant of that local time on the assembly's day (0-3)."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo("Africa/Casablanca")

    def make(day: int, clock: str) -> dt.datetime:
        hour, minute = map(int, clock.split(":"))
        local = dt.datetime(2025, 11, 24 + day, hour, minute, tzinfo=tz)
        return local.astimezone(dt.UTC)

    return make


@pytest.fixture
def fake_solver(monkeypatch):
    """Replace the real scheduler by a greedy test double: these tests are about the adapter."""
    calls = []

    def run(instance_json, time_limit):
        calls.append(instance_json)
        return greedy_solver(instance_json)

    monkeypatch.setattr("apps.meetings.scheduler_adapter.runs.run_solver", run)
    return calls


@pytest.fixture(autouse=True)
def sent_tasks(monkeypatch):
    """Tasks sent by name (the scheduler's) are recorded, never published to a broker in tests."""
    sent = []

    def record(name, *args, **options):
        sent.append(args)

    monkeypatch.setattr("apps.core.queue.send_task", record)
    return sent
