"""Bilateral-meeting scheduler (pure Python + HiGHS; no Django on purpose).

Public API::

    solve(instance, *, time_limit=10.0, mode="full") -> Result
    insert_requests(instance, solved, new_requests) -> (Instance, Result)
    greedy_fcfs(instance) -> Result
    check_solution(instance, output) -> list[str]
    generate(seed, requests=2000, rooms=25) -> Instance
    Instance.from_json(dict) / Instance.to_json(); Result.from_json(dict) / Result.to_json()
"""

from .check import check_solution
from .generate import generate
from .greedy import greedy_fcfs
from .model import (
    Day,
    Delegation,
    Instance,
    Placement,
    Request,
    Result,
    Room,
    Stats,
    Unplaced,
    count_moves,
)
from .solver import insert_requests, solve

__all__ = [
    "Day",
    "Delegation",
    "Instance",
    "Placement",
    "Request",
    "Result",
    "Room",
    "Stats",
    "Unplaced",
    "check_solution",
    "count_moves",
    "generate",
    "greedy_fcfs",
    "insert_requests",
    "solve",
]
