"""The scheduler: greedy start, LP bound and rounding, local search, HiGHS MIP, reasons.

Pipeline (each step keeps the best plan so far, so stopping anywhere is safe):

1. greedy, priority first (the fallback and first MIP start);
2. small models: the LP relaxation (proven upper bound), and three rounding orders
   turned into plans on the board (the weighted LP by simplex, then the priority-only
   LP for the bound);
   large models: HiGHS's feasibility jump (``Model.jump``) for a first plan, while a
   helper process (``helper.py``) solves the priority-only LP by PDLP for the bound,
   then the meetings-per-day program (``bounds.py``) where that is tighter; where the
   jump does not fit in the time, this process solves the LP and rounds it;
3. local search: insert unplaced requests by moving or evicting one blocker;
4. small models: RENS (HiGHS MIP restricted to the LP's support, seeded with the best
   plan), then the full HiGHS MIP for the remaining time;
5. large models: large-neighbourhood search (``lns.py``): small MIPs over a cluster of
   delegations' meetings within half a day each, everything else held, until the time
   is up, in this process and in the helper process, which share every better plan;
   then preferred starts where they are free (small models take them in step 3);
6. every unplaced request is explained (``reasons.py``).

Plans are always built on a ``Board``, so every returned placement has a real room and
respects every rule; MIP solutions get rooms in ``rooms.py``.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from collections.abc import Iterator
from typing import Literal

from .board import Board, Problem
from .bounds import day_bound
from .greedy import board_with_fixed, fill, result_from_board
from .helper import HelperSearch
from .improve import improve, prefer
from .lns import lns
from .mip import Model, Solved, Weights
from .model import Instance, Placement, Request, Result, Stats, Unplaced
from .reasons import explain
from .rooms import assign_rooms, repair

log = logging.getLogger(__name__)

#: Time kept back from the MIP for room assignment (and its exact fallback) and repair.
_MARGIN = 0.25
#: Extra time kept back, to explain what is unplaced (well under 0.1 ms a request here).
_REASONS_BASE = 0.1
_REASONS_PER_REQUEST = 0.0001
#: Up to this many columns HiGHS branch and bound (RENS, then the full MIP) is worth
#: running within seconds; beyond, its root LP alone takes longer than the time limit.
_MIP_COLUMNS = 30_000
#: Share of the time limit the LP relaxation may take; stopped early, its duals still
#: give a valid (slightly weaker) bound, and local search needs the rest.
_LP_SHARE = 0.5
#: Large models: the priority-only LP by PDLP (optimal in 1.2-1.7 s on 60,000 columns
#: here; stopped early, its duals still give a valid, looser bound).
_PDLP_SHARE = 0.35
#: Time for the second, priority-only LP (simplex, small models: milliseconds from the
#: weighted LP's basis; stopped early, its duals still give a valid bound).
_PRIORITY_LP_SHARE = 0.1
_LP_OVERRUN = 0.3
#: Seconds kept back after the neighbourhood search besides the reasons' time: its
#: last step may overrun, the helper's last plan may need rebuilding (whole solves
#: took 9.7-9.95 s for a 10 s limit with none), and preferred starts are taken last
#: (``prefer``: 12 ms on 2,000 requests here).
_LNS_RESERVE = 0.2
#: A second search process (``helper.py``) needs about a second to start (imports, the
#: instance, candidate starts), mostly while the LP is solved here; below this much
#: time left until the end of the search it would not pay off.
_HELPER_MIN_SECONDS = 2.5
_MIP_OVERRUN = 0.4
#: Feasibility jump (``Model.jump``) cannot be interrupted; its effort, like building the
#: model, grows with the model's non-zeros.  On 60,000 columns it took 3-6.8 s here
#: (the longer with the helper busy) where building took 0.5-0.8 s: run it only with
#: ten build times and this much search left before the deadline.
_JUMP_PER_BUILD = 10.0
_JUMP_MIN_SEARCH = 1.5
#: The search helper's time for its own search after proving bounds.
_HELPER_SEARCH_SECONDS = 1.0


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
    previous = {
        p.request: p
        for p in instance.previous
        if p.request in problem.requests and p.request not in base.placed
    }
    if mode == "incremental":
        for placement in previous.values():
            request = problem.requests[placement.request]
            if (
                problem.fits_calendar(request, placement.slot)
                and base.can_meet(request, placement.slot)
                and base.free_room(request, placement.slot, placement.room) == placement.room
            ):
                base.place(request, placement.slot, placement.room)
    elif mode != "full":
        raise ValueError(f"unknown mode {mode!r}: use 'full' or 'incremental'")

    free = [r for r in instance.requests if r.id not in base.placed]
    locked = set(base.placed)  # fixed, and in incremental mode kept, meetings
    locked_weight = sum(problem.requests[i].priority for i in base.placed)
    best = _best_greedy(base, free)
    trivial = locked_weight + sum(r.priority for r in free if problem.candidates(r))

    remaining = time_limit - (time.perf_counter() - started) - _MARGIN
    if not free or remaining <= 0.05:
        status = "optimal" if _weight(best) >= trivial else "greedy"
        return result_from_board(best, trivial, started, status)

    reasons_time = _REASONS_BASE + _REASONS_PER_REQUEST * len(free)
    keep_slot = {i: p.slot for i, p in previous.items()} if mode == "full" else {}
    built = time.perf_counter()
    model = Model(base, free, keep_slot)
    weights = model.weights
    log.debug("model: %d columns after %.2fs", len(model.columns), _since(started))
    bound = trivial
    small = len(model.columns) <= _MIP_COLUMNS
    # Large models end in a neighbourhood search shared with a second process, started
    # now.  The first plan comes from feasibility jump here while the helper proves the
    # bounds, if the jump fits in the time (see _JUMP_PER_BUILD); otherwise this process
    # solves the LP and rounds it while the helper sets up.
    lns_deadline = started + time_limit - reasons_time - _LNS_RESERVE
    lp_time = min(_left(started, time_limit, reasons_time) - _LP_OVERRUN, _PDLP_SHARE * time_limit)
    jump_time = _JUMP_PER_BUILD * (time.perf_counter() - built)
    jump = not small and lns_deadline - time.perf_counter() > jump_time + _JUMP_MIN_SEARCH
    helper = None
    if not small and lns_deadline - time.perf_counter() > _HELPER_MIN_SECONDS:
        try:
            helper = HelperSearch(
                problem,
                base,
                locked,
                keep_slot,
                lns_deadline,
                seed=2,
                lp_time=lp_time if jump else 0.0,
            )
        except OSError as error:
            log.warning("no search helper: %s", error)
    jump = jump and helper is not None
    try:
        lp = Solved(values=None, bound=math.inf)
        if jump:
            starts = model.jump(lns_deadline - time.perf_counter())
            if starts is not None:
                best = _better(best, _realise(base, starts, free, previous), previous)
            log.debug("jump: %s after %.2fs", plan_score(best, previous), _since(started))
        else:
            # Small models: the weighted LP by simplex (its bound proves preferred starts
            # too).  Large models: the priority-only LP by PDLP gives both the bound and
            # the values to round (see Model.priority_lp); it proves nothing about
            # preferred starts.  HiGHS overruns its LP time limit by a few tenths of a
            # second (setup, presolve).
            if small:
                lp_time = min(
                    _left(started, time_limit, reasons_time) - _LP_OVERRUN, _LP_SHARE * time_limit
                )
            if lp_time > 0.1:
                lp = model.solve_lp(lp_time) if small else model.priority_lp(lp_time)
        top_bound = lp.bound if small else math.inf
        if lp.values is not None:
            lp_bound = weights.priority_part(lp.bound) if small else math.floor(lp.bound + 1e-6)
            bound = min(bound, locked_weight + lp_bound)
            log.debug("lp: priority bound %d after %.2fs", lp_bound, _since(started))
            if small and _weight(best) < bound and _left(started, time_limit, reasons_time) > 1.0:
                # The priority-only LP bound is tighter by up to one point (see priority_lp);
                # simplex re-solves it from the weighted LP's basis in milliseconds.
                left = _left(started, time_limit, reasons_time)
                pb_time = min(_PRIORITY_LP_SHARE * time_limit, left)
                exact = model.priority_bound(pb_time)
                if math.isfinite(exact):
                    bound = min(bound, locked_weight + math.floor(exact + 1e-6))
                log.debug("priority lp bound %.2f after %.2fs", exact, _since(started))
            lp_costs = None if small else model.priorities()
            for order in model.rounding_orders(lp.values, lp.duals, lp_costs):
                if _left(started, time_limit, reasons_time) < 0:
                    break
                best = _better(best, _round(base, order, free, previous), previous)
            log.debug("rounded: %s after %.2fs", plan_score(best, previous), _since(started))

        def proven() -> bool:
            return _top_proven(best, base, weights, top_bound)

        if not proven():
            # Local search first: cheap, and a better start for HiGHS below.
            share = 0.25 if small else 1.0
            budget = share * _left(started, time_limit, reasons_time)
            deadline = time.perf_counter() + 0.9 * budget
            improve(best, free, locked, deadline)
            if small:
                # Large models take preferred starts after the neighbourhood search:
                # taken first, they left it stuck (2,000 / 50 seed 2: no gain in 5.5 s
                # from that plan with three random seeds, 2,707-2,708 without them).
                prefer(best, free, locked, deadline + 0.1 * budget)
            log.debug("local search: %s after %.2fs", plan_score(best, previous), _since(started))
        mip_ran = False
        bounded = lp.values is not None  # an LP bound is known (the LP ran, here or there)
        # Large sub-MIPs overrun a little (presolve cannot be interrupted): keep 15% back.
        rens_time = 0.5 * _left(started, time_limit, reasons_time)
        if small and lp.values is not None and not proven() and rens_time > 0.5:
            # RENS: a MIP restricted to the LP's support is much smaller, often near-optimal.
            incumbent = set(_starts(best, base).items())
            sub = Model(base, free, keep_slot, only=model.support(lp.values) | incumbent)
            log.debug("rens: %d columns", len(sub.columns))
            rens = sub.solve_mip(_starts(best, base), rens_time)
            if rens.values is not None:
                mip_ran = True
                # Rooms for two-slot meetings may need the exact assignment MIP: give it
                # time while there is plenty (the full MIP's plan at the end gets _MARGIN).
                rooms_time = max(_MARGIN, min(1.0, 0.2 * _left(started, time_limit, reasons_time)))
                realised = _realise(base, sub.starts(rens.values), free, previous, rooms_time)
                best = _better(best, realised, previous)
            log.debug("rens: %s after %.2fs", plan_score(best, previous), _since(started))
        if not small and not proven():
            # Large-neighbourhood search: re-optimise a few delegations' half-days by MIP,
            # sharing plans with the helper (which searches with another seed).  Each
            # step books its own rooms: only the reasons are left to do afterwards.
            score = functools.partial(plan_score, previous=previous)
            if jump:
                # The helper's LP bound normally arrives within seconds; if it has not
                # by the time this process could still solve the LP itself, it does.
                fallback = lns_deadline - lp_time - _LP_OVERRUN
                best = lns(best, free, locked, keep_slot, previous, score, fallback, helper)
                if helper is not None and helper.bound is None:
                    log.warning("search helper sent no bound: solving the LP here")
                    lp = model.priority_lp(lp_time)
            best = lns(best, free, locked, keep_slot, previous, score, lns_deadline, helper)
            if helper is not None and (other := helper.take(score(best))) is not None:
                best = _better(best, other, previous)  # sent during our last step
            prefer(best, free, locked, lns_deadline + _LNS_RESERVE)
            if jump and helper is not None:
                # The helper's lowest bound (LP, then the day program), or this LP.
                found = [b for b in (lp.bound, helper.bound) if b is not None and math.isfinite(b)]
                if found:
                    bounded = True
                    bound = min(bound, locked_weight + math.floor(min(found) + 1e-6))
            log.debug("lns: %s after %.2fs", plan_score(best, previous), _since(started))
        if small and not proven() and _left(started, time_limit, reasons_time) > 0.3 + _MIP_OVERRUN:
            # HiGHS may overrun by a few tenths of a second after the interrupt: hold that back.
            mip_time = _left(started, time_limit, reasons_time) - _MIP_OVERRUN
            mip = model.solve_mip(_starts(best, base), mip_time)
            if mip.bound < math.inf:
                bound = min(bound, locked_weight + weights.priority_part(mip.bound))
            log.debug(
                "mip solved after %.2fs: %s, bound %.2f, found %s",
                _since(started),
                model.highs.getModelStatus(),
                mip.bound / weights.priority,
                None if mip.values is None else float(model.costs @ mip.values) / weights.priority,
            )
            if mip.values is not None:
                mip_ran = True
                realised = _realise(base, model.starts(mip.values), free, previous)
                best = _better(best, realised, previous)
            log.debug("mip: %s after %.2fs", plan_score(best, previous), _since(started))
        weight = _weight(best)
        if weight >= bound:
            status = "optimal"
        elif mip_ran or bounded:
            status = "feasible"
        else:
            status = "greedy"
        return result_from_board(best, bound, started, status)
    finally:
        if helper is not None:
            helper.close()


def insert_requests(
    instance: Instance,
    solved: Result,
    new_requests: list[Request],
) -> tuple[Instance, Result]:
    """Add newly accepted requests to a solved plan without moving any placed meeting.

    Fast path for "one more request accepted": the solved placements are kept as they
    are, each new request goes to its first free preferred start, else its earliest one.
    Requests unplaced before keep their reasons: the plan only got fuller.  The upper
    bound grows by the new requests' priorities (valid: dropping them from any plan of
    the new instance gives a plan of the old one).  Returns the updated instance (whose
    ``previous`` is the solved plan) and the new result.
    """
    started = time.perf_counter()
    fixed_ids = {f.request for f in instance.fixed}
    updated = Instance(
        slot_minutes=instance.slot_minutes,
        days=instance.days,
        rooms=instance.rooms,
        delegations=instance.delegations,
        requests=[*instance.requests, *new_requests],
        fixed=instance.fixed,
        previous=[p for p in solved.placements if p.request not in fixed_ids],
    )
    problem = Problem(updated)
    board = board_with_fixed(problem)
    for placement in updated.previous:
        board.place_fixed(placement, kind="previous")
    for request in sorted(new_requests, key=lambda r: -r.priority):
        starts = sorted(problem.candidates(request), key=lambda s: s not in request.preferred)
        for start in starts:
            if board.try_place(request, start):
                break
    placements = [board.placed[r.id] for r in updated.requests if r.id in board.placed]
    reasons = {u.request: u.reason for u in solved.unplaced}
    unplaced = [
        Unplaced(r.id, reasons.get(r.id) or explain(board, r))
        for r in updated.requests
        if r.id not in board.placed
    ]
    weight = sum(problem.requests[p.request].priority for p in placements)
    bound = solved.stats.upper_bound + sum(
        r.priority for r in new_requests if problem.candidates(r)
    )
    stats = Stats(
        placed=len(placements),
        weight=weight,
        upper_bound=bound,
        seconds=time.perf_counter() - started,
        status="optimal" if weight >= bound else "feasible",
    )
    return updated, Result(placements=placements, unplaced=unplaced, stats=stats)


def lp_bound(
    base: Board, free: list[Request], keep_slot: dict[str, int], time_limit: float
) -> float:
    """Upper bound on the priority ``free`` can add to ``base``: the priority-only LP."""
    return Model(base, free, keep_slot).priority_lp(time_limit).bound


def helper_bounds(
    base: Board,
    free: list[Request],
    keep_slot: dict[str, int],
    lp_time: float,
    deadline: float,
) -> Iterator[float]:
    """Upper bounds on the priority ``free`` can add to ``base``, as they are proven:
    the priority-only LP, then the day program where it is tighter (``bounds.py``).
    The search helper's first task (``helper.py``); it keeps some time to search."""
    lp = lp_bound(base, free, keep_slot, lp_time)
    yield lp
    left = deadline - time.perf_counter() - _HELPER_SEARCH_SECONDS
    if math.isfinite(lp) and left > 0.5:
        yield day_bound(base, free, math.floor(lp + 1e-6), left)


