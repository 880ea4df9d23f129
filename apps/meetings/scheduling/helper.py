"""A second neighbourhood search in a child process, sharing plans with this one.

HiGHS runs one MIP at a time per process (sub-MIPs of two threads queue behind each
other, measured), so a second search needs a process of its own.  It is a plain child
process of this interpreter (``python -m apps.meetings.scheduling search-helper``)
talking JSON lines over stdin and stdout: no ``multiprocessing``, which Celery's
daemonic prefork workers may not use.

The child is started as soon as the solver knows the model is large.  While this
process makes its first plan (feasibility jump, ``Model.jump``), the child solves the
LP relaxation and sends its bound, then tries for a tighter one (``bounds.py``); then
it gets the plan to start from.  During the search both sides send each other every
plan that beats their own best so far, and each one continues from the better plan:
one search at twice the pace rather than two apart.  Plans from the child are
re-checked rule by rule before they are used.  If the child fails to start, crashes or
falls silent, the solver goes on alone (and solves the LP itself): the helper can only
add.
"""

from __future__ import annotations

import json
import logging
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from .board import Board, Problem
from .greedy import board_with_fixed
from .model import Instance, Placement, Request

log = logging.getLogger(__name__)

#: The directory holding the ``apps`` package, so the child imports this very code.
_ROOT = Path(__file__).resolve().parents[3]

Score = tuple[int, ...]


class Exchange:
    """Plans passed between two searches: ``share`` ours, ``take`` a better one of theirs."""

    def __init__(self, rebuild: Callable[[list[Placement]], Board | None]) -> None:
        self._rebuild = rebuild
        self._lock = threading.Lock()
        self._theirs: tuple[Score, list[Placement]] | None = None
        self._shared: Score | None = None
        #: The other side's best upper bound on the priority its requests can add, once sent.
        self.bound: float | None = None
        self._outbox: queue.Queue[bytes | None] = queue.Queue()

    def share(self, board: Board, score: Score) -> None:
        """Send ``board``'s plan if it beats the last one sent (the writer thread sends)."""
        if self._shared is not None and score <= self._shared:
            return
        self._shared = score
        plan = [[p.request, p.slot, p.room] for p in board.placed.values()]
        self._outbox.put(json.dumps({"score": list(score), "plan": plan}).encode() + b"\n")

    def share_bound(self, bound: float) -> None:
        """Send a proven upper bound (the other side keeps the lowest it receives)."""
        self._outbox.put(json.dumps({"bound": bound}).encode() + b"\n")

    def take(self, score: Score) -> Board | None:
        """The other side's latest plan, rebuilt here, if it beats ``score``."""
        with self._lock:
            theirs, self._theirs = self._theirs, None
        if theirs is None or theirs[0] <= score:
            return None
        return self._rebuild(theirs[1])

    def finish(self) -> None:
        """No more plans to send: the writer thread ends after the queued ones."""
        self._outbox.put(None)

    def _read(self, stream: IO[bytes]) -> None:
        """Reader thread: keep the best plan received and not yet taken, until the
        stream ends."""
        for line in stream:
            try:
                message = json.loads(line)
                if "bound" in message:
                    bound = float(message["bound"])
                    self.bound = bound if self.bound is None else min(self.bound, bound)
                    continue
                score = tuple(int(v) for v in message["score"])
                plan = [Placement(str(i), int(s), str(r)) for i, s, r in message["plan"]]
            except (ValueError, TypeError, KeyError):
                log.warning("search exchange: a message that is not a plan was ignored")
                continue
            with self._lock:
                if self._theirs is None or score > self._theirs[0]:
                    self._theirs = (score, plan)

    def _write(self, stream: IO[bytes]) -> None:
        """Writer thread: send queued messages in order, so no send ever blocks a search."""
        while (data := self._outbox.get()) is not None:
            try:
                stream.write(data)
                stream.flush()
            except (OSError, ValueError):  # the other side has gone
                return


