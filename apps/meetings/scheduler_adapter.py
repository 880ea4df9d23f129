"""Between the database and the pure scheduler: build its JSON input, run it, apply its output.

The scheduler (`apps.meetings.scheduling`) knows nothing of Django; this module speaks its JSON
format (see that package) and is the only place that calls it, through `run_solver`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agenda.models import Room
from apps.agenda.selectors import busy_intervals
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import Delegation
from apps.meetings.grid import Grid
from apps.meetings.models import (
    DelegationAvailability,
    DelegationMeetingSettings,
    Meeting,
    MeetingRequest,
    ScheduleRun,
)
from apps.notifications.services import cancel_pending, notify

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
STALE_AFTER = dt.timedelta(minutes=15)  # well beyond CELERY_TASK_TIME_LIMIT


def run_solver(instance_json: dict, time_limit: float) -> dict:
    """The one call into the scheduler package (imported here, so the adapter loads without it)."""
    from apps.meetings.scheduling import Instance, solve

    return solve(Instance.from_json(instance_json), time_limit=time_limit).to_json()


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


def _snapshot(assembly: Assembly) -> set[tuple]:
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
    mapping = Mapping(grid=grid, snapshot=_snapshot(assembly))
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
    for meeting in meetings.values():
        meeting.room = rooms[meeting.room_id]
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
    instance_requests, fixed, previous = [], [], []
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


def check_capacity(instance: dict, placements: list[dict]) -> list[str]:
    """Independent guard before writing: teams, heads and rooms are never oversubscribed."""
    requests = {r["id"]: r for r in instance["requests"]}
    teams = {d["id"]: d.get("teams", 1) for d in instance["delegations"]}
    load: dict[tuple[str, int], int] = defaultdict(int)
    heads: dict[tuple[str, int], int] = defaultdict(int)
    rooms: dict[tuple[str, int], int] = defaultdict(int)
    problems = []
    for placement in placements:
        request = requests[placement["request"]]
        for slot in range(placement["slot"], placement["slot"] + request["slots"]):
            rooms[(placement["room"], slot)] += 1
            for side in (request["a"], request["b"]):
                load[(side, slot)] += 1
            for side in request["heads"]:
                heads[(side, slot)] += 1
    problems += [f"room {r} slot {s}" for (r, s), n in rooms.items() if n > 1]
    problems += [f"{d} slot {s}" for (d, s), n in load.items() if n > teams.get(d, 1)]
    problems += [f"head of {d} slot {s}" for (d, s), n in heads.items() if n > 1]
    return problems


@transaction.atomic
def apply_result(
    *, assembly: Assembly, instance: dict, result: dict, mapping: Mapping, by: Any = None
) -> dict[str, int]:
    """Write the placements in one transaction; confirmed meetings are never touched.

    Returns how many meetings were created, moved, kept and withdrawn. Raises ApplicationError
    when the schedule changed while the solver ran (the caller asks for another run).
    """
    from apps.meetings.services import lock_delegations, rules_of

    lock_delegations(mapping.delegation_ids.values())
    if _snapshot(assembly) != mapping.snapshot:
        raise ApplicationError(_("The schedule changed while the scheduler ran."))
    problems = check_capacity(instance, result["placements"])
    if problems:
        raise ApplicationError(
            _("The scheduler's result breaks a limit: %(list)s") % {"list": ", ".join(problems)}
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS meetings_meeting_no_room_overlap DEFERRED")
    auto_confirm = rules_of(assembly).auto_confirm
    rooms_by_pk = {room.pk: room for room in mapping.rooms.values()}
    requests_by_pk = {request.pk: request for request in mapping.requests.values()}
    existing = {}
    for meeting in Meeting.objects.filter(
        assembly=assembly, request_id__in=list(requests_by_pk)
    ).only(*MEETING_FIELDS, "sequence", "updated_at", "confirmed_by_requester"):
        meeting.request = requests_by_pk[meeting.request_id]
        if meeting.room_id in rooms_by_pk:
            meeting.room = rooms_by_pk[meeting.room_id]
        existing[meeting.request_id] = meeting
    figures = {"created": 0, "moved": 0, "kept": 0, "withdrawn": 0}
    placed: set[str] = set()
    grid = mapping.grid
    announcements: list[tuple[str, Meeting]] = []
    for placement in result["placements"]:
        request = mapping.requests.get(placement["request"])
        if request is None:
            continue
        placed.add(placement["request"])
        room = mapping.rooms[placement["room"]]
        starts_at = grid.start(placement["slot"])
        ends_at = starts_at + dt.timedelta(minutes=request.duration_minutes)
        meeting = existing.get(request.pk)
        if meeting is not None and meeting.status in FIXED_STATUSES:
            figures["kept"] += 1
            continue
        if meeting is not None and meeting.status == Meeting.Status.PROPOSED:
            if meeting.room_id == room.pk and meeting.starts_at == starts_at:
                figures["kept"] += 1
                continue
            meeting.room, meeting.starts_at, meeting.ends_at = room, starts_at, ends_at
            meeting.sequence += 1
            meeting.save()
            figures["moved"] += 1
            announcements.append(("meetings.moved", meeting))
            continue
        if meeting is not None:  # a cancelled meeting of a request accepted again
            meeting.delete()
        confirmed = auto_confirm
        meeting = Meeting.objects.create(
            request=request,
            assembly=assembly,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            status=Meeting.Status.CONFIRMED if confirmed else Meeting.Status.PROPOSED,
            confirmed_by_requester=confirmed,
            confirmed_by_invitee=confirmed,
        )
        figures["created"] += 1
        announcements.append(("meetings.scheduled", meeting))
    for key, request in mapping.requests.items():
        meeting = existing.get(request.pk)
        if key in placed or meeting is None or meeting.status != Meeting.Status.PROPOSED:
            continue
        cancel_pending(subject=meeting)
        log_action(meeting, "meetings.meeting.withdrawn", by=by)
        meeting.delete()
        figures["withdrawn"] += 1
        notify(
            kind="meetings.cancelled",
            subject=request,
            recipients=_focal_points(request),
            context={"request_id": request.pk, "topic": request.topic, "unplaced": True},
        )
    focal_points = _focal_points_by_delegation(
        {m.request.requester_id for _kind, m in announcements}
        | {m.request.invitee_id for _kind, m in announcements}
    )
    for kind, meeting in announcements:
        log_action(meeting, f"meetings.meeting.{kind.split('.')[1]}", by=by, run=True)
        if kind == "meetings.moved":
            cancel_pending(subject=meeting)
        request = meeting.request
        recipients = {
            user.pk: user
            for pk in (request.requester_id, request.invitee_id)
            for user in focal_points.get(pk, [])
        }
        notify(
            kind=kind,
            subject=meeting,
            recipients=list(recipients.values()),
            context={
                "meeting_id": meeting.pk,
                "request_id": request.pk,
                "topic": request.topic,
                "requester": request.requester.name,
                "invitee": request.invitee.name,
                "room": f"{meeting.room.name} ({meeting.room.code})",
                "starts_at": meeting.starts_at.isoformat(),
                "ends_at": meeting.ends_at.isoformat(),
            },
        )
    return figures


def _focal_points_by_delegation(delegation_ids: set[int]) -> dict[int, list]:
    """Delegation id -> its focal points, in one query."""
    through = Delegation.focal_points.through
    result: dict[int, list] = defaultdict(list)
    for link in through.objects.filter(delegation_id__in=delegation_ids).select_related("user"):
        result[link.delegation_id].append(link.user)
    return result


def _focal_points(request: MeetingRequest) -> list:
    users = {}
    for delegation in (request.requester, request.invitee):
        for user in delegation.focal_points.all():
            users[user.pk] = user
    return list(users.values())


# --- runs: one at a time per assembly, debounced --------------------------------------------------


def _claim(assembly_id: int, by: Any) -> ScheduleRun | None:
    """Turn the waiting run into the running one; None when another run is in progress."""
    from django.db import IntegrityError

    with transaction.atomic():
        # A run whose worker died (longer than any task may last) is written off.
        ScheduleRun.objects.filter(
            assembly_id=assembly_id,
            status=ScheduleRun.Status.RUNNING,
            started_at__lt=timezone.now() - STALE_AFTER,
        ).update(
            status=ScheduleRun.Status.FAILED,
            finished_at=timezone.now(),
            error="Interrupted: the worker stopped before the run finished.",
        )
        if ScheduleRun.objects.filter(
            assembly_id=assembly_id, status=ScheduleRun.Status.RUNNING
        ).exists():
            return None
        run = (
            ScheduleRun.objects.select_for_update()
            .filter(assembly_id=assembly_id, status=ScheduleRun.Status.PENDING)
            .first()
        )
        if run is None:
            return None
        run.status = ScheduleRun.Status.RUNNING
        run.started_at = timezone.now()
        if by is not None and run.triggered_by_id is None:
            run.triggered_by = by
        try:
            with transaction.atomic():
                run.save()
        except IntegrityError:
            return None
    return run


def _describe_unplaced(unplaced: list[dict], mapping: Mapping) -> list[dict]:
    described = []
    for item in unplaced:
        request = mapping.requests.get(item.get("request", ""))
        entry = {"request": item.get("request"), "reason": item.get("reason", "")}
        if request is not None:
            entry.update(
                request_id=request.pk,
                requester=request.requester.name,
                invitee=request.invitee.name,
                topic=request.topic,
            )
        described.append(entry)
    return described


def run_schedule(*, assembly_id: int, by: Any = None, time_limit: float | None = None):
    """Run the waiting scheduler run of the assembly, if no other is running; then the next."""
    from apps.meetings.services import rules_of

    user = by if getattr(by, "is_authenticated", False) else None
    run = _claim(assembly_id, user)
    if run is None:
        return None
    assembly = run.assembly
    limit = time_limit if time_limit is not None else rules_of(assembly).solver_time_limit
    try:
        instance, mapping = build_instance(assembly)
        run.input = instance
        result = run_solver(instance, float(limit))
        figures = apply_result(
            assembly=assembly, instance=instance, result=result, mapping=mapping, by=user
        )
        run.figures = {**result.get("stats", {}), **figures, "requests": len(mapping.requests)}
        run.unplaced = _describe_unplaced(result.get("unplaced", []), mapping)
        run.status = ScheduleRun.Status.SUCCEEDED
    except ApplicationError as exc:
        run.status, run.error = ScheduleRun.Status.FAILED, exc.message
        _follow_up(assembly_id, reason=exc.message)
    except Exception as exc:
        logger.exception("scheduler run %s failed", run.pk)
        run.status, run.error = ScheduleRun.Status.FAILED, f"{type(exc).__name__}: {exc}"
    run.finished_at = timezone.now()
    run.save()
    log_action(run, f"meetings.run.{run.status}", by=user, figures=run.figures)
    if ScheduleRun.objects.filter(
        assembly_id=assembly_id, status=ScheduleRun.Status.PENDING
    ).exists():
        from apps.meetings.tasks import schedule_assembly_task

        transaction.on_commit(lambda: schedule_assembly_task.delay(assembly_id))
    return run


def _follow_up(assembly_id: int, *, reason: str) -> None:
    if not ScheduleRun.objects.filter(
        assembly_id=assembly_id, status=ScheduleRun.Status.PENDING
    ).exists():
        ScheduleRun.objects.create(assembly_id=assembly_id, reason=reason[:200])


def run_schedule_now(*, assembly: Assembly, by: Any, time_limit: float | None = None):
    """For the admin: queue (or join) a run and carry it out in this request.

    Only organisers who may manage meetings run it (PermissionDenied otherwise); the system's
    own runs go through the Celery task and `run_schedule`, not through here.
    """
    from apps.meetings.permissions import can_manage_meetings
    from apps.meetings.services import request_schedule_run

    if not can_manage_meetings(by):
        raise PermissionDenied

    with transaction.atomic():
        if not ScheduleRun.objects.filter(
            assembly=assembly, status=ScheduleRun.Status.PENDING
        ).exists():
            ScheduleRun.objects.create(
                assembly=assembly, reason=_("run by an organiser"), triggered_by=by
            )
    run = run_schedule(assembly_id=assembly.pk, by=by, time_limit=time_limit)
    if run is None:
        request_schedule_run(assembly_id=assembly.pk, reason=_("run by an organiser"), by=by)
    return run
