"""The solver's view of an instance: candidate start slots and a mutable occupancy board.

Greedy, room assignment, repair and incremental insertion all place meetings one at a
time, so they share this board; the MIP only uses the static candidate lists.
(The independent checker in ``check.py`` deliberately does not use this module.)
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from .model import Instance, Placement, Request, Room


class Problem:
    """Static facts derived once per instance (index maps, day of each slot, candidates)."""

    def __init__(self, instance: Instance) -> None:
        instance.validate()
        self.instance = instance
        self.num_slots = instance.num_slots
        self.day_of = instance.day_of_slot()
        self.day_ranges = instance.day_ranges()
        self.requests = {r.id: r for r in instance.requests}
        self.delegations = {d.id: d for d in instance.delegations}
        # Rooms smallest first, so "first room that fits" is the smallest fitting room.
        self.rooms: list[Room] = sorted(instance.rooms, key=lambda room: (room.capacity, room.id))
        self.room_index = {room.id: i for i, room in enumerate(self.rooms)}
        self.room_capacities = [room.capacity for room in self.rooms]
        self.max_capacity = max((room.capacity for room in self.rooms), default=0)
        # Distinct room sizes, smallest first: the MIP's nested seat-count thresholds.
        self.sizes = sorted({room.capacity for room in self.rooms})
        self._candidates: dict[str, list[int]] = {}
        self._size_class: dict[int, int] = {}

    def size_class(self, attendees: int) -> int:
        """Index in ``sizes`` of the smallest room size seating ``attendees``."""
        cached = self._size_class.get(attendees)
        if cached is not None:
            return cached
        for k, capacity in enumerate(self.sizes):
            if capacity >= attendees:
                self._size_class[attendees] = k
                return k
        raise ValueError(f"no room seats {attendees}")

    def first_room_seating(self, attendees: int) -> int:
        """Index in ``rooms`` (smallest first) of the first room seating ``attendees``."""
        return bisect.bisect_left(self.room_capacities, attendees)

    def span(self, request: Request, start: int) -> range:
        return range(start, start + request.slots)

    def fits_calendar(self, request: Request, start: int) -> bool:
        """True if the meeting stays within one day and both delegations are free throughout."""
        end = start + request.slots - 1
        if start < 0 or end >= self.num_slots or self.day_of[start] != self.day_of[end]:
            return False
        blocked_a = self.delegations[request.a].blocked
        blocked_b = self.delegations[request.b].blocked
        return not any(t in blocked_a or t in blocked_b for t in range(start, end + 1))

    def candidates(self, request: Request) -> list[int]:
        """Start slots allowed by calendars, day limits and room sizes, earliest first."""
        cached = self._candidates.get(request.id)
        if cached is None:
            cached = []
            if request.attendees <= self.max_capacity:
                caps = [self.delegations[p].max_per_day for p in request.parties]
                if all(cap is None or cap > 0 for cap in caps):
                    cached = [s for s in range(self.num_slots) if self.fits_calendar(request, s)]
            self._candidates[request.id] = cached
        return cached


class Board:
    """Who is busy when: delegation loads, head loads, meetings per day and room bookings."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        n = problem.num_slots
        self.load = {d: [0] * n for d in problem.delegations}
        self.head_load = {d: [0] * n for d in problem.delegations}
        self.per_day = {d: [0] * len(problem.day_ranges) for d in problem.delegations}
        self.room_busy: list[list[str | None]] = [[None] * n for _ in problem.rooms]
        # free_mask[t]: bit i set if room i (smallest first) is free at slot t, so the
        # smallest free room for a span is one AND per slot and a lowest-bit lookup.
        self.free_mask = [(1 << len(problem.rooms)) - 1] * n
        # free[k][t]: free rooms seating at least sizes[k]; rejects full slots quickly.
        self.free = [[0] * n for _ in problem.sizes]
        for room in problem.rooms:
            for k in range(problem.sizes.index(room.capacity) + 1):
                self.free[k] = [c + 1 for c in self.free[k]]
        # Request ids each delegation holds per slot, to name who is in the way.  The
        # sets are immutable and replaced on change, so a copy of the board shares them.
        self.users: dict[str, list[frozenset[str]]] = {
            d: [frozenset()] * n for d in problem.delegations
        }
        self.placed: dict[str, Placement] = {}

    def copy(self) -> Board:
        other = Board.__new__(Board)
        other.problem = self.problem
        other.load = {d: list(v) for d, v in self.load.items()}
        other.head_load = {d: list(v) for d, v in self.head_load.items()}
        other.per_day = {d: list(v) for d, v in self.per_day.items()}
        other.room_busy = [list(v) for v in self.room_busy]
        other.free_mask = list(self.free_mask)
        other.free = [list(v) for v in self.free]
        other.users = {d: list(v) for d, v in self.users.items()}
        other.placed = dict(self.placed)
        return other

    # -- queries ---------------------------------------------------------------------------

    def conflicts(self, request: Request, start: int) -> list[str]:
        """Delegation-side reasons why ``request`` cannot start at ``start`` (rooms aside).

        The start must fit the calendars (see ``Problem.fits_calendar``); callers use
        candidate starts, which do.
        """
        return list(self._conflicts(request, start))

    def can_meet(self, request: Request, start: int) -> bool:
        """``not conflicts(request, start)``, stopping at the first (the hot path)."""
        return next(self._conflicts(request, start), None) is None

    def _conflicts(self, request: Request, start: int) -> Iterator[str]:
        p = self.problem
        day = p.day_of[start]
        end = start + request.slots
        # Plain loops rather than any(): this runs hundreds of thousands of times a solve.
        for party in request.parties:
            deleg = p.delegations[party]
            if deleg.max_per_day is not None and self.per_day[party][day] >= deleg.max_per_day:
                yield f"max_per_day:{party}"
            load = self.load[party]
            for t in range(start, end):
                if load[t] >= deleg.teams:
                    yield f"teams:{party}"
                    break
        for head in request.heads:
            head_load = self.head_load[head]
            for t in range(start, end):
                if head_load[t]:
                    yield f"head:{head}"
                    break

    def free_room(self, request: Request, start: int, prefer: str | None = None) -> str | None:
        """The preferred room if free and big enough, else the smallest free fitting room."""
        p = self.problem
        span = p.span(request, start)
        if request.attendees > p.max_capacity:
            return None
        free = self.free[p.size_class(request.attendees)]
        if any(free[t] == 0 for t in span):
            return None
        mask = self.free_mask[start]
        for t in range(start + 1, start + request.slots):
            mask &= self.free_mask[t]
        first = p.first_room_seating(request.attendees)
        if prefer is not None and prefer in p.room_index:
            i = p.room_index[prefer]
            if i >= first and mask >> i & 1:
                return prefer
        mask >>= first
        if not mask:
            return None
        return p.rooms[first + (mask & -mask).bit_length() - 1].id

    def room_users(self, request: Request, start: int) -> set[str]:
        """Requests occupying the rooms large enough for ``request`` during its span."""
        p = self.problem
        span = p.span(request, start)
        return {
            r
            for i in range(p.first_room_seating(request.attendees), len(p.rooms))
            for t in span
            if (r := self.room_busy[i][t]) is not None
        }

    def party_users(self, party: str, span: Iterable[int]) -> set[str]:
        """Placed requests involving ``party`` that overlap ``span``."""
        return set().union(*(self.users[party][t] for t in span))

    # -- updates ---------------------------------------------------------------------------

    def place(self, request: Request, start: int, room: str) -> None:
        p = self.problem
        for party in request.parties:
            self.per_day[party][p.day_of[start]] += 1
        i = p.room_index[room]
        top = p.sizes.index(p.rooms[i].capacity)
        for t in p.span(request, start):
            for k in range(top + 1):
                self.free[k][t] -= 1
            for party in request.parties:
                self.load[party][t] += 1
                self.users[party][t] |= {request.id}
            for head in request.heads:
                self.head_load[head][t] += 1
            self.room_busy[i][t] = request.id
            self.free_mask[t] &= ~(1 << i)
        self.placed[request.id] = Placement(request.id, start, room)

    def remove(self, request_id: str) -> None:
        placement = self.placed.pop(request_id)
        p = self.problem
        request = p.requests[request_id]
        for party in request.parties:
            self.per_day[party][p.day_of[placement.slot]] -= 1
        i = p.room_index[placement.room]
        top = p.sizes.index(p.rooms[i].capacity)
        for t in p.span(request, placement.slot):
            for k in range(top + 1):
                self.free[k][t] += 1
            for party in request.parties:
                self.load[party][t] -= 1
                self.users[party][t] -= {request.id}
            for head in request.heads:
                self.head_load[head][t] -= 1
            self.room_busy[i][t] = None
            self.free_mask[t] |= 1 << i

    def try_place(self, request: Request, start: int, prefer_room: str | None = None) -> bool:
        """Place ``request`` at ``start`` if delegations and a room allow it."""
        # Cheapest test first: is any room big enough free at all (see ``free``)?
        free = self.free[self.problem.size_class(request.attendees)]
        if not all(free[t] for t in range(start, start + request.slots)):
            return False
        if not self.can_meet(request, start):
            return False
        room = self.free_room(request, start, prefer_room)
        if room is None:
            return False
        self.place(request, start, room)
        return True

    def place_fixed(self, placement: Placement, kind: str = "fixed") -> None:
        """Place a given placement, raising ValueError with a readable message if impossible."""
        p = self.problem
        request = p.requests[placement.request]

        def refuse(reason: str) -> ValueError:
            # Worded only when needed: the helper's plans are checked this way by the
            # thousand during a solve.
            where = f"{p.instance.slot_label(placement.slot)} in room {placement.room}"
            return ValueError(
                f"{kind} placement of {request.id} ({request.a}-{request.b}) at {where}: {reason}"
            )

        if not 0 <= placement.slot < p.num_slots:
            raise refuse(f"slot {placement.slot} does not exist")
        end = placement.slot + request.slots - 1
        if end >= p.num_slots or p.day_of[end] != p.day_of[placement.slot]:
            raise refuse("the meeting runs past the end of the day")
        for party in request.parties:
            blocked = p.delegations[party].blocked
            if any(t in blocked for t in p.span(request, placement.slot)):
                raise refuse(f"{party} is not available then")
        if placement.room not in p.room_index:
            raise refuse(f"unknown room {placement.room}")
        capacity = p.rooms[p.room_index[placement.room]].capacity
        if capacity < request.attendees:
            raise refuse(
                f"room {placement.room} seats {capacity}, the meeting needs {request.attendees}"
            )
        span = p.span(request, placement.slot)
        other = next(
            (
                user
                for t in span
                if (user := self.room_busy[p.room_index[placement.room]][t]) is not None
            ),
            None,
        )
        if other is not None:
            raise refuse(f"room {placement.room} is already taken by {other}")
        for problem in self.conflicts(request, placement.slot):
            what, _, party = problem.partition(":")
            if what == "max_per_day":
                limit = p.delegations[party].max_per_day
                raise refuse(f"{party} would exceed its limit of {limit} per day")
            if what == "teams":
                teams = p.delegations[party].teams
                raise refuse(f"{party} would hold more than {teams} meeting(s) at once")
            if what == "head":
                raise refuse(f"the head of {party} is already in another meeting")
        self.place(request, placement.slot, placement.room)