class HelperSearch(Exchange):
    """A child search process, started early with the instance; the first plan shared
    with it (``lns`` shares its starting plan) is where it starts searching.  With an
    ``lp_time``, it first solves the LP relaxation for that long and sends its bound
    (``bound``, once received)."""

    def __init__(
        self,
        problem: Problem,
        base: Board,
        locked: set[str],
        keep_slot: dict[str, int],
        deadline: float,
        seed: int,
        lp_time: float = 0.0,
    ) -> None:
        super().__init__(lambda plan: _rebuild(base, plan))
        setup = {
            "instance": problem.instance.to_json(),
            "locked": sorted(locked),
            "keep_slot": keep_slot,
            # Absolute wall-clock time: perf_counter() is not shared between processes.
            "deadline": time.time() + (deadline - time.perf_counter()),
            "seed": seed,
            "lp_time": lp_time,
        }
        self._process = subprocess.Popen(
            [sys.executable, "-m", "apps.meetings.scheduling", "search-helper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=_ROOT,
        )
        stdin, stdout = self._process.stdin, self._process.stdout
        if stdin is None or stdout is None:  # not with PIPE; keeps the type checker sure
            raise OSError("search helper started without pipes")
        # The child reads stdin only once it has imported numpy and HiGHS: the writer
        # thread waits for that, this process does not.
        self._outbox.put(json.dumps(setup).encode() + b"\n")
        threading.Thread(target=self._write, args=(stdin,), daemon=True).start()
        threading.Thread(target=self._read, args=(stdout,), daemon=True).start()

    def close(self) -> None:
        """Stop the child: its last plans have been taken or are no longer wanted."""
        self.finish()
        self._process.kill()
        self._process.wait()


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
    stdin: IO[bytes],
    stdout: IO[bytes],
    search: Callable[..., Board],
    score: Callable[[Board, dict[str, Placement]], Score],
    bounds: Callable[[Board, list[Request], dict[str, int], float, float], Iterator[float]],
) -> None:
    """The child's side: set up, send upper bounds as they are proven, wait for the
    first plan, then search until the deadline, sharing plans both ways."""
    setup: dict[str, Any] = json.loads(stdin.readline())
    instance = Instance.from_json(setup["instance"])
    problem = Problem(instance)
    locked = set(setup["locked"])
    keep_slot = {str(k): int(v) for k, v in setup["keep_slot"].items()}
    previous = {p.request: p for p in instance.previous if p.request not in locked}

    def rebuild(plan: list[Placement]) -> Board:
        board = Board(problem)  # the parent's plans are trusted: they were checked there
        for p in plan:
            board.place(problem.requests[p.request], p.slot, p.room)
        return board

    exchange = Exchange(rebuild)
    writer = threading.Thread(target=exchange._write, args=(stdout,), daemon=True)
    writer.start()
    base = board_with_fixed(problem)
    for p in instance.previous:  # the meetings the parent keeps where they are
        if p.request in locked and p.request not in base.placed:
            base.place(problem.requests[p.request], p.slot, p.room)
    free = [r for r in instance.requests if r.id not in base.placed]
    deadline = time.perf_counter() + (float(setup["deadline"]) - time.time())
    if float(setup["lp_time"]) > 0:  # else the parent solves the LP itself
        for bound in bounds(base, free, keep_slot, float(setup["lp_time"]), deadline):
            exchange.share_bound(bound)
    first = json.loads(stdin.readline() or "null")
    if first is None:  # the parent needed no search after all
        exchange.finish()
        writer.join()
        return
    board = rebuild([Placement(str(i), int(s), str(r)) for i, s, r in first["plan"]])
    threading.Thread(target=exchange._read, args=(stdin,), daemon=True).start()
    search(
        board,
        instance.requests,
        locked,
        keep_slot,
        previous,
        lambda b: score(b, previous),
        deadline,
        exchange,
        seed=int(setup["seed"]),
    )
    exchange.finish()
    writer.join()
