"""Factories of the meetings tests: venues, rooms and meeting requests."""

from __future__ import annotations

import factory

from apps.agenda.models import Room, Venue
from apps.meetings.models import MeetingRequest
from tests.factories import AssemblyFactory, DelegationFactory


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    assembly = factory.SubFactory(AssemblyFactory)
    name = "Palmeraie Conference Village"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
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
