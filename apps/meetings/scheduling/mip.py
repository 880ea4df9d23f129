"""HiGHS model over (request, start slot) binaries; rooms are handled as nested seat counts.

One binary per request and feasible start slot.  Rooms are not modelled individually:
for every seat threshold q and slot t, the meetings needing more seats than the next
smaller room size that run in t may not outnumber the free rooms seating >= q.  By Hall's
condition this is exact for one-slot meetings; longer meetings get rooms afterwards in
``rooms.py`` (which repairs the rare case where no single room is free throughout).

The model is first solved as an LP: its duals give the reported upper bound, and its
values and reduced costs give rounding orders.  Then it is solved as a MIP seeded with
the best plan so far, either restricted to the LP's support (RENS, via ``only``) or, when
small enough to pay off within the time limit, in full.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import highspy
import numpy as np

from .board import Board
from .model import Request

Column = tuple[Request, int]

#: Above this many columns the LP relaxation is solved with PDLP rather than simplex/IPM.
_PDLP_FROM = 30_000


@dataclass
class Weights:
    """Lexicographic objective as one weighted sum: priority, then preferred, then keep."""

    keep: int
    preferred: int
    priority: int

    def priority_part(self, objective: float) -> int:
        """Largest total priority compatible with an objective value (or bound)."""
        return math.floor((objective + 1e-9 * max(1.0, abs(objective))) / self.priority)

    def top_part(self, objective: float) -> int:
        """Priority and preferred part of an objective (everything but "keep")."""
        return math.floor((objective + 1e-9 * max(1.0, abs(objective))) / self.preferred)


@dataclass
class Solved:
    values: np.ndarray | None  # column values, None if HiGHS found no solution
    bound: float  # objective bound (inf if unknown)
    duals: np.ndarray | None = None  # non-negative row prices behind an LP bound


class Model:
    """The HiGHS model for the requests still to place around what ``board`` holds."""

    def __init__(
        self,
        board: Board,
        requests: list[Request],
        keep_slot: dict[str, int] | None = None,
        only: set[tuple[str, int]] | None = None,
    ) -> None:
        keep_slot = keep_slot or {}
        self.board = board
        # ``only``: a restricted model (RENS, neighbourhoods) with just these pairs.
        self.columns = _columns(board, requests, only)
        n_pref = len({r.id for r, s in self.columns if s in r.preferred})
        n_keep = len({r.id for r, s in self.columns if keep_slot.get(r.id) == s})
        self.weights = Weights(keep=1, preferred=n_keep + 1, priority=(n_pref + 1) * (n_keep + 1))
        w = self.weights
        self.costs = np.array(
            [
                r.priority * w.priority
                + (s in r.preferred) * w.preferred
                + (keep_slot.get(r.id) == s) * w.keep
                for r, s in self.columns
            ],
            dtype=np.float64,
        )
        self.position = {(r.id, s): j for j, (r, s) in enumerate(self.columns)}
        self.highs = self._build()

    def _build(self) -> highspy.Highs:
        rows, upper = _rows(self.board, self.columns)
        lengths = np.array([len(row) for row in rows], dtype=np.int64)
        self.row_starts = np.zeros(len(rows) + 1, dtype=np.int32)
        self.row_starts[1:] = np.cumsum(lengths)
        count = int(self.row_starts[-1])
        self.entry_column = np.fromiter((c for row in rows for c in row), np.int32, count)
        self.row_upper = np.array(upper, dtype=np.float64)
        self.row_of_entry = np.repeat(np.arange(len(rows)), lengths)
        return self._new_highs(self.costs)

    def _new_highs(self, costs: np.ndarray) -> highspy.Highs:
        """A HiGHS object holding this model's LP with the given objective."""
        with _stdout_to_stderr():  # HiGHS prints a banner on first use; keep stdout clean
            h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("random_seed", 1)
        n = len(self.columns)
        if n == 0:
            return h
        empty_int = np.zeros(0, dtype=np.int32)
        h.addCols(n, costs, np.zeros(n), np.ones(n), 0, empty_int, empty_int, np.zeros(0))
        h.addRows(
            len(self.row_upper),
            np.full(len(self.row_upper), -highspy.kHighsInf),
            self.row_upper,
            len(self.entry_column),
            self.row_starts[:-1],
            self.entry_column,
            np.ones(len(self.entry_column)),
        )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        return h

    def solve_lp(self, time_limit: float) -> Solved:
        """LP relaxation: a proven upper bound, and fractional values to round."""
        if not self.columns:
            return Solved(values=np.zeros(0), bound=0.0)
        return self._run_lp(self.highs, self.costs, time_limit)

    def priority_lp(self, time_limit: float, presolve: bool = True) -> Solved:
        """The LP relaxation with the priorities alone as objective (its ``bound`` is in
        priority points).  Its bound is tighter than the weighted LP's divided by the
        priority weight, which also counts up to almost one priority point of preferred
        starts (e.g. 1254.5 instead of 1255.45 on an 800-request instance).  On large
        models it is also the better LP to round: PDLP solves it to optimality in
        1.2-1.7 s on 60,000 columns here, where the weighted LP takes 2.5-4 s, and
        rounding it gave better plans, the same on every run (2,000 / 50 seed 2: 2,687
        after local search, against 2,660-2,687 from a weighted LP cut at 1 s).

        Runs on a HiGHS object of its own; small models pass the weighted LP's basis,
        from which simplex re-solves in milliseconds.  Without ``presolve``, the LP of a
        neighbourhood (about 500 columns) takes 6 ms here instead of 11."""
        if not self.columns:
            return Solved(values=np.zeros(0), bound=0.0)
        priorities = self.priorities()
        h = self._new_highs(priorities)
        if not presolve:
            h.setOptionValue("presolve", "off")
        if len(self.columns) <= _PDLP_FROM and self.highs.getBasis().valid:
            h.setBasis(self.highs.getBasis())
        return self._run_lp(h, priorities, time_limit)

    def priority_bound(self, time_limit: float) -> float:
        """Upper bound on the total priority alone (see ``priority_lp``)."""
        return self.priority_lp(time_limit).bound

    def priorities(self) -> np.ndarray:
        return np.array([r.priority for r, _ in self.columns], dtype=np.float64)

    def _run_lp(self, h: highspy.Highs, costs: np.ndarray, time_limit: float) -> Solved:
        """Large models use PDLP (a first-order method: seconds instead of tens of seconds
        for simplex here); its answer is approximate, so the bound is recomputed from its
        duals in a way that is valid for any non-negative duals (see ``dual_bound``)."""
        h.setOptionValue("solver", "pdlp" if len(self.columns) > _PDLP_FROM else "choose")
        # Duals need not be optimal for a valid bound: 1e-5 and a time limit are enough.
        h.setOptionValue("pdlp_optimality_tolerance", 1e-5)
        # HiGHS's time limit counts the run time of earlier runs on the same object.
        h.setOptionValue("time_limit", h.getRunTime() + max(0.05, time_limit))
        h.run()
        solution = h.getSolution()
        if not solution.value_valid or not solution.dual_valid:
            return Solved(values=None, bound=math.inf)
        raw = np.asarray(solution.row_dual)
        duals = min(
            (np.maximum(raw, 0), np.maximum(-raw, 0)), key=lambda y: self.dual_bound(y, costs)
        )
        values = np.clip(np.asarray(solution.col_value), 0.0, 1.0)
        return Solved(values=values, bound=self.dual_bound(duals, costs), duals=duals)

    def dual_bound(self, y: np.ndarray, costs: np.ndarray | None = None) -> float:
        """Weak-duality bound: for y >= 0, max{cx : Ax <= b, 0 <= x <= 1} is at most
        b.y + sum_j max(0, c_j - (A^T y)_j), whatever the quality of y."""
        reduced = self.reduced_costs(y, costs)
        return float(self.row_upper @ y + np.maximum(reduced, 0.0).sum())

    def reduced_costs(self, y: np.ndarray, costs: np.ndarray | None = None) -> np.ndarray:
        """Objective coefficient minus the price of the capacity each column uses."""
        return (self.costs if costs is None else costs) - np.bincount(
            self.entry_column, weights=y[self.row_of_entry], minlength=len(self.columns)
        )

    def solve_mip(
        self, start: dict[str, int], time_limit: float, priority_only: bool = False
    ) -> Solved:
        """Branch and bound from a feasible ``start`` (request id -> start slot).

        Stops once the priority and preferred parts are proven optimal, or with
        ``priority_only`` (sub-MIPs of the neighbourhood search) the priority part."""
        if not self.columns:
            return Solved(values=np.zeros(0), bound=0.0)
        h = self.highs
        n = len(self.columns)
        h.setOptionValue("solver", "choose")
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.5)
        # Symmetry detection was most of HiGHS presolve on a full 800-request model
        # (17 s of 25 s, 24,000 columns, with another solve running): without it the
        # MIP reached that instance's optimum in about 8 s from scratch.  The small
        # sub-MIPs of the neighbourhood search (priority_only) keep HiGHS's default.
        h.setOptionValue("mip_detect_symmetry", priority_only)
        # HiGHS presolve was two thirds of a neighbourhood sub-MIP's time (8 cluster
        # sub-MIPs of a 2,000-request instance: 3.6 s with it, 1.2 s without, same
        # optima); the full model and RENS keep it.
        h.setOptionValue("presolve", "off" if priority_only else "choose")
        h.setOptionValue("time_limit", max(0.05, time_limit))
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
        )
        chosen = [self.position[key] for key in start.items() if key in self.position]
        if chosen:
            h.setSolution(len(chosen), np.array(chosen, dtype=np.int32), np.ones(len(chosen)))
        weights = self.weights
        deadline = time.perf_counter() + time_limit

        def stop_early(event: highspy.highs.HighsCallbackEvent) -> None:
            # HiGHS checks its own time limit only now and then (e.g. not inside root
            # cut loops), so also stop on the wall clock.  "keep" only breaks ties:
            # stop once the priority and preferred parts are proven optimal.
            bound = event.data_out.mip_dual_bound
            value = event.data_out.objective_function_value
            finite = math.isfinite(bound) and math.isfinite(value)
            if time.perf_counter() > deadline or (
                finite
                and (
                    weights.priority_part(bound) <= weights.priority_part(value)
                    if priority_only
                    else weights.preferred > 1
                    and weights.top_part(bound) <= weights.top_part(value)
                )
            ):
                event.interrupt()

        h.cbMipInterrupt.subscribe(stop_early)
        h.run()
        info = h.getInfo()
        values = None
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            values = np.asarray(h.getSolution().col_value)
        bound = info.mip_dual_bound
        return Solved(values=values, bound=bound if math.isfinite(bound) else math.inf)

    def jump(self, time_limit: float, seed: int = 1) -> dict[str, int] | None:
        """Start slots from HiGHS's feasibility-jump heuristic alone, or None.

        Feasibility jump is a weighted local search over the binaries that HiGHS runs
        before its root LP.  Without presolve it needs no LP at all: on 60,000-column
        models it returns a plan in 3-6 s here (one core; its effort grows with the
        non-zeros and cannot be interrupted) that is better than LP rounding plus local
        search (2,000 / 50 seed 2: 2,701-2,706 by random seed against 2,688), so large
        models start the neighbourhood search from it.  HiGHS is stopped as soon as it
        has a plan that places anything (the trivial empty one comes first) or the
        time is up: its root LP would take minutes."""
        if not self.columns:
            return None
        h = self._new_highs(self.priorities())
        n = len(self.columns)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("mip_detect_symmetry", False)
        h.setOptionValue("random_seed", seed)
        h.setOptionValue("time_limit", max(0.05, time_limit))
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
        )
        deadline = time.perf_counter() + time_limit

        def found(event: highspy.highs.HighsCallbackEvent) -> None:
            # The root LP that follows calls no interrupt callback for seconds, but it
            # reads the time limit as it starts: a limit of zero ends the run there.
            if event.data_out.objective_function_value > 0.5:
                h.setOptionValue("time_limit", 0.0)

        def stop(event: highspy.highs.HighsCallbackEvent) -> None:
            if time.perf_counter() > deadline:
                event.interrupt()

        h.cbMipImprovingSolution.subscribe(found)
        h.cbMipInterrupt.subscribe(stop)
        h.run()
        if h.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible
            return None
        values = np.asarray(h.getSolution().col_value)
        return self.starts(values) or None

    def starts(self, values: np.ndarray) -> dict[str, int]:
        """Request id -> start slot of an integer solution."""
        return {self.columns[j][0].id: self.columns[j][1] for j in np.flatnonzero(values > 0.5)}

    def support(self, values: np.ndarray, limit: int = 16_000) -> set[tuple[str, int]]:
        """(request id, start) pairs with a clearly non-zero LP value, at most ``limit``
        of them (largest values first): HiGHS presolve cannot be interrupted, so the
        restricted MIP must stay small enough to presolve within the time limit."""
        chosen = np.flatnonzero(values > 1e-3)
        chosen = chosen[np.argsort(-values[chosen], kind="stable")][:limit]
        return {(self.columns[j][0].id, self.columns[j][1]) for j in chosen}

    def rounding_orders(
        self, values: np.ndarray, duals: np.ndarray | None, costs: np.ndarray | None = None
    ) -> list[list[Column]]:
        """Orders in which to try (request, start) pairs when rounding the LP.

        Which order works best varies by instance (measured on generated ones), and each
        costs well under a second, so the solver tries all: priority first, then LP value;
        priority first, then value for price paid (reduced cost relative to the
        objective coefficient); and value for price paid alone.  ``costs``: the LP's
        objective, if not the weighted one (the priority-only LP).
        """
        costs = self.costs if costs is None else costs
        priority = np.array([r.priority for r, _ in self.columns])
        orders = [np.lexsort((-self.costs, -np.round(values, 6), -priority))]
        if duals is not None:
            relative = self.reduced_costs(duals, costs) / costs
            orders.append(np.lexsort((-relative, -priority)))
            orders.append(np.argsort(-relative, kind="stable"))
        return [[self.columns[j] for j in order] for order in orders]


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (e.g. embedded): nothing to protect
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _columns(
    board: Board, requests: list[Request], only: set[tuple[str, int]] | None = None
) -> list[Column]:
    """(request, start) pairs that the board (with its fixed meetings) still allows
    (and that are in ``only``, if given: pairs of candidate starts)."""
    p = board.problem
    free_rooms = board.free  # free rooms seating at least sizes[k], per slot
    allowed: dict[str, list[int]] = defaultdict(list)
    if only is not None:
        for request_id, s in sorted(only):  # sorted: the same model, whatever the hashing
            allowed[request_id].append(s)
    columns: list[tuple[Request, int]] = []
    for r in requests:
        if not p.candidates(r):
            continue
        rooms_ok = free_rooms[p.size_class(r.attendees)]
        columns.extend(
            (r, s)
            for s in (p.candidates(r) if only is None else allowed[r.id])
            if all(rooms_ok[t] > 0 for t in range(s, s + r.slots)) and board.can_meet(r, s)
        )
    return columns


