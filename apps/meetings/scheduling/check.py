"""Independent solution checker.

Written separately from the solver on purpose (it shares only the dataclasses): tests
trust it to catch solver bugs, so it must not reuse the solver's feasibility code.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Instance, Result


def check_solution(instance: Instance, output: Result | dict[str, Any]) -> list[str]:
    """Every rule the output breaks, as readable sentences; empty if the output is valid."""
    result = output if isinstance(output, Result) else Result.from_json(output)
    problems: list[str] = []
    requests = {r.id: r for r in instance.requests}
    delegations = {d.id: d for d in instance.delegations}
    capacity = {room.id: room.capacity for room in instance.rooms}

    # Which day each global slot belongs to.
    slot_day: dict[int, int] = {}
    offset = 0
    for day_number, day in enumerate(instance.days):
        for k in range(day.slots):
            slot_day[offset + k] = day_number
        offset += day.slots

    seen = Counter(p.request for p in result.placements)
    seen.update(u.request for u in result.unplaced)
    problems.extend(
        f"request {request_id} appears {seen[request_id]} times in the output"
        for request_id in requests
        if seen[request_id] != 1
    )
    problems.extend(
        f"output mentions unknown request {request_id}"
        for request_id in seen
        if request_id not in requests
    )

    room_use: Counter[tuple[str, int]] = Counter()
    busy: Counter[tuple[str, int]] = Counter()
    head_busy: Counter[tuple[str, int]] = Counter()
    daily: Counter[tuple[str, int]] = Counter()
    for p in result.placements:
        r = requests.get(p.request)
        if r is None:
            continue
        occupied = [p.slot + k for k in range(r.slots)]
        days = {slot_day.get(t) for t in occupied}
        if None in days:
            problems.append(f"{r.id} uses a slot outside the conference")
            continue
        if len(days) != 1:
            problems.append(f"{r.id} spans two days")
        if p.room not in capacity:
            problems.append(f"{r.id} is in unknown room {p.room}")
        elif capacity[p.room] < r.attendees:
            problems.append(
                f"{r.id} needs {r.attendees} seats but room {p.room} seats {capacity[p.room]}"
            )
        for who in (r.a, r.b):
            bad = sorted(set(occupied) & set(delegations[who].blocked))
            if bad:
                problems.append(f"{r.id} is held while {who} is blocked (slots {bad})")
            daily[who, slot_day[p.slot]] += 1
        for t in occupied:
            room_use[p.room, t] += 1
            busy[r.a, t] += 1
            busy[r.b, t] += 1
            for head in r.heads:
                head_busy[head, t] += 1

    for (room, t), count in sorted(room_use.items()):
        if count > 1:
            problems.append(f"room {room} holds {count} meetings in slot {t}")
    for (who, t), count in sorted(busy.items()):
        if count > delegations[who].teams:
            problems.append(
                f"{who} holds {count} meetings in slot {t} with {delegations[who].teams} team(s)"
            )
    for (who, t), count in sorted(head_busy.items()):
        if count > 1:
            problems.append(f"the head of {who} is needed in {count} meetings in slot {t}")
    for (who, day_index), count in sorted(daily.items()):
        limit = delegations[who].max_per_day
        if limit is not None and count > limit:
            problems.append(f"{who} has {count} meetings on day {day_index}, limit {limit}")

    placed = {(p.request, p.slot, p.room) for p in result.placements}
    problems.extend(
        f"fixed placement of {f.request} (slot {f.slot}, {f.room}) not kept"
        for f in instance.fixed
        if (f.request, f.slot, f.room) not in placed
    )

    stats = result.stats
    weight = sum(requests[p.request].priority for p in result.placements if p.request in requests)
    if stats.placed != len(result.placements):
        problems.append(f"stats.placed is {stats.placed}, there are {len(result.placements)}")
    if stats.weight != weight:
        problems.append(f"stats.weight is {stats.weight}, placements weigh {weight}")
    if stats.upper_bound < stats.weight:
        problems.append(f"upper bound {stats.upper_bound} below weight {stats.weight}")
    if stats.status not in {"optimal", "feasible", "greedy"}:
        problems.append(f"unknown status {stats.status}")
    if stats.status == "optimal" and stats.upper_bound != stats.weight:
        problems.append("status optimal but weight below the upper bound")
    return problems
