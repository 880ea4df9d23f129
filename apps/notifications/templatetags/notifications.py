"""{% load notifications %}: the inbox count for the header, and helpers for e-mail templates."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context) -> int:
    """{% unread_count as unread %}: unread inbox items of the signed-in user (0 for others).

    Uses the value of the context processor when it is installed, else asks the database once.
    """
    if "notifications_unread" in context:
        value = context["notifications_unread"]
        return int(value() if callable(value) else value)
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    from apps.notifications.selectors import unread_count_for

    return unread_count_for(user)


@register.filter
def as_datetime(value) -> dt.datetime | None:
    """An ISO string from a notification's JSON context back to an aware datetime."""
    if isinstance(value, dt.datetime) or value in (None, ""):
        return value or None
    try:
        return parse_datetime(str(value))
    except ValueError:
        return None


@register.filter
def lead_time(minutes) -> str:
    """1440 -> '24 hours', 60 -> '1 hour', 30 -> '30 minutes' (translated)."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


@register.filter
def isolate(value) -> SafeString:
    """User text inside a sentence of an HTML e-mail: escaped, and isolated for direction
    (an Arabic name in an English sentence, or the reverse, keeps the sentence in order)."""
    return format_html("<bdi>{}</bdi>", value)
