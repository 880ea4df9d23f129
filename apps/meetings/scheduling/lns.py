"""Large-neighbourhood search: re-optimise a few meetings at a time by a small MIP.

When the full model is too large for branch and bound within the time limit, we take
turns at small pieces of it, everything else held where it is.  A piece is a cluster
of delegations (grown from one with an unplaced high-priority request, along its
requests) within a window of eight slots (half a day here): the cluster's meetings
there may move anywhere in the window, and its unplaced requests may start there.
Placing one more meeting usually takes a chain of moves through several delegations'
calendars on one day; a window lets the cluster reach more delegations for the same
size than whole calendars would.  HiGHS solves that sub-MIP in a fraction of a second,
seeded with the current plan; the result is kept if the whole plan's score improves
(or stays equal: a sideways move may open the way for the next neighbourhood).  A
neighbourhood whose LP relaxation shows that it cannot place more priority is skipped
without a MIP.
"""

from __future__ import annotations

import bisect
import logging
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable

from .board import Board
from .helper import Exchange
from .mip import Model
from .model import Placement, Request
from .rooms import assign_rooms, greedy_rooms, repair

log = logging.getLogger(__name__)

#: Requests released per neighbourhood, and the slots of its window.  Measured from the
#: feasibility-jump plan of 2,000 / 50 seed 2 (2,706), six 5.5 s searches each (one
#: process, the weighted LP as screen): 250 requests in 8 slots reached 2,707 in all
#: six and 2,708 in three; 150, 200 or 400 requests, or 4, 12 or 16 slots, reached
#: 2,707 less often, 300 requests 2,708 less often; whole calendars (100 requests)
#: alternating with 3-slot windows of every delegation, as before, reached 2,707 in
#: one of four.  With the priority-only LP as screen (below), 2,707 in six and 2,708
#: in four (bench/RESULTS-scheduling.md).
_SIZE = 250
_WINDOW = 8
#: Wall-clock budget of one sub-MIP: most improvements come early; many short tries
#: beat a few long ones (measured on generated 2,000-request instances).
_STEP = 0.3


def lns(
    board: Board,
    requests: list[Request],
    locked: set[str],
    keep_slot: dict[str, int],
    previous: dict[str, Placement],
    score: Callable[[Board], tuple[int, ...]],
    deadline: float,
    exchange: Exchange | None = None,
    seed: int = 1,
) -> Board:
    """Improve ``board`` by sub-MIPs until ``deadline``; return the best board found.

    With an ``exchange`` (``helper.py``), every new best plan is sent to the other
    search, and a better plan from it is taken up between steps."""
    p = board.problem
    rng = random.Random(seed)
    free = [r for r in requests if r.id not in locked]
    by_party: dict[str, list[Request]] = defaultdict(list)
    for r in free:
        if p.candidates(r):
            by_party[r.a].append(r)
            by_party[r.b].append(r)
    best_score = score(board)
    if exchange is not None:
        exchange.share(board, best_score)
    tried: set[frozenset] = set()
    # A step needs 0.1 s at least (see _reoptimise) and keeps 0.05 s back.
    while time.perf_counter() + 0.15 < deadline:
        # Sideways moves count too (more preferred starts): following each other there
        # placed more than staying apart (measured: 2,705 against 2,703.5 on average).
        theirs = exchange.take(best_score) if exchange is not None else None
        if theirs is not None and (their_score := score(theirs)) > best_score:
            log.debug("lns: the other search's plan %s beats %s", their_score, best_score)
            board, best_score = theirs, their_score
            tried.clear()
        unplaced = [r for r in free if r.id not in board.placed and p.candidates(r)]
        if not unplaced:
            break
        weights = [r.priority**2 for r in unplaced]
        seed_request = rng.choices(unplaced, weights=weights)[0]
        chosen, only = _neighbourhood(board, seed_request, by_party, rng)
        key = frozenset(only)
        if key in tried or not chosen:
            continue
        tried.add(key)
        candidate = _reoptimise(
            board,
            chosen,
            locked,
            keep_slot,
            previous,
            min(_STEP, deadline - time.perf_counter() - 0.05),
            only,
        )
        if candidate is None:
            continue
        new_score = score(candidate)
        log.debug("lns: %d requests, %s -> %s", len(chosen), best_score, new_score)
        if new_score >= best_score:
            if new_score > best_score:
                tried.clear()
                if exchange is not None:
                    exchange.share(candidate, new_score)
            board, best_score = candidate, new_score
    return board


