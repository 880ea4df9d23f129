"""Applying the scheduler's result: one transaction, checked again rule by rule before writing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import Delegation
from apps.delegations.selectors import focal_points_of
from apps.meetings.models import Meeting, MeetingRequest
from apps.meetings.scheduler_adapter.instance import (
    FIXED_STATUSES,
    MEETING_FIELDS,
    Mapping,
    schedule_snapshot,
)
from apps.meetings.services import lock_delegations, rules_of
from apps.notifications.services import cancel_pending, notify


class StaleScheduleError(ApplicationError):
    """The schedule changed while the solver ran: its result is dropped, another run may follow."""


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
    lock_delegations(mapping.delegation_ids.values())
    if schedule_snapshot(assembly) != mapping.snapshot:
        raise StaleScheduleError(_("The schedule changed while the scheduler ran."))
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
    existing: dict[int, Meeting] = {}
    for row in Meeting.objects.filter(assembly=assembly, request_id__in=list(requests_by_pk)).only(
        *MEETING_FIELDS, "sequence", "updated_at", "confirmed_by_requester"
    ):
        row.request = requests_by_pk[row.request_id]
        if row.room_id in rooms_by_pk:
            row.room = rooms_by_pk[row.room_id]
        existing[row.request_id] = row
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
            recipients=focal_points_of(request.requester, request.invitee),
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
