"""The agenda's section of the morning digest, registered with the notifications app's hook."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from apps.agenda.models import Session
from apps.agenda.selectors import local_day_bounds, visible_sessions


def todays_sessions(*, recipient, assembly, day: dt.date) -> dict[str, Any] | None:
    """The day's published sessions the recipient may see ("by invitation" ones only when
    invited), in order."""
    if assembly is None:
        return None
    start, end = local_day_bounds(day, assembly=assembly)
    sessions = (
        visible_sessions(recipient, assembly=assembly)
        .filter(visibility=Session.Visibility.PUBLISHED, starts_at__gte=start, starts_at__lt=end)
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
                "place": session.room.name if session.room is not None else "",
            }
            for session in sessions
        ],
    }
