"""The morning digest's content: a list of section providers other apps can extend.

A provider is `provider(*, recipient, assembly, day) -> dict | None` returning
{"title": str, "items": [{"starts_at": datetime, "ends_at": datetime | None, "text": str,
"place": str}]}. Providers are listed in settings.NOTIFICATIONS_DIGEST_SECTIONS (dotted paths;
default: the day's published sessions) or registered with `@register_digest_section`, e.g. by
the meetings app for "your bilateral meetings today". They run at delivery, in the recipient's
language, so the digest shows the programme as it stands at 07:30.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from apps.notifications import conf

Provider = Callable[..., dict[str, Any] | None]
_registered: list[Provider] = []


def register_digest_section(provider: Provider) -> Provider:
    """Decorator: add `provider` to the digest (idempotent)."""
    if provider not in _registered:
        _registered.append(provider)
    return provider


def providers() -> list[Provider]:
    return [import_string(path) for path in conf.digest_section_paths()] + _registered


def local_day_bounds(day: dt.date, tz) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def sections(*, recipient, assembly, day: dt.date) -> list[dict[str, Any]]:
    found = []
    for provider in providers():
        section = provider(recipient=recipient, assembly=assembly, day=day)
        if section and section.get("items"):
            found.append(section)
    return found


def published_sessions(*, recipient, assembly, day: dt.date) -> dict[str, Any] | None:
    """The day's published sessions of the assembly, in order."""
    if not apps.is_installed("apps.agenda") or assembly is None:
        return None
    session_model = apps.get_model("agenda", "Session")
    start, end = local_day_bounds(day, assembly.tz)
    sessions = (
        session_model.objects.filter(
            assembly=assembly, visibility="published", starts_at__gte=start, starts_at__lt=end
        )
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    return {
        "title": _("Today's programme"),
        "items": [
            {
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "text": session.title,
                "place": session.room.name if session.room_id else "",
            }
            for session in sessions
        ],
    }
