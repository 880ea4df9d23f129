"""Reads of the agenda, optimised and scoped to who asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from apps.agenda.models import Room, Session, SessionSpeaker, Venue
from apps.agenda.permissions import can_view_all_sessions
from apps.core.models import Assembly
from apps.delegations.models import Delegate, Delegation


def compulsory_sessions(*, assembly: Assembly) -> QuerySet[Session]:
    """Published sessions every delegation (or its head) must attend: no bilateral then."""
    return Session.objects.filter(
        assembly=assembly,
        visibility=Session.Visibility.PUBLISHED,
        cancelled=False,
        attendance__in=[Session.Attendance.ALL, Session.Attendance.HEADS],
    ).order_by("starts_at")


def busy_intervals(*, assembly: Assembly) -> list[tuple[dt.datetime, dt.datetime]]:
    """When delegations are busy with the programme, as UTC (start, end) pairs.

    The meetings scheduler turns these into blocked slots. Sessions for all delegations and
    for heads of delegation concern every delegation alike.
    """
    return list(compulsory_sessions(assembly=assembly).values_list("starts_at", "ends_at"))


def busy_intervals_for_delegation(
    *, delegation: Delegation
) -> list[tuple[dt.datetime, dt.datetime]]:
    """`busy_intervals` plus the sessions this delegation is invited to (UTC pairs, sorted)."""
    qs = Session.objects.filter(
        Q(attendance__in=[Session.Attendance.ALL, Session.Attendance.HEADS])
        | Q(attendance=Session.Attendance.INVITED, invited_delegations=delegation),
        assembly_id=delegation.assembly_id,
        visibility=Session.Visibility.PUBLISHED,
        cancelled=False,
    )
    return sorted(set(qs.values_list("starts_at", "ends_at")))


def meeting_slots(*, assembly: Assembly) -> list[tuple[dt.datetime, dt.datetime]]:
    """The bilateral-meeting grid of the assembly: (start, end) UTC pairs, day by day,
    from meeting_day_start to meeting_day_end local time in meeting_slot_minutes steps."""
    step = dt.timedelta(minutes=assembly.meeting_slot_minutes)
    slots = []
    for day in assembly.days:
        start = dt.datetime.combine(day, assembly.meeting_day_start, tzinfo=assembly.tz)
        end = dt.datetime.combine(day, assembly.meeting_day_end, tzinfo=assembly.tz)
        cursor = start.astimezone(dt.UTC)
        stop = end.astimezone(dt.UTC)
        while cursor + step <= stop:
            slots.append((cursor, cursor + step))
            cursor += step
    return slots


def busy_slots_for_delegation(*, delegation: Delegation) -> set[dt.datetime]:
    """Start instants (UTC) of the meeting slots the delegation's programme blocks: "which
    slots is delegation X busy in" for the meetings scheduler."""
    intervals = busy_intervals_for_delegation(delegation=delegation)
    return {
        start
        for start, end in meeting_slots(assembly=delegation.assembly)
        if any(busy_start < end and busy_end > start for busy_start, busy_end in intervals)
    }


