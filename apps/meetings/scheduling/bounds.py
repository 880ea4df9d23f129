"""A second upper bound: the meetings per day as an integer program, time within a day ignored.

The LP relaxation of the full model (``mip.py``) is the bound the solver reports, but on
some instances it is half a point above what any plan can reach, and branch and bound on
the full model needs minutes to show it (its root LP alone takes three).  Aggregating
time into days gives a much smaller model (one binary per request and day it could be
held on, 7,300 instead of 60,000): every delegation, head and room size class gets its
day's free slots as a budget.  Any plan is a solution of it, so its optimum is a valid
upper bound; HiGHS's cuts on these day budgets close the half point in seconds
(2,000 / 50 seed 2: 2,712 instead of the LP's 2,713).  Its own LP relaxation is weaker
than the full LP on most instances (2,788 against 2,774 on seed 1), and then it is not
tried.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

import highspy
import numpy as np

from .board import Board
from .model import Request


def day_bound(board: Board, requests: list[Request], target: float, time_limit: float) -> float:
    """An upper bound on the priority ``requests`` can add to ``board``, or inf.

    Stops as soon as the bound is below ``target`` (the bound to beat, e.g. the full LP's,
    rounded down), or when its LP relaxation shows it cannot get there in time."""
    started = time.perf_counter()
    p = board.problem
    columns = [(r, day) for r in requests for day in sorted({p.day_of[s] for s in p.candidates(r)})]
    if not columns:
        return 0.0
    rows: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    budget: dict[tuple, int] = {}
    for j, (r, day) in enumerate(columns):
        rows["request", r.id].append((j, 1))
        budget["request", r.id] = 1
        slots = p.day_ranges[day]
        for party in r.parties:
            delegation = p.delegations[party]
            free = [t for t in slots if t not in delegation.blocked]
            rows["teams", party, day].append((j, r.slots))
            budget["teams", party, day] = sum(delegation.teams - board.load[party][t] for t in free)
            if delegation.max_per_day is not None:
                rows["per day", party, day].append((j, 1))
                budget["per day", party, day] = delegation.max_per_day - board.per_day[party][day]
        for head in r.heads:
            free = [t for t in slots if t not in p.delegations[head].blocked]
            rows["head", head, day].append((j, r.slots))
            budget["head", head, day] = sum(1 - board.head_load[head][t] for t in free)
        for k in range(p.size_class(r.attendees) + 1):
            rows["seats", k, day].append((j, r.slots))
            budget["seats", k, day] = sum(board.free[k][t] for t in slots)

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 1)
    n = len(columns)
    empty_int = np.zeros(0, dtype=np.int32)
    costs = np.array([r.priority for r, _ in columns], dtype=np.float64)
    h.addCols(n, costs, np.zeros(n), np.ones(n), 0, empty_int, empty_int, np.zeros(0))
    keys = list(rows)
    lengths = np.array([len(rows[key]) for key in keys])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int32)
    index = np.array([j for key in keys for j, _ in rows[key]], dtype=np.int32)
    value = np.array([v for key in keys for _, v in rows[key]], dtype=np.float64)
    upper = np.array([budget[key] for key in keys], dtype=np.float64)
    h.addRows(
        len(keys), np.full(len(keys), -highspy.kHighsInf), upper, len(index), starts, index, value
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def left() -> float:
        return time_limit - (time.perf_counter() - started)

    h.setOptionValue("time_limit", max(0.05, left()))
    h.run()
    relaxed = h.getInfo().objective_function_value
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return math.inf
    if math.floor(relaxed + 1e-6) > target or left() < 0.1:
        return relaxed  # valid, but no better than the bound to beat: not worth the MIP
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    h.setOptionValue("time_limit", max(0.05, left()))
    deadline = time.perf_counter() + left()

    def stop(event: highspy.highs.HighsCallbackEvent) -> None:
        bound = event.data_out.mip_dual_bound
        proven = math.isfinite(bound) and math.floor(bound + 1e-6) < target
        if proven or time.perf_counter() > deadline:
            event.interrupt()

    h.cbMipInterrupt.subscribe(stop)
    h.run()
    bound = h.getInfo().mip_dual_bound
    return min(relaxed, bound) if math.isfinite(bound) else relaxed