def _neighbourhood(
    board: Board, start: Request, by_party: dict[str, list[Request]], rng: random.Random
) -> tuple[list[Request], set[tuple[str, int]]]:
    """Requests of a cluster of delegations grown from ``start``'s two parties, within a
    window of ``_WINDOW`` slots (of one day) around one of ``start``'s candidate starts:
    the meetings starting in the window and the unplaced requests, each with the
    (request id, start) pairs it may take there.  Meetings elsewhere stay put."""
    p = board.problem
    anchor = rng.choice(p.candidates(start))
    day = p.day_ranges[p.day_of[anchor]]
    first = max(day.start, anchor - rng.randrange(max(1, _WINDOW - start.slots + 1)))
    stop = min(day.stop, first + _WINDOW)
    chosen: dict[str, Request] = {}
    only: set[tuple[str, int]] = set()
    frontier = [start.a, start.b]
    seen = set(frontier)
    while frontier and len(chosen) < _SIZE:
        party = frontier.pop(rng.randrange(len(frontier)))
        for r in by_party[party]:
            placement = board.placed.get(r.id)
            if r.id in chosen or (placement is not None and not first <= placement.slot < stop):
                continue
            candidates = p.candidates(r)  # earliest first
            starts = []
            for s in candidates[bisect.bisect_left(candidates, first) :]:
                if s + r.slots > stop:
                    break
                starts.append(s)
            if placement is not None and placement.slot not in starts:
                starts.append(placement.slot)  # runs past the window: it may stay
            if not starts:
                continue
            chosen[r.id] = r
            only.update((r.id, s) for s in starts)
            for other in r.parties:
                if other not in seen:
                    seen.add(other)
                    frontier.append(other)
    return list(chosen.values()), only


def _reoptimise(
    board: Board,
    chosen: list[Request],
    locked: set[str],
    keep_slot: dict[str, int],
    previous: dict[str, Placement],
    time_limit: float,
    only: set[tuple[str, int]] | None = None,
) -> Board | None:
    """The board with ``chosen`` re-placed by a sub-MIP, or None if HiGHS found nothing."""
    if time_limit < 0.1:
        return None
    work = board.copy()
    start = {r.id: work.placed[r.id].slot for r in chosen if r.id in work.placed}
    for request_id in start:
        work.remove(request_id)
    model = Model(work, chosen, keep_slot, only=only)
    # Most neighbourhoods cannot place more priority, and their LP relaxation proves it
    # in a few milliseconds, where the MIP took 50-80 ms to stop: skip those.  They could
    # still improve the preferred starts, but the time is better spent on the next one
    # (2,000 / 50 seed 2: 2,705.2 against 2,704.4 on average over ten 10 s solves).
    # The priority-only LP is the tighter test (see Model.priority_lp).
    held = sum(r.priority for r in chosen if r.id in start)
    lp = model.priority_lp(time_limit, presolve=False)
    if math.isfinite(lp.bound) and math.floor(lp.bound + 1e-6) <= held:
        return None
    solved = model.solve_mip(start, time_limit, priority_only=True)
    if solved.values is None:
        return None
    starts = model.starts(solved.values)
    if starts == start:
        return None
    # The other meetings keep their rooms if the moved ones fit around them.  Seat
    # counts per slot do not promise one room for a whole two-slot meeting, though:
    # where one fails, book the rooms of its whole day afresh.
    failed = greedy_rooms(work, starts, previous)
    if failed:
        p = board.problem
        days = {p.day_of[starts[i]] for i in failed}
        todo = {i: starts[i] for i in failed}
        for placement in list(work.placed.values()):
            if placement.request not in locked and p.day_of[placement.slot] in days:
                todo[placement.request] = placement.slot
                work.remove(placement.request)
        # Meetings kept at their previous slot go back to their previous room first.
        for request_id, slot in list(todo.items()):
            prev = previous.get(request_id)
            if prev is not None and prev.slot == slot:
                request = p.requests[request_id]
                if work.free_room(request, slot, prev.room) == prev.room:
                    work.place(request, slot, prev.room)
                    del todo[request_id]
        failed = assign_rooms(work, todo, previous, time_limit=0.1)
    log.debug(
        "sub-mip: start %d, found %d (%s), bound %.1f, rooms failed %d",
        sum(r.priority for r in chosen if r.id in start),
        sum(r.priority for r in chosen if r.id in starts and r.id not in failed),
        model.highs.getModelStatus(),
        solved.bound / model.weights.priority,
        len(failed),
    )
    repair(work, failed, previous)
    return work
