"""First-come-first-served greedy: the baseline, and the MIP's starting solution."""

from __future__ import annotations

import time
from collections.abc import Iterable

from .board import Board, Problem
from .model import Instance, Request, Result, Stats, Unplaced
from .reasons import explain


def board_with_fixed(problem: Problem) -> Board:
    """A board holding the instance's fixed placements (ValueError if they clash)."""
    board = Board(problem)
    for placement in problem.instance.fixed:
        board.place_fixed(placement)
    return board


def fill(board: Board, requests: Iterable[Request], prefer_previous: bool = False) -> None:
    """Place each request not yet on the board at its earliest possible start.

    With ``prefer_previous`` a request first tries its previous slot and room, so
    re-solving an unchanged instance moves nothing.
    """
    previous = {p.request: p for p in board.problem.instance.previous}
    for request in requests:
        if request.id in board.placed:
            continue
        prev = previous.get(request.id) if prefer_previous else None
        if (
            prev is not None
            and board.problem.fits_calendar(request, prev.slot)
            and board.try_place(request, prev.slot, prev.room)
        ):
            continue
        for start in board.problem.candidates(request):
            if board.try_place(request, start):
                break


def trivial_bound(problem: Problem) -> int:
    """Total priority of requests that have at least one possible start."""
    fixed = {p.request for p in problem.instance.fixed}
    return sum(
        r.priority for r in problem.instance.requests if r.id in fixed or problem.candidates(r)
    )


def result_from_board(board: Board, upper_bound: int, started: float, status: str) -> Result:
    """Package a board as a Result, explaining every request left out."""
    instance = board.problem.instance
    placements = [board.placed[r.id] for r in instance.requests if r.id in board.placed]
    unplaced = [
        Unplaced(r.id, explain(board, r)) for r in instance.requests if r.id not in board.placed
    ]
    weight = sum(board.problem.requests[p.request].priority for p in placements)
    stats = Stats(
        placed=len(placements),
        weight=weight,
        upper_bound=max(upper_bound, weight),
        seconds=time.perf_counter() - started,
        status=status,
    )
    return Result(placements=placements, unplaced=unplaced, stats=stats)


def greedy_fcfs(instance: Instance) -> Result:
    """Requests in input order, each at its earliest feasible slot in the smallest fitting room."""
    started = time.perf_counter()
    problem = Problem(instance)
    board = board_with_fixed(problem)
    fill(board, instance.requests)
    return result_from_board(board, trivial_bound(problem), started, "greedy")
