from __future__ import annotations

import datetime as dt

from django import template

from apps.core.models import Assembly
from apps.core.timezones import format_local

register = template.Library()


@register.filter
def local_datetime(instant: dt.datetime | None, assembly: Assembly | None) -> str:
    """{{ record.arrival_at|local_datetime:assembly }} -> '2025-11-23 14:05 Marrakech (UTC+1)'."""
    if instant is None or assembly is None:
        return ""
    return format_local(instant, assembly.tz, assembly.display_city, "%Y-%m-%d %H:%M")
