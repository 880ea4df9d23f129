"""Building the scheduler's JSON input from the database, and the map back from its ids to rows."""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from apps.agenda.models import Room
from apps.agenda.selectors import busy_intervals
from apps.core.models import Assembly
from apps.delegations.models import Delegation
from apps.meetings.grid import Grid
from apps.meetings.models import (
    DelegationAvailability,
    DelegationMeetingSettings,
    Meeting,
    MeetingRequest,
)

logger = logging.getLogger(__name__)

FIXED_STATUSES = (Meeting.Status.CONFIRMED, Meeting.Status.HELD)
REQUEST_FIELDS = (
    "id",
    "assembly_id",
    "requester_id",
    "invitee_id",
    "topic",
    "duration_minutes",
    "requester_attendees",
    "invitee_attendees",
    "priority",
    "preferred",
    "requester_head_required",
    "invitee_head_required",
    "status",
)
MEETING_FIELDS = ("id", "request_id", "assembly_id", "room_id", "starts_at", "ends_at", "status")


@dataclass
class Mapping:
    """How the instance's ids map back to rows, and the schedule the run started from."""

    grid: Grid
    rooms: dict[str, Room] = field(default_factory=dict)
    requests: dict[str, MeetingRequest] = field(default_factory=dict)
    delegation_ids: dict[str, int] = field(default_factory=dict)
    snapshot: set[tuple] = field(default_factory=set)


def request_key(request_id: int) -> str:
    return f"r{request_id}"


def schedule_snapshot(assembly: Assembly) -> set[tuple]:
    """What the run starts from: a result is applied only if this has not changed."""
    return set(
        Meeting.objects.filter(assembly=assembly, status__in=Meeting.ACTIVE_STATUSES).values_list(
            "pk", "request_id", "room_id", "starts_at", "status"
        )
    )


def _unique_ids(items: list[tuple[int, str]]) -> dict[int, str]:
    """pk -> readable id (ISO code, room code), made unique with the pk where codes collide."""
    counts: dict[str, int] = defaultdict(int)
    for _pk, code in items:
        counts[code] += 1
    return {pk: code if counts[code] == 1 else f"{code}-{pk}" for pk, code in items}


def build_instance(assembly: Assembly) -> tuple[dict[str, Any], Mapping]:
    """The scheduler's input for `assembly`: its grid, rooms, delegations and accepted requests."""
    grid = Grid.of(assembly)
    mapping = Mapping(grid=grid, snapshot=schedule_snapshot(assembly))
    # Light queries: thousands of requests and meetings, a few hundred delegations and rooms.
    requests = list(
        MeetingRequest.objects.filter(
            assembly=assembly, status=MeetingRequest.Status.ACCEPTED
        ).only(*REQUEST_FIELDS)
    )
    meetings = {
        m.request_id: m
        for m in Meeting.objects.filter(assembly=assembly, status__in=Meeting.ACTIVE_STATUSES).only(
            *MEETING_FIELDS
        )
    }
    party_ids = {r.requester_id for r in requests} | {r.invitee_id for r in requests}
    delegations = {
        d.pk: d
        for d in Delegation.objects.filter(pk__in=party_ids).select_related(
            "country", "organisation"
        )
    }
    for request in requests:  # share the loaded rows instead of a join per request
        request.assembly = assembly
        request.requester = delegations[request.requester_id]
        request.invitee = delegations[request.invitee_id]
    codes = _unique_ids([(pk, d.code) for pk, d in delegations.items()])
    mapping.delegation_ids = {code: pk for pk, code in codes.items()}

    rooms = {
        room.pk: room
        for room in Room.objects.filter(venue__assembly=assembly, kind=Room.Kind.BILATERAL)
    }
    missing = {m.room_id for m in meetings.values()} - set(rooms)
    rooms.update((room.pk, room) for room in Room.objects.filter(pk__in=missing))
    for active in meetings.values():
        active.room = rooms[active.room_id]
    room_ids = _unique_ids([(pk, room.code) for pk, room in rooms.items()])
    mapping.rooms = {room_ids[pk]: room for pk, room in rooms.items()}

    common_blocked: set[int] = set()
    for start, end in busy_intervals(assembly=assembly):
        common_blocked.update(grid.slots_overlapping(start, end))
    blocked: dict[int, set[int]] = {pk: set(common_blocked) for pk in delegations}
    for item in DelegationAvailability.objects.filter(delegation_id__in=list(delegations)):
        blocked[item.delegation_id].update(grid.slots_overlapping(item.starts_at, item.ends_at))
    limits = {
        s.delegation_id: s
        for s in DelegationMeetingSettings.objects.filter(delegation_id__in=list(delegations))
    }

    minutes = grid.slot_minutes
    preferred_slots = functools.lru_cache(maxsize=None)(lambda tokens: grid.preferred_slots(tokens))
    instance_requests: list[dict[str, Any]] = []
    fixed: list[dict[str, Any]] = []
    previous: list[dict[str, Any]] = []
    for request in requests:
        key = request_key(request.pk)
        meeting = meetings.get(request.pk)
        slot = grid.index_of(meeting.starts_at) if meeting else None
        if meeting is not None and slot is None and meeting.status in FIXED_STATUSES:
            # Off the grid (placed by hand at an odd time): keep it, and keep its sides busy.
            for pk in (request.requester_id, request.invitee_id):
                blocked[pk].update(grid.slots_overlapping(meeting.starts_at, meeting.ends_at))
            continue
        mapping.requests[key] = request
        heads = []
        if request.requester_head_required:
            heads.append(codes[request.requester_id])
        if request.invitee_head_required:
            heads.append(codes[request.invitee_id])
        instance_requests.append(
            {
                "id": key,
                "a": codes[request.requester_id],
                "b": codes[request.invitee_id],
                "slots": max(1, -(-request.duration_minutes // minutes)),
                "attendees": request.attendees,
                "priority": request.weight,
                "heads": heads,
                "preferred": preferred_slots(tuple(request.preferred)),
            }
        )
        if meeting is not None and slot is not None:
            placement = {"request": key, "slot": slot, "room": room_ids[meeting.room_id]}
            (fixed if meeting.status in FIXED_STATUSES else previous).append(placement)

    instance_delegations = []
    for pk, code in codes.items():
        entry: dict[str, Any] = {
            "id": code,
            "blocked": sorted(blocked[pk]),
            "teams": limits[pk].teams if pk in limits else 1,
        }
        if pk in limits and limits[pk].max_per_day:
            entry["max_per_day"] = limits[pk].max_per_day
        instance_delegations.append(entry)

    instance = {
        "slot_minutes": minutes,
        "days": [
            {
                "date": day.isoformat(),
                "start": assembly.meeting_day_start.strftime("%H:%M"),
                "slots": grid.slots_per_day,
            }
            for day in grid.days
        ],
        "rooms": [{"id": rid, "capacity": room.capacity} for rid, room in mapping.rooms.items()],
        "delegations": instance_delegations,
        "requests": instance_requests,
        "fixed": fixed,
        "previous": previous,
    }
    return instance, mapping
