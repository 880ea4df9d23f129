"""A second neighbourhood search in a child process, on the machine's second core.

HiGHS runs one MIP at a time per process (sub-MIPs of two threads queue behind each
other, measured), so a second search needs a process of its own.  It is a plain child
process of this interpreter (``python -m apps.meetings.scheduling search-helper``), fed
JSON on stdin and answering JSON on stdout: no ``multiprocessing``, which Celery's
daemonic prefork workers may not use.  It searches from the same plan with another
seed; the solver keeps whichever plan is better.  If the child fails to start, crashes
or answers late, the solver goes on with its own plan: the helper can only add.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .board import Board, Problem
from .model import Instance, Placement

log = logging.getLogger(__name__)

#: The directory holding the ``apps`` package, so the child imports this very code.
_ROOT = Path(__file__).resolve().parents[3]
#: The child stops this long before the parent's deadline: its last step may overrun
#: (a sub-MIP, rooms), then it writes its plan and the parent rebuilds it.
_EARLY = 0.7
#: Seconds the parent waits past its own deadline before giving up on the child.
_GRACE = 0.1


class HelperSearch:
    """A running child search; ``board()`` waits for its plan and rebuilds it here."""

    def __init__(
        self,
        board: Board,
        locked: set[str],
        keep_slot: dict[str, int],
        deadline: float,
        seed: int,
    ) -> None:
        self.problem = board.problem
        self.deadline = deadline
        payload = {
            "instance": self.problem.instance.to_json(),
            "plan": [[p.request, p.slot, p.room] for p in board.placed.values()],
            "locked": sorted(locked),
            "keep_slot": keep_slot,
            # Absolute wall-clock time: perf_counter() is not shared between processes.
            "deadline": time.time() + (deadline - _EARLY - time.perf_counter()),
            "seed": seed,
        }
        self._output: bytes | None = None
        self._process = subprocess.Popen(
            [sys.executable, "-m", "apps.meetings.scheduling", "search-helper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=_ROOT,
        )
        # communicate() in a thread: the child reads stdin only once it has imported
        # numpy and HiGHS, and this thread must not wait for that.
        self._thread = threading.Thread(
            target=self._communicate, args=(json.dumps(payload).encode(),), daemon=True
        )
        self._thread.start()

    def _communicate(self, data: bytes) -> None:
        try:
            self._output, _ = self._process.communicate(data)
        except (OSError, ValueError):  # the child died while being fed
            self._output = None

    def board(self, base: Board) -> Board | None:
        """The child's plan on a copy of ``base`` (None if it has none, or an invalid one)."""
        self._thread.join(max(0.0, self.deadline - time.perf_counter()) + _GRACE)
        if self._thread.is_alive():
            log.warning("search helper did not answer in time; going on without it")
            self._process.kill()
            return None
        if self._process.returncode != 0 or not self._output:
            log.warning("search helper failed (exit code %s)", self._process.returncode)
            return None
        try:
            placements = [Placement(str(i), int(s), str(r)) for i, s, r in json.loads(self._output)]
        except (ValueError, TypeError):
            log.warning("search helper answered something that is not a plan")
            return None
        return _rebuild(base, placements)


def _rebuild(base: Board, placements: list[Placement]) -> Board | None:
    """``base`` plus ``placements``, each checked against every rule as it is placed
    (``Board.place_fixed``); None if the child's plan breaks one."""
    board = base.copy()
    try:
        for placement in placements:
            if placement.request not in base.placed:
                board.place_fixed(placement, kind="helper")
    except (KeyError, ValueError) as error:  # unknown request, or a rule broken
        log.warning("search helper returned an invalid plan: %s", error)
        return None
    return board


def run_child(
    payload: dict[str, Any],
    search: Callable[..., Board],
    score: Callable[[Board, dict[str, Placement]], tuple[int, ...]],
) -> list[list[Any]]:
    """The child's side: rebuild the plan, search until the deadline, return the plan."""
    instance = Instance.from_json(payload["instance"])
    problem = Problem(instance)
    board = Board(problem)
    for request_id, slot, room in payload["plan"]:
        board.place(problem.requests[request_id], int(slot), str(room))
    previous = {p.request: p for p in instance.previous}
    deadline = time.perf_counter() + (float(payload["deadline"]) - time.time())
    best = search(
        board,
        instance.requests,
        set(payload["locked"]),
        {str(k): int(v) for k, v in payload["keep_slot"].items()},
        previous,
        lambda b: score(b, previous),
        deadline,
        seed=int(payload["seed"]),
    )
    return [[p.request, p.slot, p.room] for p in best.placed.values()]