def _rows(board: Board, columns: list[Column]) -> tuple[list[list[int]], list[int]]:
    """Constraint rows (all coefficients 1) and their right-hand sides; trivial rows skipped."""
    p = board.problem
    by_request: dict[str, list[int]] = defaultdict(list)
    teams: dict[tuple[str, int], list[int]] = defaultdict(list)
    heads: dict[tuple[str, int], list[int]] = defaultdict(list)
    per_day: dict[tuple[str, int], list[int]] = defaultdict(list)
    seats: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j, (r, s) in enumerate(columns):
        by_request[r.id].append(j)
        day = p.day_of[s]
        size = p.size_class(r.attendees)
        for party in r.parties:
            per_day[party, day].append(j)
        for t in range(s, s + r.slots):
            for party in r.parties:
                teams[party, t].append(j)
            for head in r.heads:
                heads[head, t].append(j)
            for k in range(size + 1):
                seats[k, t].append(j)

    rows: list[list[int]] = []
    upper: list[int] = []

    def add(members: list[int], rhs: int) -> None:
        if len(members) > rhs:
            rows.append(members)
            upper.append(rhs)

    for members in by_request.values():
        add(members, 1)
    for (party, t), members in teams.items():
        add(members, p.delegations[party].teams - board.load[party][t])
    for (head, t), members in heads.items():
        add(members, 1 - board.head_load[head][t])
    for (party, day), members in per_day.items():
        limit = p.delegations[party].max_per_day
        if limit is not None:
            add(members, limit - board.per_day[party][day])
    free_rooms = board.free  # free rooms seating at least sizes[k], per slot
    for (k, t), members in seats.items():
        add(members, free_rooms[k][t])
    return rows, upper
