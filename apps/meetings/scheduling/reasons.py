"""Why a request stayed unplaced, in words a person understands.

Each reason is English text (the solver's own output, its tests and its command line) that also
carries a code and its arguments, so the application can say it in the reader's language with
the delegations' names.
"""

from __future__ import annotations

from .board import Board
from .model import Reason, Request


def explain(board: Board, request: Request) -> Reason:
    """Explain why ``request`` cannot be added to the plan now on ``board``.

    Checked from the most permanent cause (room sizes, calendars) to the most
    circumstantial one (other meetings in the way).
    """
    p = board.problem
    a, b = request.a, request.b
    if request.attendees > p.max_capacity:
        return Reason(f"no room seats {request.attendees}", "no_room", attendees=request.attendees)
    starts = [s for s in range(p.num_slots) if p.fits_calendar(request, s)]
    if not starts:
        blocked = p.delegations[a].blocked | p.delegations[b].blocked
        if request.slots > 1 and len(blocked) < p.num_slots:
            minutes = request.slots * p.instance.slot_minutes
            return Reason(
                f"{a} and {b} have no common free {minutes}-minute period",
                "no_common_period",
                a=a,
                b=b,
                minutes=minutes,
            )
        return Reason(f"{a} and {b} have no common free slot", "no_common_slot", a=a, b=b)

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
                return Reason(
                    f"{party} takes no meetings (its daily limit is 0)", "no_meetings", party=party
                )
            meetings = "meeting" if limit == 1 else "meetings"
            return Reason(
                f"{party} has reached its limit of {limit} {meetings} on every day both are free",
                "party_limit",
                party=party,
                limit=limit,
            )
        return Reason(
            f"{a} and {b} have reached their daily meeting limits on every day both are free",
            "both_limits",
            a=a,
            b=b,
        )

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
            return Reason(
                "not placed although a slot is free (solver stopped early)", "stopped_early"
            )
        lowest = min([lowest, *(p.requests[other].priority for other in blockers)])
        if lowest < request.priority or lowest == 1:
            break  # the answer can no longer change
    if lowest > request.priority:
        return Reason("all feasible slots are taken by higher-priority meetings", "taken_by_higher")
    if lowest == request.priority:
        return Reason(
            "all feasible slots are taken by meetings of equal or higher priority",
            "taken_by_equal_or_higher",
        )
    return Reason("all feasible slots are taken by other meetings", "taken_by_other")
