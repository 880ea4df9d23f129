"""Factories of the ceremonies tests (and the agenda session a ceremony takes place in)."""

from __future__ import annotations

import datetime as dt

import factory

from apps.agenda.models import Session
from apps.ceremonies.models import Ceremony, CeremonyRole, Cue, RoleKind
from tests.factories import AssemblyFactory

UTC = dt.UTC


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    assembly = factory.SubFactory(AssemblyFactory)
    kind = Session.Kind.CEREMONY
    title_en = "Closing session and flag handover"
    # 14:00 to 16:00 in Marrakech (UTC+1) on 27 November 2025.
    starts_at = dt.datetime(2025, 11, 27, 13, 0, tzinfo=UTC)
    ends_at = dt.datetime(2025, 11, 27, 15, 0, tzinfo=UTC)
    visibility = Session.Visibility.PUBLISHED


class CeremonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ceremony

    assembly = factory.SubFactory(AssemblyFactory)
    session = factory.SubFactory(SessionFactory, assembly=factory.SelfAttribute("..assembly"))
    kind = Ceremony.Kind.CLOSING
    title_en = factory.Sequence(lambda n: f"Ceremony {n}")


class CueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cue

    ceremony = factory.SubFactory(CeremonyFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Cue {n}")
    duration_minutes = 10


class CeremonyRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CeremonyRole

    ceremony = factory.SubFactory(CeremonyFactory)
    kind = RoleKind.FLAG_BEARER
    guest_name = factory.Sequence(lambda n: f"Guest {n}")
