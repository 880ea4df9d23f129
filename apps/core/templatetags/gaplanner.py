"""Template helpers shared by every portal page."""

from __future__ import annotations

import datetime as dt

from django import template

from apps.core.models import Assembly
from apps.core.timezones import format_local, zone_label

register = template.Library()


@register.filter
def local_time(instant: dt.datetime | None, assembly: Assembly | None) -> str:
    """{{ session.starts_at|local_time:assembly }} -> '09:00 Marrakech (UTC+1)'."""
    if instant is None or assembly is None:
        return ""
    return format_local(instant, assembly.tz, assembly.display_city)


@register.filter
def local_zone(instant: dt.datetime | None, assembly: Assembly | None) -> str:
    """{{ day_start|local_zone:assembly }} -> 'Marrakech (UTC+1)'."""
    if instant is None or assembly is None:
        return ""
    return zone_label(instant, assembly.tz, assembly.display_city)
