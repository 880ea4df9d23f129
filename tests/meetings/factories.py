"""Factories of the meetings tests: bilateral rooms and meeting requests."""

from __future__ import annotations

import factory

from apps.agenda.models import Room
from apps.meetings.models import MeetingRequest
from tests.agenda import factories as agenda_factories
from tests.factories import AssemblyFactory, DelegationFactory


class RoomFactory(agenda_factories.RoomFactory):
    """A bilateral meeting room (the agenda's room factory with bilateral defaults)."""

    name = factory.Sequence(lambda n: f"Bilateral room {n + 1}")
    code = factory.Sequence(lambda n: f"B{n + 1:02d}")
    capacity = 8
    kind = Room.Kind.BILATERAL


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    assembly = factory.SubFactory(AssemblyFactory)
    requester = factory.SubFactory(DelegationFactory, assembly=factory.SelfAttribute("..assembly"))
    invitee = factory.SubFactory(DelegationFactory, assembly=factory.SelfAttribute("..assembly"))
    topic = factory.Sequence(lambda n: f"Cooperation topic {n}")
    duration_minutes = 30
    requester_attendees = 2
    invitee_attendees = 2
