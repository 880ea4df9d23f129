"""Benchmark: first-come-first-served greedy vs our scheduler, plus incremental insertion.

Run from the repository root:  python bench/scheduling.py [--time-limit 10] [--quick]
Prints Markdown tables (used for bench/RESULTS-scheduling.md).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from apps.meetings.scheduling import (
    Request,
    check_solution,
    count_moves,
    generate,
    greedy_fcfs,
    insert_requests,
    solve,
)


def percent(weight: int, bound: int) -> str:
    """Rounded down, so that 99.795 % does not print as the 99.80 % it misses."""
    return f"{math.floor(10_000 * weight / bound) / 100:.2f}%" if bound else "-"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--sizes", type=int, nargs="+", default=[800, 2000])
    parser.add_argument("--rooms", type=int, nargs="+", default=[25, 50])
    args = parser.parse_args()

    print(
        "| seed | requests | rooms | FCFS placed | FCFS weight | FCFS % of bound | FCFS s "
        "| ours placed | ours weight | upper bound | ours % of bound | ours s | status |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in args.sizes:
        for rooms in args.rooms:
            for seed in args.seeds:
                instance = generate(seed, requests=n, rooms=rooms)
                greedy = greedy_fcfs(instance)
                ours = solve(instance, time_limit=args.time_limit)
                problems = check_solution(instance, ours) + check_solution(instance, greedy)
                if problems:
                    print(f"INVALID seed={seed} n={n} rooms={rooms}: {problems[:3]}")
                bound = ours.stats.upper_bound
                g, o = greedy.stats, ours.stats
                print(
                    f"| {seed} | {n} | {rooms} | {g.placed} | {g.weight} | "
                    f"{percent(g.weight, bound)} | {g.seconds:.2f} | {o.placed} | {o.weight} | "
                    f"{bound} | {percent(o.weight, bound)} | {o.seconds:.2f} | {o.status} |",
                    flush=True,
                )

    print()
    print(
        "| seed | requests | rooms | new request | placed | seconds | meetings moved "
        "| valid | reason if unplaced |"
    )
    print("|---:|---:|---:|---|---|---:|---:|---|---|")
    for rooms in args.rooms:
        for seed in args.seeds:
            instance = generate(seed, requests=2000, rooms=rooms)
            solved = solve(instance, time_limit=args.time_limit)
            taken = {frozenset(r.parties) for r in instance.requests}
            host_partner = next(
                d.id
                for d in instance.delegations
                if d.id != "MA" and frozenset(("MA", d.id)) not in taken
            )
            busy = {d.id: 0 for d in instance.delegations}
            for r in instance.requests:
                busy[r.a] += 1
                busy[r.b] += 1
            quiet = sorted(busy, key=lambda code: (busy[code], code))[:2]
            for a, b in (("MA", host_partner), (quiet[0], quiet[1])):
                new = Request(id="new", a=a, b=b, attendees=6, priority=3)
                started = time.perf_counter()
                updated, result = insert_requests(instance, solved, [new])
                seconds = time.perf_counter() - started
                moved = count_moves(solved.placements, result.placements)
                placed = any(p.request == "new" for p in result.placements)
                valid = not check_solution(updated, result)
                reason = next((u.reason for u in result.unplaced if u.request == "new"), "")
                print(
                    f"| {seed} | 2000 | {rooms} | {a}-{b} (priority 3) | "
                    f"{'yes' if placed else 'no'} | {seconds:.2f} | {moved} | "
                    f"{'yes' if valid else 'NO'} | {reason} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