def _best_greedy(base: Board, free: list[Request]) -> Board:
    """Priority-first greedy (the fallback and first MIP start), previous-slot aware;
    with a previous plan, also that plan (what still fits) filled up, if better.

    First-come-first-served order is the benchmark's baseline, not a start: on all
    twelve benchmark instances it placed less priority (2,313 against 2,608 on
    2,000 / 50 seed 2) and took three times as long (0.4 s against 0.13 s)."""
    problem = base.problem
    previous = {p.request: p for p in problem.instance.previous}
    by_priority = sorted(free, key=lambda r: -r.priority)
    board = base.copy()
    fill(board, by_priority, prefer_previous=True)
    if not previous:
        return board
    # The previous plan itself (what still fits), then the rest: a re-solve never
    # returns less than the plan it started from.
    kept = base.copy()
    for request in free:
        prev = previous.get(request.id)
        if (
            prev is not None
            and problem.fits_calendar(request, prev.slot)
            and kept.can_meet(request, prev.slot)
            and kept.free_room(request, prev.slot, prev.room) == prev.room
        ):
            kept.place(request, prev.slot, prev.room)
    fill(kept, by_priority, prefer_previous=True)
    return max((board, kept), key=lambda b: plan_score(b, previous))


def _round(
    base: Board,
    order: list[tuple[Request, int]],
    free: list[Request],
    previous: dict[str, Placement],
) -> Board:
    """Place (request, start) pairs in the given order where still possible, then fill."""
    board = base.copy()
    for request, slot in order:
        if request.id not in board.placed:
            prev = previous.get(request.id)
            board.try_place(request, slot, prev.room if prev is not None else None)
    fill(board, sorted(free, key=lambda r: -r.priority), prefer_previous=True)
    return board


