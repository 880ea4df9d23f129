"""Factories of the agenda: a venue of the 93rd, rooms and sessions in Marrakech time."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import factory

from apps.agenda.models import Room, Session, Venue
from tests.factories import AssemblyFactory

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


def local(year, month, day, hour, minute=0) -> dt.datetime:
    """An aware instant from Marrakech wall-clock time (unambiguous dates only)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=CASABLANCA)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    assembly = factory.SubFactory(AssemblyFactory)
    name = "Palmeraie Conference Village"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    code = factory.Sequence(lambda n: f"R{n:02d}")
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 50
    kind = Room.Kind.SIDE_EVENT


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    assembly = factory.SubFactory(AssemblyFactory)
    kind = Session.Kind.PLENARY
    title_en = factory.Sequence(lambda n: f"Plenary session {n}")
    room = None
    starts_at = factory.LazyFunction(lambda: local(2025, 11, 25, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    attendance = Session.Attendance.ALL
    visibility = Session.Visibility.PUBLISHED
