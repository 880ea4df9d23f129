"""Local time for people, UTC in the database: conversions and the "09:00 Marrakech (UTC+1)" label.

Africa/Casablanca is UTC+1 most of the year and UTC+0 during Ramadan (tzdata models it as a
negative DST), so an offset is always computed for the instant, never fixed.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.validators import validate_plausible_date


def offset_label(instant: dt.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """UTC+1, UTC+0, UTC+5:30: the offset in force at `instant`."""
    offset = instant.astimezone(tz).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(instant: dt.datetime, tz: zoneinfo.ZoneInfo, city: str) -> str:
    """'Marrakech (UTC+1)': the place people know, and the offset their phone shows."""
    return f"{city} ({offset_label(instant, tz)})"


def format_local(instant: dt.datetime, tz: zoneinfo.ZoneInfo, city: str, fmt: str = "%H:%M") -> str:
    """'09:00 Marrakech (UTC+1)' for an aware UTC instant."""
    return f"{instant.astimezone(tz).strftime(fmt)} {zone_label(instant, tz, city)}"


def make_aware_strict(naive: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """Attach `tz` to a wall-clock time, refusing times a clock change skips or repeats.

    zoneinfo silently resolves both cases (PEP 495); a person entering 02:30 on a night the
    clock jumps from 02:00 to 03:00 must be told instead of getting a meeting an hour off.
    """
    if naive.tzinfo is not None:
        raise ValueError("make_aware_strict takes a naive datetime")
    validate_plausible_date(naive)  # year 1 or 9999 would overflow in the conversion below
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    round_trip = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        raise ValidationError(
            _("%(time)s does not exist in %(zone)s: the clocks change at that moment."),
            code="nonexistent_time",
            params={"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": tz.key},
        )
    raise ValidationError(
        _("%(time)s happens twice in %(zone)s because the clocks go back; choose another time."),
        code="ambiguous_time",
        params={"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": tz.key},
    )
