"""Template helpers shared by every portal page."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, SafeString

from apps.core.i18n import list_separator
from apps.core.models import Assembly
from apps.core.timezones import format_local, zone_label

register = template.Library()


def isolated(text: str, autoescape: bool) -> str | SafeString:
    """In HTML, `text` isolated for direction (a <bdi>, so "18:00 مراكش (UTC+1)" or
    "20 / 40" keep their order inside an Arabic sentence and do not reorder it); in plain
    text (e-mails' text part), as it is."""
    if not text or not autoescape:
        return text
    return format_html("<bdi>{}</bdi>", text)


@register.filter(needs_autoescape=True)
def local_time(
    instant: dt.datetime | None, assembly: Assembly | None, autoescape: bool = True
) -> str | SafeString:
    """{{ session.starts_at|local_time:assembly }} -> '09:00 Marrakech (UTC+1)', isolated."""
    if instant is None or assembly is None:
        return ""
    return isolated(format_local(instant, assembly.tz, assembly.display_city), autoescape)


@register.filter(needs_autoescape=True)
def local_zone(
    instant: dt.datetime | None, assembly: Assembly | None, autoescape: bool = True
) -> str | SafeString:
    """{{ day_start|local_zone:assembly }} -> 'Marrakech (UTC+1)', isolated."""
    if instant is None or assembly is None:
        return ""
    return isolated(zone_label(instant, assembly.tz, assembly.display_city), autoescape)


@register.filter(needs_autoescape=True)
def bidi(value: object, autoescape: bool = True) -> str | SafeString:
    """{{ name|bidi }}: a user-supplied or data string (a name, a title, "20 / 40") isolated
    for direction in HTML; escaped as any value."""
    if value is None or value == "":
        return ""
    safe = value if isinstance(value, SafeData) else str(value)
    text = conditional_escape(safe) if autoescape else str(value)
    return isolated(text, autoescape)


@register.filter(needs_autoescape=True)
def listing(items: object, autoescape: bool = True) -> str | SafeString:
    """{{ roles|listing }}: the items joined by the reader's list separator ("a, b"; Arabic
    "أ، ب"), each escaped as any value."""
    values = list(items or [])  # type: ignore[call-overload]
    if not autoescape:
        return list_separator().join(str(value) for value in values)
    return format_html_join(list_separator(), "{}", ((value,) for value in values))
