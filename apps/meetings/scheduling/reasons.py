"""Why a request stayed unplaced, in words a person understands."""

from __future__ import annotations

from .board import Board
from .model import Request


def explain(board: Board, request: Request) -> str:
    """Explain why ``request`` cannot be added to the plan now on ``board``.

    Checked from the most permanent cause (room sizes, calendars) to the most
    circumstantial one (other meetings in the way).
    """
    p = board.problem
    a, b = request.a, request.b
    if request.attendees > p.max_capacity:
        return f"no room seats {request.attendees}"
    starts = [s for s in range(p.num_slots) if p.fits_calendar(request, s)]
    if not starts:
        blocked = p.delegations[a].blocked | p.delegations[b].blocked
        if request.slots > 1 and len(blocked) < p.num_slots:
            minutes = request.slots * p.instance.slot_minutes
            return f"{a} and {b} have no common free {minutes}-minute period"
        return f"{a} and {b} have no common free slot"

    capped_by: dict[int, set[str]] = {}
    for day in sorted({p.day_of[s] for s in starts}):
        capped_by[day] = {
            party
            for party in request.parties
            if (limit := p.delegations[party].max_per_day) is not None
            and board.per_day[party][day] >= limit
        }
    if all(capped_by.values()):
        common = set.intersection(*capped_by.values())
        if len(common) == 1 or (common and len(common) == 2 and a in common):
            party = a if a in common else next(iter(common))
            limit = p.delegations[party].max_per_day
            if limit == 0:
                return f"{party} takes no meetings (its daily limit is 0)"
            meetings = "meeting" if limit == 1 else "meetings"
            return f"{party} has reached its limit of {limit} {meetings} on every day both are free"
        return f"{a} and {b} have reached their daily meeting limits on every day both are free"

    lowest = 4  # lowest priority among the meetings in the way (priorities are 1..3)
    for s in starts:
        if capped_by[p.day_of[s]]:
            continue
        span = p.span(request, s)
        conflicts = board.conflicts(request, s)
        blockers: set[str] = set()
        for conflict in conflicts:
            _, _, party = conflict.partition(":")
            blockers |= board.party_users(party, span)
        if board.free_room(request, s) is None:
            blockers |= board.room_users(request, s)
        elif not conflicts:
            return "not placed although a slot is free (solver stopped early)"
        lowest = min([lowest, *(p.requests[other].priority for other in blockers)])
        if lowest < request.priority or lowest == 1:
            break  # the answer can no longer change
    if lowest > request.priority:
        return "all feasible slots are taken by higher-priority meetings"
    if lowest == request.priority:
        return "all feasible slots are taken by meetings of equal or higher priority"
    return "all feasible slots are taken by other meetings"
