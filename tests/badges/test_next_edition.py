"""Preparing the next edition carries the zones and badge categories, so media can apply and
badges be issued from the start; the rooms and sessions they were tied to do not carry."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.badges.models import BadgeCategory, SessionAccess, Zone
from apps.core.services import prepare_next_edition
from tests.agenda.factories import RoomFactory

NEXT = {
    "number": 94,
    "name": "94th INTERPOL General Assembly",
    "city": "Hong Kong",
    "country": "China",
    "time_zone": "Asia/Hong_Kong",
    "start_date": dt.date(2026, 11, 16),
    "end_date": dt.date(2026, 11, 19),
}


@pytest.mark.django_db
def test_next_edition_starts_with_last_years_zones_and_categories(
    assembly, organiser, categories, zones
):
    zones["plenary"].room = RoomFactory(venue__assembly=assembly)
    zones["plenary"].save()
    SessionAccess.objects.create(
        zone=zones["plenary"], category=categories["media"], session_kinds=["opening"]
    )

    new, counts = prepare_next_edition(previous=assembly, by=organiser, **NEXT)

    assert (counts["zones"], counts["badge_categories"]) == (3, 3)
    carried = {z.code: z for z in Zone.objects.filter(assembly=new)}
    assert sorted(carried) == ["lounge", "plenary", "press"]
    assert carried["plenary"].plenary
    assert carried["plenary"].no_passback
    assert carried["plenary"].room is None  # the venue does not carry over
    media = BadgeCategory.objects.get(assembly=new, code="media")
    assert media.colour == "#E67E22"
    assert [z.code for z in media.zones.all()] == ["press"]
    assert all(z.assembly_id == new.pk for z in Zone.objects.filter(categories__assembly=new))
    assert not SessionAccess.objects.filter(zone__assembly=new).exists()  # nor the programme
    # Last year's set-up is untouched.
    assert Zone.objects.filter(assembly=assembly).count() == 3
    assert BadgeCategory.objects.filter(assembly=assembly).count() == 3
