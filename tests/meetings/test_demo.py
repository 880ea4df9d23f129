"""Demo data: nothing without delegations or rooms; ~300 requests, ~40 with the host; idempotent."""

from __future__ import annotations

import pytest

from apps.delegations.models import Delegation, MemberCountry
from apps.meetings import demo
from apps.meetings.models import Meeting, MeetingRequest, ScheduleRun
from tests.agenda.factories import VenueFactory
from tests.factories import DelegationFactory
from tests.meetings.factories import RoomFactory

pytestmark = pytest.mark.django_db


def _delegations(assembly, count):
    countries = MemberCountry.objects.bulk_create(
        [MemberCountry(iso2="MA", name_en="Morocco", region="africa")]
        + [
            MemberCountry(
                iso2=f"{chr(65 + i // 26)}{chr(65 + i % 26)}", name_en=f"C{i}", region="europe"
            )
            for i in range(count)
            if f"{chr(65 + i // 26)}{chr(65 + i % 26)}" != "MA"
        ]
    )
    return [
        DelegationFactory(
            assembly=assembly,
            country=country,
            kind=Delegation.Kind.HOST if country.iso2 == "MA" else Delegation.Kind.MEMBER,
        )
        for country in countries
    ]


def test_demo_creates_nothing_without_delegations_or_rooms(assembly):
    assert demo.seed() == []
    _delegations(assembly, 10)
    assert demo.seed() == []
    assert not MeetingRequest.objects.exists()


def test_demo_creates_requests_and_is_idempotent(assembly, monkeypatch):
    monkeypatch.setattr(demo, "solver_available", lambda: False)
    _delegations(assembly, 120)
    venue = VenueFactory(assembly=assembly)
    for index in range(10):
        RoomFactory(venue=venue, code=f"B{index:02d}", capacity=4 + index)

    demo.seed()
    count = MeetingRequest.objects.count()
    demo.seed()

    host = Delegation.objects.get(country__iso2="MA")
    with_host = MeetingRequest.objects.filter(requester=host).count() + (
        MeetingRequest.objects.filter(invitee=host).count()
    )
    statuses = set(MeetingRequest.objects.values_list("status", flat=True))
    assert count == MeetingRequest.objects.count()
    assert 280 <= count <= 300
    assert 35 <= with_host <= 45
    assert {"accepted", "requested", "declined"} <= statuses
    assert not Meeting.objects.exists()


def test_demo_schedules_with_solver(
    assembly, monkeypatch, fake_solver, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(demo, "solver_available", lambda: True)
    _delegations(assembly, 60)
    venue = VenueFactory(assembly=assembly)
    for index in range(8):
        RoomFactory(venue=venue, code=f"B{index:02d}", capacity=12)

    # The accepted requests ask for a run on commit; the demo solves that run then.
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()

    run = ScheduleRun.objects.get()
    assert run.status == ScheduleRun.Status.SUCCEEDED, run.error
    assert Meeting.objects.filter(status="confirmed").exists()
    assert Meeting.objects.filter(status="proposed").exists()