def _starts(board: Board, base: Board) -> dict[str, int]:
    """Start slots of the meetings the optimiser decides (not those locked on ``base``)."""
    return {i: p.slot for i, p in board.placed.items() if i not in base.placed}


def _since(started: float) -> float:
    return time.perf_counter() - started


def _realise(
    base: Board,
    starts: dict[str, int],
    free: list[Request],
    previous: dict[str, Placement],
    rooms_time: float = _MARGIN,
) -> Board:
    """Rooms for chosen starts, repair of room failures, then greedy fill of what is left."""
    board = base.copy()
    failed = assign_rooms(board, starts, previous, time_limit=rooms_time)
    repair(board, failed, previous)
    fill(board, sorted(free, key=lambda r: -r.priority), prefer_previous=True)
    return board


def _better(current: Board, candidate: Board, previous: dict[str, Placement]) -> Board:
    return candidate if plan_score(candidate, previous) > plan_score(current, previous) else current


def _top_proven(board: Board, base: Board, weights: Weights, bound: float) -> bool:
    """True if priority and preferred parts provably cannot improve."""
    return math.isfinite(bound) and _top(board, base, weights) >= weights.top_part(bound)


def _left(started: float, time_limit: float, margin: float = 0.0) -> float:
    """Seconds left for HiGHS, keeping a margin for rooms, repair and reasons."""
    return time_limit - (time.perf_counter() - started) - _MARGIN - margin


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


def plan_score(board: Board, previous: dict[str, Placement]) -> tuple[int, int, int]:
    """Lexicographic objective: priority, preferred starts honoured, previous kept."""
    preferred = 0
    kept = 0
    for placement in board.placed.values():
        request = board.problem.requests[placement.request]
        preferred += placement.slot in request.preferred
        kept += previous.get(placement.request) == placement
    return (_weight(board), preferred, kept)
