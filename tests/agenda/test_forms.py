"""Times are entered in local wall-clock time; clock changes are refused with a clear message."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.agenda.forms import SessionForm, aware_in_assembly, to_local_naive
from apps.agenda.models import Session
from tests.agenda.factories import RoomFactory, VenueFactory
from tests.factories import AssemblyFactory


def _data(assembly, start, end, **extra):
    return {
        "assembly": assembly.pk,
        "kind": "plenary",
        "title_en": "Plenary",
        "starts_local_0": start[0],
        "starts_local_1": start[1],
        "ends_local_0": end[0],
        "ends_local_1": end[1],
        "attendance": "all",
        "visibility": "draft",
        "interpretation_languages": "[]",
        **extra,
    }


@pytest.mark.django_db
def test_form_takes_local_time_and_stores_utc(assembly):
    form = SessionForm(data=_data(assembly, ("2025-11-25", "09:00"), ("2025-11-25", "10:30")))

    assert form.is_valid(), form.errors
    session = form.save()

    assert session.starts_at == dt.datetime(2025, 11, 25, 8, 0, tzinfo=dt.UTC)
    assert SessionForm(instance=session).initial["starts_local"] == dt.datetime(2025, 11, 25, 9)


@pytest.mark.django_db
def test_form_names_the_clashing_session(assembly):
    room = RoomFactory(venue=VenueFactory(assembly=assembly), code="PL", name="Plenary hall")
    first = SessionForm(
        data=_data(assembly, ("2025-11-25", "09:00"), ("2025-11-25", "10:30"), room=room.pk)
    )
    first.is_valid()
    first.instance.title_en = "Opening ceremony"
    first.save()

    form = SessionForm(
        data=_data(assembly, ("2025-11-25", "10:00"), ("2025-11-25", "11:00"), room=room.pk)
    )

    assert not form.is_valid()
    assert "Opening ceremony" in form.errors["room"][0]


@pytest.mark.django_db
def test_form_rejects_date_outside_the_assembly(assembly):
    form = SessionForm(data=_data(assembly, ("2025-11-23", "09:00"), ("2025-11-23", "10:00")))

    assert not form.is_valid()
    assert "between 2025-11-24 and 2025-11-27" in form.errors["starts_local"][0]


@pytest.fixture
def ramadan_assembly(db):
    """An assembly spanning Morocco's real 2025 clock changes (Ramadan: UTC+0 in between)."""
    return AssemblyFactory(
        number=900,
        name="Test assembly across Ramadan 2025",
        start_date=dt.date(2025, 2, 22),
        end_date=dt.date(2025, 4, 7),
    )


@pytest.mark.django_db
def test_form_rejects_time_skipped_by_clock_change(ramadan_assembly):
    # 6 April 2025: clocks jump from 02:00 (UTC+0) to 03:00 (UTC+1); 02:30 never happens.
    form = SessionForm(
        data=_data(ramadan_assembly, ("2025-04-06", "02:30"), ("2025-04-06", "04:00"))
    )

    assert not form.is_valid()
    assert form.errors["starts_local"] == [
        "2025-04-06 02:30 does not exist in Africa/Casablanca: the clocks change at that moment."
    ]


@pytest.mark.django_db
def test_form_rejects_time_repeated_by_clock_change(ramadan_assembly):
    # 23 February 2025: clocks go back from 03:00 (UTC+1) to 02:00 (UTC+0); 02:30 happens twice.
    form = SessionForm(
        data=_data(ramadan_assembly, ("2025-02-23", "01:00"), ("2025-02-23", "02:30"))
    )

    assert not form.is_valid()
    assert "happens twice" in form.errors["ends_local"][0]


@pytest.mark.django_db
def test_form_across_clock_change_counts_real_duration(ramadan_assembly):
    # 01:30 (UTC+0) to 03:30 (UTC+1) on 6 April is one real hour.
    form = SessionForm(
        data=_data(ramadan_assembly, ("2025-04-06", "01:30"), ("2025-04-06", "03:30"))
    )

    assert form.is_valid(), form.errors
    session = form.save()
    assert session.ends_at - session.starts_at == dt.timedelta(hours=1)
    assert Session.objects.get().starts_at == dt.datetime(2025, 4, 6, 1, 30, tzinfo=dt.UTC)


@settings(max_examples=200, deadline=None)
@given(
    minutes=st.integers(min_value=0, max_value=4 * 24 * 60 - 1),
)
def test_local_utc_local_round_trip_across_the_assembly(minutes):
    assembly = AssemblyFactory.build()  # 24-27 November 2025, Marrakech (no DB needed)
    naive = dt.datetime(2025, 11, 24) + dt.timedelta(minutes=minutes)

    instant = aware_in_assembly(naive, assembly)

    assert instant.utcoffset() == dt.timedelta(0)
    assert instant == naive.replace(tzinfo=zoneinfo.ZoneInfo("Africa/Casablanca"))
    assert to_local_naive(instant, assembly) == naive
    assert instant.hour == (naive - dt.timedelta(hours=1)).hour  # UTC+1 all four days
