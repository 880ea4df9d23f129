"""Agenda template helpers."""

from __future__ import annotations

import datetime as dt

from django import template

from apps.core.models import Assembly

register = template.Library()


@register.filter
def local_clock(instant: dt.datetime | None, assembly: Assembly | None) -> str:
    """{{ session.ends_at|local_clock:assembly }} -> "10:30" (the start names the zone)."""
    if instant is None or assembly is None:
        return ""
    return instant.astimezone(assembly.tz).strftime("%H:%M")
