"""Local search: make room for an unplaced meeting by moving or dropping one other.

Large instances leave HiGHS too little time for branch and bound, so after rounding
the LP we try, for each unplaced request (highest priority first) and each start, the
single-meeting exchanges that free that start: move the blocker elsewhere (gain: the
new meeting) or drop a lower-priority blocker (gain: the difference).
"""

from __future__ import annotations

import time

from .board import Board
from .model import Placement, Request

#: A relocation chain goes one level deeper only where at most this many meetings are
#: in the way (delegation-bound slots); room-bound slots have dozens and cost too much.
_CHAIN_FANOUT = 3


def improve(board: Board, requests: list[Request], locked: set[str], deadline: float) -> int:
    """Apply improving exchanges until none is found or time runs out; return the gain."""
    p = board.problem
    gain = 0
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        # Meetings that found no other place: skipped until the board changes (a
        # heuristic: the meeting being inserted may have been what was in the way).
        stuck: set[str] = set()
        waiting = sorted(
            (r for r in requests if r.id not in board.placed and p.candidates(r)),
            key=lambda r: -r.priority,
        )
        for request in waiting:
            if time.perf_counter() >= deadline:
                break
            delta = _insert_with_exchange(board, request, locked, stuck, deadline)
            if delta > 0:
                gain += delta
                improved = True
                stuck.clear()
    return gain


def _insert_with_exchange(
    board: Board, request: Request, locked: set[str], stuck: set[str], deadline: float
) -> int:
    """Try to place ``request`` by relocating or evicting one blocker; return the gain."""
    p = board.problem
    starts = sorted(p.candidates(request), key=lambda s: s not in request.preferred)
    for start in starts:
        if time.perf_counter() >= deadline:
            return 0
        if board.try_place(request, start):
            return request.priority
        for other_id in _blockers(board, request, start):
            other = p.requests[other_id]
            if (
                other_id in locked
                or other.priority > request.priority
                or (other.priority == request.priority and other_id in stuck)
            ):
                continue
            old = board.placed[other_id]
            board.remove(other_id)
            if board.try_place(request, start):
                if other_id not in stuck:
                    if _relocate(board, other, old, locked | {request.id}, stuck, deadline):
                        return request.priority
                    stuck.add(other_id)
                if other.priority < request.priority:
                    return request.priority - other.priority
                board.remove(request.id)
            board.place(other, old.slot, old.room)
    return 0


def _relocate(
    board: Board,
    request: Request,
    old: Placement,
    locked: set[str],
    stuck: set[str],
    deadline: float,
    depth: int = 1,
) -> bool:
    """Move a just-removed meeting to another start, if need be by moving one more
    meeting out of its way (``depth`` levels; only where a few meetings are in the way)."""
    p = board.problem
    starts = [s for s in p.candidates(request) if s != old.slot]
    for start in starts:
        if board.try_place(request, start):
            return True
    if depth == 0:
        return False
    for start in starts:
        if time.perf_counter() >= deadline:
            return False
        blockers = _blockers(board, request, start) - locked - stuck
        if len(blockers) > _CHAIN_FANOUT:
            continue
        for other_id in blockers:
            other = p.requests[other_id]
            held = board.placed[other_id]
            board.remove(other_id)
            if board.try_place(request, start):
                if _relocate(board, other, held, locked, stuck, deadline, depth - 1):
                    return True
                board.remove(request.id)
            board.place(other, held.slot, held.room)
    return False


def _blockers(board: Board, request: Request, start: int) -> set[str]:
    """Meetings whose removal might free ``start`` for ``request``.

    Every conflict found must be resolvable by the same meeting, so the candidates are
    the intersection over conflicts (delegations busy, head busy, day full, rooms).
    """
    p = board.problem
    span = p.span(request, start)
    groups: list[set[str]] = []
    day = p.day_of[start]
    for party in request.parties:
        deleg = p.delegations[party]
        if deleg.max_per_day is not None and board.per_day[party][day] >= deleg.max_per_day:
            groups.append(
                {
                    i
                    for t in p.day_ranges[day]
                    for i in board.users[party][t]
                    if board.placed[i].slot == t
                }
            )
        groups.extend(
            set(board.users[party][t]) for t in span if board.load[party][t] >= deleg.teams
        )
    groups.extend(
        {i for i in board.users[head][t] if head in p.requests[i].heads}
        for head in request.heads
        for t in span
        if board.head_load[head][t] >= 1
    )
    if board.free_room(request, start) is None:
        if not groups:
            return board.room_users(request, start)
        # Only a meeting already in the way that also holds a room big enough during
        # the span frees both (much cheaper than listing every room's users).
        return {
            i
            for i in set.intersection(*groups)
            if _holds_room_for(board, board.placed[i], request, span)
        }
    return set.intersection(*groups) if groups else set()


def _holds_room_for(board: Board, placement: Placement, request: Request, span: range) -> bool:
    """True if ``placement`` occupies a room seating ``request`` during part of ``span``."""
    p = board.problem
    if p.rooms[p.room_index[placement.room]].capacity < request.attendees:
        return False
    length = p.requests[placement.request].slots
    return placement.slot < span.stop and span.start < placement.slot + length


def prefer(board: Board, requests: list[Request], locked: set[str], deadline: float) -> int:
    """Move placed meetings onto one of their preferred starts where that is free, until
    none can move (a move may free the preferred start of a meeting seen before; every
    move adds one preferred start, so this ends)."""
    moved = 0
    while time.perf_counter() < deadline:
        step = _prefer_pass(board, requests, locked, deadline)
        if not step:
            break
        moved += step
    return moved


def _prefer_pass(board: Board, requests: list[Request], locked: set[str], deadline: float) -> int:
    """One pass of ``prefer`` over ``requests``; returns the meetings moved."""
    p = board.problem
    moved = 0
    for request in requests:
        if time.perf_counter() >= deadline:
            break
        placement = board.placed.get(request.id)
        if placement is None or request.id in locked or placement.slot in request.preferred:
            continue
        board.remove(request.id)
        for start in sorted(request.preferred):
            if start in p.candidates(request) and board.try_place(request, start):
                moved += 1
                break
        else:
            board.place(request, placement.slot, placement.room)
    return moved
