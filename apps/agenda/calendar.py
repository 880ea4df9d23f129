"""iCalendar feeds: any event-like items (sessions now, confirmed meetings later) into one file.

The builder knows nothing of models: it takes `CalendarEvent`s. Other apps contribute to the
delegation and delegate feeds by registering a source in their AppConfig.ready():

    from apps.agenda.calendar import register_feed_source
    register_feed_source(meetings_feed_events)  # (delegation=..., delegate=None) -> events

Times are written in the assembly's zone (TZID) with its VTIMEZONE, so a calendar application
shows "09:00" in Marrakech and converts correctly anywhere else.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import icalendar

if TYPE_CHECKING:
    from apps.agenda.models import Session

PRODID = "-//GA Planner//Agenda//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. `uid` never changes for the same thing; `sequence` grows at each change."""

    uid: str
    summary: str
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime  # aware
    sequence: int = 0
    description: str = ""
    location: str = ""
    cancelled: bool = False
    last_modified: dt.datetime | None = None
    categories: tuple[str, ...] = ()


FeedSource = Callable[..., Iterable[CalendarEvent]]
_sources: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> None:
    """Add events to every feed: `source(delegation=..., delegate=None)` returns events."""
    if source not in _sources:
        _sources.append(source)


def extra_events(*, delegation: Any, delegate: Any = None) -> list[CalendarEvent]:
    """Events that other apps (meetings) add to a delegation's or a delegate's feed."""
    events: list[CalendarEvent] = []
    for source in _sources:
        events.extend(source(delegation=delegation, delegate=delegate))
    return events


def session_event(session: Session) -> CalendarEvent:
    location = ""
    room = session.room
    if room is not None:
        location = f"{room.name} ({room.code})"
        if room.venue is not None:
            location += f", {room.venue.name}"
    return CalendarEvent(
        uid=session.uid,
        summary=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        sequence=session.sequence,
        description=session.description,
        location=location,
        cancelled=session.cancelled,
        last_modified=session.updated_at,
        categories=(session.get_kind_display(),),
    )


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    tz: zoneinfo.ZoneInfo,
    now: dt.datetime | None = None,
) -> bytes:
    """An RFC 5545 calendar of `events`, times in `tz` with its VTIMEZONE."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", tz.key)
    for item in sorted(events, key=lambda e: (e.starts_at, e.uid)):
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", item.sequence)
        event.add("summary", item.summary)
        event.add("dtstart", item.starts_at.astimezone(tz))
        event.add("dtend", item.ends_at.astimezone(tz))
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.categories:
            event.add("categories", list(item.categories))
        if item.last_modified:
            event.add("last-modified", item.last_modified.astimezone(dt.UTC).replace(microsecond=0))
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