def _with_related(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("room__venue", "assembly").prefetch_related(
        Prefetch(
            "speakers",
            queryset=SessionSpeaker.objects.select_related("delegate"),
        )
    )


def visible_sessions(user, *, assembly: Assembly) -> QuerySet[Session]:
    """The sessions `user` may know of, unordered and without related rows.

    Organisers allowed to view sessions see drafts and every session; anyone else sees the
    published programme, of which a "by invitation" session only when one of their own
    delegations is invited (its existence is not public).
    """
    qs = Session.objects.filter(assembly=assembly)
    if can_view_all_sessions(user):
        return qs
    qs = qs.filter(visibility=Session.Visibility.PUBLISHED)
    if not getattr(user, "is_authenticated", False):
        return qs.exclude(attendance=Session.Attendance.INVITED)
    invited = Session.objects.filter(
        assembly=assembly, invited_delegations__focal_points=user
    ).values("pk")
    return qs.filter(~Q(attendance=Session.Attendance.INVITED) | Q(pk__in=invited))


def sessions_for_user(user, *, assembly: Assembly) -> QuerySet[Session]:
    """`visible_sessions` with rooms and speakers, in programme order."""
    qs = visible_sessions(user, assembly=assembly)
    return _with_related(qs).order_by("starts_at", "room__code", "pk")


def local_day_bounds(day: dt.date, *, assembly: Assembly) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of local midnight to the next local midnight (a day may not last 24 h)."""
    tz = assembly.tz
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz).astimezone(dt.UTC)
    return start, end


def sessions_on_day(
    user,
    *,
    assembly: Assembly,
    day: dt.date,
    kind: str | None = None,
    room: Room | None = None,
) -> QuerySet[Session]:
    start, end = local_day_bounds(day, assembly=assembly)
    qs = sessions_for_user(user, assembly=assembly).filter(starts_at__gte=start, starts_at__lt=end)
    if kind:
        qs = qs.filter(kind=kind)
    if room is not None:
        qs = qs.filter(room=room)
    return qs


def programme_for_delegation(
    delegation: Delegation, *, include_cancelled: bool = False
) -> QuerySet[Session]:
    """Published sessions the delegation must (all, heads) or may (open) attend or is invited to."""
    qs = Session.objects.filter(
        Q(
            attendance__in=[
                Session.Attendance.ALL,
                Session.Attendance.HEADS,
                Session.Attendance.OPEN,
            ]
        )
        | Q(attendance=Session.Attendance.INVITED, invited_delegations=delegation),
        assembly_id=delegation.assembly_id,
        visibility=Session.Visibility.PUBLISHED,
    )
    if not include_cancelled:
        qs = qs.filter(cancelled=False)
    return _with_related(qs.distinct()).order_by("starts_at", "pk")


def programme_for_delegate(
    delegate: Delegate, *, include_cancelled: bool = False
) -> QuerySet[Session]:
    """A delegate's sessions: the delegation's, minus heads-only ones unless they head it,
    plus any session where they speak or chair."""
    delegation = delegate.delegation
    qs = Session.objects.filter(
        Q(attendance__in=[Session.Attendance.ALL, Session.Attendance.OPEN])
        | Q(attendance=Session.Attendance.INVITED, invited_delegations=delegation)
        | Q(speakers__delegate=delegate)
        | (
            Q(attendance=Session.Attendance.HEADS)
            if delegate.function == Delegate.Function.HEAD
            else Q(pk__in=[])
        ),
        assembly_id=delegation.assembly_id,
        visibility=Session.Visibility.PUBLISHED,
    )
    if not include_cancelled:
        qs = qs.filter(cancelled=False)
    return _with_related(qs.distinct()).order_by("starts_at", "pk")


def venues_for_assembly(*, assembly: Assembly) -> QuerySet[Venue]:
    return Venue.objects.filter(assembly=assembly).order_by("name")


def rooms_for_assembly(*, assembly: Assembly, kind: str | None = None) -> QuerySet[Room]:
    qs = Room.objects.filter(venue__assembly=assembly).select_related("venue")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("venue__name", "kind", "code")


def clashing_sessions(
    *, room: Room, starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk: int | None = None
) -> QuerySet[Session]:
    """Sessions (not cancelled) holding `room` at a time overlapping [starts_at, ends_at)."""
    qs = Session.objects.filter(
        room=room, cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("starts_at")


@dataclass
class DayGrid:
    """The admin's day at a glance: rooms as columns, time rows, clashes marked."""

    day: dt.date
    rooms: list[Room]
    rows: list[dict] = field(default_factory=list)
    unplaced: list[Session] = field(default_factory=list)
    clashes: set[int] = field(default_factory=set)


def day_grid(*, assembly: Assembly, day: dt.date, step_minutes: int = 30) -> DayGrid:
    """Rows every `step_minutes` of local time from the first to the last session of the day."""
    start, end = local_day_bounds(day, assembly=assembly)
    sessions = list(
        Session.objects.filter(assembly=assembly, starts_at__lt=end, ends_at__gt=start)
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    used_room_ids = {s.room_id for s in sessions if s.room_id}
    rooms = list(
        Room.objects.filter(
            (Q(venue__assembly=assembly) & ~Q(kind=Room.Kind.BILATERAL)) | Q(pk__in=used_room_ids)
        ).order_by("kind", "code")
    )
    grid = DayGrid(day=day, rooms=rooms)
    by_room: dict[int, list[Session]] = {}
    for session in sessions:
        if session.room_id is None:
            grid.unplaced.append(session)
        else:
            by_room.setdefault(session.room_id, []).append(session)
    for room_sessions in by_room.values():
        live = [s for s in room_sessions if not s.cancelled]
        for i, first in enumerate(live):
            for second in live[i + 1 :]:
                if second.starts_at < first.ends_at and first.starts_at < second.ends_at:
                    grid.clashes.update({first.pk, second.pk})
    tz = assembly.tz
    if sessions:
        first_local = min(s.starts_at for s in sessions).astimezone(tz)
        last_local = max(s.ends_at for s in sessions).astimezone(tz)
    else:
        first_local = dt.datetime.combine(day, assembly.meeting_day_start, tzinfo=tz)
        last_local = dt.datetime.combine(day, assembly.meeting_day_end, tzinfo=tz)
    step = dt.timedelta(minutes=step_minutes)
    cursor = first_local.replace(minute=(first_local.minute // step_minutes) * step_minutes)
    cursor = cursor.replace(second=0, microsecond=0).astimezone(dt.UTC)
    stop = last_local.astimezone(dt.UTC)
    starts: list[dt.datetime] = []
    while cursor < stop:
        starts.append(cursor)
        cursor += step

    def label(instant: dt.datetime) -> str:
        return instant.astimezone(tz).strftime("%H:%M")

    grid.rows = [{"at": at, "label": label(at), "cells": []} for at in starts]
    for room in rooms:
        room_sessions = by_room.get(room.pk, [])
        covered_until = 0
        for i, at in enumerate(starts):
            row_end = at + step
            here = [s for s in room_sessions if s.starts_at < row_end and s.ends_at > at]
            cell = {
                "room": room,
                "sessions": here,
                "items": [
                    {"session": s, "start": label(s.starts_at), "end": label(s.ends_at)}
                    for s in here
                    if s.starts_at >= at or i == 0
                ],
                "clash": any(s.pk in grid.clashes for s in here),
                "rowspan": 1,
                "skip": i < covered_until,
            }
            if not cell["skip"] and len(here) == 1 and not cell["clash"]:
                # One session: span the rows it fills while nothing else shares them.
                session = here[0]
                span = 1
                while (
                    i + span < len(starts)
                    and starts[i + span] < session.ends_at
                    and all(
                        s is session
                        for s in room_sessions
                        if s.starts_at < starts[i + span] + step and s.ends_at > starts[i + span]
                    )
                ):
                    span += 1
                cell["rowspan"] = span
                covered_until = i + span
            grid.rows[i]["cells"].append(cell)
    return grid
