"""A greedy test double of the scheduler, speaking its JSON format; for adapter tests only.

Keeps fixed placements, keeps previous ones where still possible, then places the rest by
priority into the first start slot and smallest room that fit. Not the real algorithm.
"""

from __future__ import annotations

from collections import defaultdict


def greedy_solver(instance: dict) -> dict:
    per_day = [day["slots"] for day in instance["days"]]
    day_of = []
    for index, count in enumerate(per_day):
        day_of += [index] * count
    rooms = sorted(instance["rooms"], key=lambda r: (r["capacity"], r["id"]))
    capacity = {r["id"]: r["capacity"] for r in rooms}
    delegations = {d["id"]: d for d in instance["delegations"]}
    requests = {r["id"]: r for r in instance["requests"]}
    load: dict[tuple[str, int], int] = defaultdict(int)
    heads: set[tuple[str, int]] = set()
    room_taken: set[tuple[str, int]] = set()
    per_day_count: dict[tuple[str, int], int] = defaultdict(int)

    def fits(request, slot, room) -> bool:
        slots = range(slot, slot + request["slots"])
        if slot + request["slots"] > len(day_of) or day_of[slot] != day_of[slots[-1]]:
            return False
        if capacity[room] < request["attendees"]:
            return False
        for side in (request["a"], request["b"]):
            info = delegations[side]
            if any(s in info["blocked"] for s in slots):
                return False
            if any(load[(side, s)] >= info.get("teams", 1) for s in slots):
                return False
            limit = info.get("max_per_day")
            if limit and per_day_count[(side, day_of[slot])] >= limit:
                return False
        if any((side, s) in heads for side in request["heads"] for s in slots):
            return False
        return all((room, s) not in room_taken for s in slots)

    def take(request, slot, room) -> dict:
        for s in range(slot, slot + request["slots"]):
            room_taken.add((room, s))
            for side in (request["a"], request["b"]):
                load[(side, s)] += 1
            for side in request["heads"]:
                heads.add((side, s))
        for side in (request["a"], request["b"]):
            per_day_count[(side, day_of[slot])] += 1
        return {"request": request["id"], "slot": slot, "room": room}

    placements, done = [], set()
    for item in instance.get("fixed", []):
        placements.append(take(requests[item["request"]], item["slot"], item["room"]))
        done.add(item["request"])
    for item in instance.get("previous", []):
        request = requests[item["request"]]
        if item["request"] not in done and fits(request, item["slot"], item["room"]):
            placements.append(take(request, item["slot"], item["room"]))
            done.add(item["request"])
    unplaced = []
    for request in sorted(requests.values(), key=lambda r: (-r["priority"], r["id"])):
        if request["id"] in done:
            continue
        order = request.get("preferred", []) + list(range(len(day_of)))
        spot = next(((s, r["id"]) for s in order for r in rooms if fits(request, s, r["id"])), None)
        if spot is None:
            unplaced.append(
                {
                    "request": request["id"],
                    "reason": f"{request['a']} and {request['b']} have no common free slot",
                    "code": "no_common_slot",  # as the real solver says it (scheduling.Reason)
                    "args": {"a": request["a"], "b": request["b"]},
                }
            )
        else:
            placements.append(take(request, *spot))
    weight = sum(requests[p["request"]]["priority"] for p in placements)
    return {
        "placements": placements,
        "unplaced": unplaced,
        "stats": {
            "placed": len(placements),
            "weight": weight,
            "upper_bound": sum(r["priority"] for r in requests.values()),
            "seconds": 0.0,
            "status": "FEASIBLE",
        },
    }
