"""When the badges of an assembly open doors: from the day before its first day (collection
and pre-sessions) to the end of its last day, in the assembly's own time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from apps.core.models import Assembly


def valid_from(assembly: Assembly) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(assembly.time_zone)
    day = assembly.start_date - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz).astimezone(dt.UTC)


def valid_until(assembly: Assembly) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(assembly.time_zone)
    day = assembly.end_date + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz).astimezone(dt.UTC)
