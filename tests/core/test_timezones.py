import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from apps.core.timezones import format_local, make_aware_strict, offset_label

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


def test_format_local_names_city_and_offset_in_november():
    instant = dt.datetime(2025, 11, 25, 8, 0, tzinfo=dt.UTC)
    assert format_local(instant, CASABLANCA, "Marrakech") == "09:00 Marrakech (UTC+1)"


def test_offset_label_during_ramadan_is_utc_plus_zero():
    instant = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
    assert offset_label(instant, CASABLANCA) == "UTC+0"


def test_make_aware_strict_round_trips_every_hour_of_the_assembly():
    start = dt.datetime(2025, 11, 24, 0, 0)
    for hour in range(4 * 24):
        local = start + dt.timedelta(hours=hour)
        aware = make_aware_strict(local, CASABLANCA)
        assert aware.astimezone(dt.UTC) == (local - dt.timedelta(hours=1)).replace(tzinfo=dt.UTC)
        assert aware.astimezone(dt.UTC).astimezone(CASABLANCA).replace(tzinfo=None) == local


def test_make_aware_strict_rejects_time_skipped_by_clock_change():
    # 6 April 2025: Casablanca's clocks jump from 02:00 to 03:00 after Ramadan.
    with pytest.raises(ValidationError) as excinfo:
        make_aware_strict(dt.datetime(2025, 4, 6, 2, 30), CASABLANCA)
    assert excinfo.value.code == "nonexistent_time"
    assert "2025-04-06 02:30 does not exist in Africa/Casablanca" in excinfo.value.messages[0]


def test_make_aware_strict_rejects_time_repeated_by_clock_change():
    # 23 February 2025: clocks go back from 03:00 to 02:00, so 02:30 happens twice.
    with pytest.raises(ValidationError) as excinfo:
        make_aware_strict(dt.datetime(2025, 2, 23, 2, 30), CASABLANCA)
    assert excinfo.value.code == "ambiguous_time"
