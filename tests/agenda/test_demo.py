import datetime as dt

import pytest

from apps.agenda import demo
from apps.agenda.models import Room, Session
from apps.core import demo as core_demo


@pytest.mark.django_db
def test_demo_builds_the_93rd_programme_idempotently():
    core_demo.seed()
    demo.seed()
    counts = (Room.objects.count(), Session.objects.count())

    demo.seed()

    assert (Room.objects.count(), Session.objects.count()) == counts
    bilateral = Room.objects.filter(kind="bilateral", venue__assembly__number=93)
    assert sorted(bilateral.values_list("code", flat=True)) == [f"B{n:02d}" for n in range(1, 26)]
    capacities = set(bilateral.values_list("capacity", flat=True))
    assert (min(capacities), max(capacities)) == (4, 12)
    opening = Session.objects.get(kind="opening", assembly__number=93)
    local_start = opening.starts_at.astimezone(opening.assembly.tz)
    assert (local_start.date(), local_start.time()) == (dt.date(2025, 11, 24), dt.time(10, 30))
    assert Session.objects.filter(kind="election", title_en__contains="Executive").exists()
    assert Session.objects.filter(title_en="Gala dinner").exists()


@pytest.mark.django_db
def test_demo_closing_sessions_of_92nd_and_93rd():
    core_demo.seed()
    demo.seed()

    closings = Session.objects.filter(title_en="Closing session and flag handover").order_by(
        "starts_at"
    )

    days = [s.starts_at.astimezone(s.assembly.tz).date() for s in closings]
    assert days == [dt.date(2024, 11, 7), dt.date(2025, 11, 27)]
    assert {s.kind for s in closings} == {"ceremony"}
    assert all(s.visibility == "published" for s in closings)
