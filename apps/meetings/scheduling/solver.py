"""The scheduler: greedy start, HiGHS MIP, room assignment, repair, reasons, stats."""

from __future__ import annotations

import math
import time
from typing import Literal

from .board import Board, Problem
from .greedy import board_with_fixed, fill, result_from_board
from .mip import Model, Weights
from .model import Instance, Placement, Request, Result
from .rooms import assign_rooms, repair

#: Time kept back from the MIP for room assignment, repair and reasons.
_MARGIN = 0.15


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    mode: Literal["full", "incremental"] = "full",
) -> Result:
    """Schedule as many meetings as possible, by priority, then preferred slots, then stability.

    ``mode="full"`` re-optimises everything except ``fixed`` placements, keeping
    ``previous`` placements where that costs nothing higher in the objective.
    ``mode="incremental"`` treats every still-valid ``previous`` placement as fixed and
    only places the remaining requests (new ones and those unplaced before): nothing moves.

    Fixed placements that are themselves impossible (blocked delegation, room too small,
    two fixed meetings in one room, ...) raise ValueError with a readable message rather
    than being silently dropped, because a person promised that meeting to someone.
    """
    started = time.perf_counter()
    problem = Problem(instance)
    base = board_with_fixed(problem)
    previous = {p.request: p for p in instance.previous if p.request not in base.placed}
    if mode == "incremental":
        for placement in previous.values():
            request = problem.requests[placement.request]
            room_free = base.free_room(request, placement.slot, placement.room)
            if (
                problem.fits_calendar(request, placement.slot)
                and base.can_meet(request, placement.slot)
                and room_free == placement.room
            ):
                base.place(request, placement.slot, placement.room)
    elif mode != "full":
        raise ValueError(f"unknown mode {mode!r}: use 'full' or 'incremental'")

    free = [r for r in instance.requests if r.id not in base.placed]
    locked_weight = sum(problem.requests[i].priority for i in base.placed)
    best = _best_greedy(base, free)
    trivial = locked_weight + sum(r.priority for r in free if problem.candidates(r))

    remaining = time_limit - (time.perf_counter() - started) - _MARGIN
    if not free or remaining <= 0.05:
        status = "optimal" if _weight(best) >= trivial else "greedy"
        return result_from_board(best, trivial, started, status)

    keep_slot = {i: p.slot for i, p in previous.items()} if mode == "full" else {}
    model = Model(base, free, keep_slot)
    weights = model.weights
    bound = trivial
    lp = model.solve_lp(_left(started, time_limit))
    mip_ran = False
    if lp.values is not None:
        bound = min(bound, locked_weight + weights.priority_part(lp.bound))
        rounded = base.copy()
        for request, slot in model.by_value(lp.values):
            if request.id not in rounded.placed:
                prev = previous.get(request.id)
                rounded.try_place(request, slot, prev.room if prev is not None else None)
        fill(rounded, sorted(free, key=lambda r: -r.priority), prefer_previous=True)
        best = _better(best, rounded, previous)
    if lp.values is not None and not _top_proven(best, base, weights, lp.bound):
        # RENS: a MIP restricted to the LP's support is small and often near-optimal.
        sub = Model(base, free, keep_slot, only=model.support(lp.values))
        rens = sub.solve_mip({}, 0.4 * _left(started, time_limit))
        if rens.values is not None:
            best = _better(best, _realise(base, sub.starts(rens.values), free, previous), previous)
    mip_ran = False
    if not _top_proven(best, base, weights, lp.bound) and _left(started, time_limit) > 0.3:
        start = {i: p.slot for i, p in best.placed.items() if i not in base.placed}
        mip = model.solve_mip(start, _left(started, time_limit))
        mip_ran = mip.values is not None
        if mip.bound < math.inf:
            bound = min(bound, locked_weight + weights.priority_part(mip.bound))
        if mip.values is not None:
            best = _better(best, _realise(base, model.starts(mip.values), free, previous), previous)
    weight = _weight(best)
    if weight >= bound:
        status = "optimal"
    elif mip_ran or lp.values is not None:
        status = "feasible"
    else:
        status = "greedy"
    return result_from_board(best, bound, started, status)


def insert_requests(
    instance: Instance,
    solved: Result,
    new_requests: list[Request],
    *,
    time_limit: float = 1.0,
) -> tuple[Instance, Result]:
    """Add newly accepted requests to a solved plan without moving any placed meeting."""
    updated = Instance(
        slot_minutes=instance.slot_minutes,
        days=instance.days,
        rooms=instance.rooms,
        delegations=instance.delegations,
        requests=[*instance.requests, *new_requests],
        fixed=instance.fixed,
        previous=[
            p for p in solved.placements if p.request not in {f.request for f in instance.fixed}
        ],
    )
    return updated, solve(updated, time_limit=time_limit, mode="incremental")


def _best_greedy(base: Board, free: list[Request]) -> Board:
    """Best of first-come-first-served and priority-first greedy, both previous-slot aware."""
    previous = {p.request: p for p in base.problem.instance.previous}
    boards = []
    for order in (free, sorted(free, key=lambda r: -r.priority)):
        board = base.copy()
        fill(board, order, prefer_previous=True)
        boards.append(board)
    return max(boards, key=lambda b: _score(b, previous))


def _realise(
    base: Board, starts: dict[str, int], free: list[Request], previous: dict[str, Placement]
) -> Board:
    """Rooms for chosen starts, repair of room failures, then greedy fill of what is left."""
    board = base.copy()
    failed = assign_rooms(board, starts, previous)
    repair(board, failed, previous)
    fill(board, sorted(free, key=lambda r: -r.priority), prefer_previous=True)
    return board


def _better(current: Board, candidate: Board, previous: dict[str, Placement]) -> Board:
    return candidate if _score(candidate, previous) > _score(current, previous) else current


def _top_proven(board: Board, base: Board, weights: Weights, bound: float) -> bool:
    """True if priority and preferred parts provably cannot improve."""
    return math.isfinite(bound) and _top(board, base, weights) >= weights.top_part(bound)


def _left(started: float, time_limit: float) -> float:
    """Seconds left for HiGHS, keeping a margin for rooms, repair and reasons."""
    return time_limit - (time.perf_counter() - started) - _MARGIN


def _top(board: Board, base: Board, weights: Weights) -> int:
    """Priority and preferred part of the objective for the meetings not on ``base``."""
    total = 0
    for request_id, placement in board.placed.items():
        if request_id not in base.placed:
            request = board.problem.requests[request_id]
            total += request.priority * (weights.priority // weights.preferred)
            total += placement.slot in request.preferred
    return total


def _weight(board: Board) -> int:
    return sum(board.problem.requests[i].priority for i in board.placed)


def _score(board: Board, previous: dict[str, Placement]) -> tuple[int, int, int]:
    """Lexicographic objective: priority, preferred starts honoured, previous kept."""
    preferred = 0
    kept = 0
    for placement in board.placed.values():
        request = board.problem.requests[placement.request]
        preferred += placement.slot in request.preferred
        kept += previous.get(placement.request) == placement
    return (_weight(board), preferred, kept)
