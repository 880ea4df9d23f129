"""Turning chosen start slots into room bookings, and repairing the rare failures.

The MIP only counts seats per slot, which does not guarantee that a two-slot meeting
finds one room free for both slots.  A quick greedy usually succeeds; on a day where it
does not, a small exact assignment MIP (meetings x rooms, no overlap per room) decides,
and whatever still has no room is moved elsewhere by ``repair`` or reported unplaced.
"""

from __future__ import annotations

from collections import defaultdict

import highspy
import numpy as np

from .board import Board
from .model import Placement


def assign_rooms(
    board: Board,
    starts: dict[str, int],
    previous: dict[str, Placement],
    time_limit: float = 1.0,
) -> list[str]:
    """Book a room for every chosen start; return the requests that got none."""
    failed = greedy_rooms(board, starts, previous)
    if not failed:
        return failed
    p = board.problem
    bad_days = {p.day_of[starts[i]] for i in failed}
    still_failed = [i for i in failed if p.day_of[starts[i]] not in bad_days]
    for day in sorted(bad_days):
        todo = {i: s for i, s in starts.items() if p.day_of[s] == day}
        for request_id in todo:
            if request_id in board.placed:
                board.remove(request_id)
        still_failed += _exact_rooms(board, todo, previous, time_limit / len(bad_days))
    return still_failed


def greedy_rooms(board: Board, starts: dict[str, int], previous: dict[str, Placement]) -> list[str]:
    """In order of start (longer, then bigger meetings first at the same start), each
    into its previous room if it kept its slot, else the smallest free room that fits
    for all its slots.  Start order is the classic greedy that books intervals into
    the fewest rooms.  Biggest meetings first, as before, left a meeting without a room
    on 8 of 29 days re-booked during a neighbourhood search of a 2,000-request plan,
    each then needing the exact room MIP (40 ms); start order on none of 26."""
    p = board.problem
    order = sorted(
        starts.items(),
        key=lambda item: (
            item[1],
            -p.requests[item[0]].slots,
            -p.size_class(p.requests[item[0]].attendees),
            item[0],
        ),
    )
    failed = []
    for request_id, start in order:
        request = p.requests[request_id]
        prev = previous.get(request_id)
        prefer = prev.room if prev is not None and prev.slot == start else None
        room = board.free_room(request, start, prefer)
        if room is None or not board.can_meet(request, start):
            failed.append(request_id)
        else:
            board.place(request, start, room)
    return failed


def _exact_rooms(
    board: Board, starts: dict[str, int], previous: dict[str, Placement], time_limit: float
) -> list[str]:
    """Assign rooms for one day's meetings with fixed times by a small MIP."""
    p = board.problem
    columns: list[tuple[str, int]] = []  # (request id, room index)
    costs = []
    for request_id, start in starts.items():
        request = p.requests[request_id]
        prev = previous.get(request_id)
        for i, room in enumerate(p.rooms):
            span = p.span(request, start)
            if room.capacity >= request.attendees and all(
                board.room_busy[i][t] is None for t in span
            ):
                columns.append((request_id, i))
                kept = prev is not None and prev.slot == start and prev.room == room.id
                # Priority first; then keep previous rooms; then prefer small rooms.
                costs.append(request.priority * 1000 + kept * 100 - room.capacity / 100)
    rows: dict[tuple, list[int]] = defaultdict(list)
    for j, (request_id, i) in enumerate(columns):
        rows["meeting", request_id].append(j)
        request = p.requests[request_id]
        for t in p.span(request, starts[request_id]):
            rows["room", i, t].append(j)
    assigned: dict[str, int] = {}
    if columns:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", max(0.05, time_limit))
        n = len(columns)
        empty = np.zeros(0, dtype=np.int32)
        h.addCols(n, np.array(costs), np.zeros(n), np.ones(n), 0, empty, empty, np.zeros(0))
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
        )
        members = [m for m in rows.values() if len(m) > 1]
        starts_ = np.zeros(len(members) + 1, dtype=np.int32)
        starts_[1:] = np.cumsum([len(m) for m in members])
        index = np.array([j for m in members for j in m], dtype=np.int32)
        h.addRows(
            len(members),
            np.full(len(members), -highspy.kHighsInf),
            np.ones(len(members)),
            len(index),
            starts_[:-1],
            index,
            np.ones(len(index)),
        )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        if h.getInfo().primal_solution_status == 2:
            values = np.asarray(h.getSolution().col_value)
            for column in np.flatnonzero(values > 0.5):
                request_id, chosen = columns[int(column)]
                assigned[request_id] = chosen
    failed = []
    for request_id, start in starts.items():
        request = p.requests[request_id]
        room_index = assigned.get(request_id)
        room_id = p.rooms[room_index].id if room_index is not None else None
        if room_id is not None and board.free_room(request, start, room_id) == room_id:
            board.place(request, start, room_id)
        else:
            failed.append(request_id)
    # Greedy second chance for anything the MIP left out (e.g. on time-out).
    retry = {i: starts[i] for i in failed}
    return greedy_rooms(board, retry, previous)


def repair(board: Board, request_ids: list[str], previous: dict[str, Placement]) -> None:
    """Try to place each request elsewhere: previous slot, then preferred, then earliest."""
    p = board.problem
    requests = sorted((p.requests[i] for i in request_ids), key=lambda r: -r.priority)
    for request in requests:
        prev = previous.get(request.id)
        ordered = sorted(
            p.candidates(request),
            key=lambda s: (
                not (prev is not None and prev.slot == s),
                s not in request.preferred,
                s,
            ),
        )
        for start in ordered:
            prefer = prev.room if prev is not None and prev.slot == start else None
            if board.try_place(request, start, prefer):
                break
