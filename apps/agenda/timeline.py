"""One timeline for "My programme": sessions now, other apps' items (meetings) merged by time.

Another app adds its items by registering a source in its AppConfig.ready():

    from apps.agenda.timeline import register_timeline_source
    register_timeline_source(meeting_items)  # (delegation=...) -> iterable of TimelineItem

Each item names the template that renders it inside the programme's list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from apps.agenda.models import Session

TimelineSource = Callable[..., Iterable["TimelineItem"]]
_sources: list[TimelineSource] = []


@dataclass
class TimelineItem:
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    template: str = "agenda/includes/timeline_session.html"
    obj: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def register_timeline_source(source: TimelineSource) -> None:
    if source not in _sources:
        _sources.append(source)


# Labels looked up once per item: `get_<field>_display` rebuilds (and translates, to hash them)
# every choice of the field on each call, which was a third of the programme's rendering time.
KIND_LABELS = dict(Session.Kind.choices)
ATTENDANCE_LABELS = dict(Session.Attendance.choices)


def session_items(sessions: Iterable[Session]) -> list[TimelineItem]:
    return [
        TimelineItem(
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            title=s.title,
            obj=s,
            extra={
                "kind": KIND_LABELS.get(s.kind, s.kind),
                "attendance": ATTENDANCE_LABELS.get(s.attendance, s.attendance),
            },
        )
        for s in sessions
    ]


def timeline(
    *, delegation: Any, sessions: Iterable[Session], tz
) -> list[tuple[dt.date, list[TimelineItem]]]:
    """Items of every source, by local day, in time order."""
    items = session_items(sessions)
    for source in _sources:
        items.extend(source(delegation=delegation))
    items.sort(key=lambda item: (item.starts_at, item.ends_at, item.title))
    days: dict[dt.date, list[TimelineItem]] = {}
    for item in items:
        days.setdefault(item.starts_at.astimezone(tz).date(), []).append(item)
    return list(days.items())
