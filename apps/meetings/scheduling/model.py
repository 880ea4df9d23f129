"""Plain dataclasses for a scheduling instance and its result, with the agreed JSON format.

The scheduler stays free of Django so it can be tested, benchmarked and run from the
command line on its own; the Django app converts its models to and from these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Day:
    """One conference day: ``slots`` consecutive slots starting at ``start`` (HH:MM)."""

    date: str
    start: str
    slots: int


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int


@dataclass(frozen=True)
class Delegation:
    """A delegation: ``teams`` meetings may run at once; ``max_per_day`` None means no cap."""

    id: str
    blocked: frozenset[int] = frozenset()
    teams: int = 1
    max_per_day: int | None = None


@dataclass(frozen=True)
class Request:
    """A requested bilateral meeting between delegations ``a`` and ``b``."""

    id: str
    a: str
    b: str
    slots: int = 1
    attendees: int = 2
    priority: int = 1
    heads: tuple[str, ...] = ()
    preferred: frozenset[int] = frozenset()

    @property
    def parties(self) -> tuple[str, str]:
        return (self.a, self.b)


@dataclass(frozen=True)
class Placement:
    request: str
    slot: int
    room: str


class Reason(str):
    """Why a request stayed unplaced: English text with a ``code`` and its ``args``
    (delegation ids under "a", "b" and "party"), for saying it in the reader's language."""

    code: str
    args: dict[str, Any]

    def __new__(cls, text: str, code: str, **args: Any) -> Reason:
        reason = super().__new__(cls, text)
        reason.code = code
        reason.args = args
        return reason

    def __getnewargs_ex__(self) -> tuple[tuple[str, str], dict[str, Any]]:  # copy and pickle
        return (str(self), self.code), dict(self.args)


@dataclass(frozen=True)
class Unplaced:
    request: str
    reason: str


@dataclass
class Instance:
    """Everything the scheduler needs to know; slots are numbered globally, day after day."""

    slot_minutes: int
    days: list[Day]
    rooms: list[Room]
    delegations: list[Delegation]
    requests: list[Request]
    fixed: list[Placement] = field(default_factory=list)
    previous: list[Placement] = field(default_factory=list)

    # -- derived helpers -------------------------------------------------------------------

    @property
    def num_slots(self) -> int:
        return sum(day.slots for day in self.days)

    def day_ranges(self) -> list[range]:
        """Global slot numbers of each day, in order."""
        ranges = []
        first = 0
        for day in self.days:
            ranges.append(range(first, first + day.slots))
            first += day.slots
        return ranges

    def day_of_slot(self) -> list[int]:
        """Index of the day of every global slot."""
        return [i for i, day in enumerate(self.days) for _ in range(day.slots)]

    def slot_label(self, slot: int) -> str:
        """Human-readable time of a slot, e.g. ``2025-11-24 10:30``."""
        for day, slots in zip(self.days, self.day_ranges(), strict=True):
            if slot in slots:
                hours, minutes = (int(part) for part in day.start.split(":"))
                total = hours * 60 + minutes + (slot - slots.start) * self.slot_minutes
                return f"{day.date} {total // 60:02d}:{total % 60:02d}"
        return f"slot {slot}"

    def validate(self) -> None:
        """Raise ValueError with a readable message if the instance is malformed."""
        if self.slot_minutes <= 0:
            raise ValueError("slot_minutes must be positive")
        _unique("room", [room.id for room in self.rooms])
        _unique("delegation", [d.id for d in self.delegations])
        _unique("request", [r.id for r in self.requests])
        known = {d.id for d in self.delegations}
        n = self.num_slots
        for d in self.delegations:
            if d.teams < 1:
                raise ValueError(f"delegation {d.id}: teams must be at least 1")
            if d.max_per_day is not None and d.max_per_day < 0:
                raise ValueError(f"delegation {d.id}: max_per_day must not be negative")
        for r in self.requests:
            for party in r.parties:
                if party not in known:
                    raise ValueError(f"request {r.id}: unknown delegation {party}")
            if r.a == r.b:
                raise ValueError(f"request {r.id}: a delegation cannot meet itself ({r.a})")
            if r.slots < 1:
                raise ValueError(f"request {r.id}: slots must be at least 1")
            if not 1 <= r.priority <= 3:
                raise ValueError(f"request {r.id}: priority must be 1, 2 or 3")
            for head in r.heads:
                if head not in r.parties:
                    raise ValueError(f"request {r.id}: head {head} is not a party to the meeting")
            if any(not 0 <= s < n for s in r.preferred):
                raise ValueError(f"request {r.id}: preferred slot out of range 0..{n - 1}")
        ids = {r.id for r in self.requests}
        for kind, placements in (("fixed", self.fixed), ("previous", self.previous)):
            _unique(f"{kind} placement request", [p.request for p in placements])
        # Previous placements of withdrawn requests are simply ignored; fixed ones are
        # promises, so an unknown request there is an error.
        for p in self.fixed:
            if p.request not in ids:
                raise ValueError(f"fixed placement for unknown request {p.request}")

    # -- JSON ------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Instance:
        return cls(
            slot_minutes=int(data.get("slot_minutes", 30)),
            days=[Day(str(d["date"]), str(d["start"]), int(d["slots"])) for d in data["days"]],
            rooms=[Room(str(r["id"]), int(r["capacity"])) for r in data["rooms"]],
            delegations=[
                Delegation(
                    id=str(d["id"]),
                    blocked=frozenset(int(s) for s in d.get("blocked", ())),
                    teams=int(d.get("teams", 1)),
                    max_per_day=None if d.get("max_per_day") is None else int(d["max_per_day"]),
                )
                for d in data["delegations"]
            ],
            requests=[
                Request(
                    id=str(r["id"]),
                    a=str(r["a"]),
                    b=str(r["b"]),
                    slots=int(r.get("slots", 1)),
                    attendees=int(r.get("attendees", 2)),
                    priority=int(r.get("priority", 1)),
                    heads=tuple(str(h) for h in r.get("heads", ())),
                    preferred=frozenset(int(s) for s in r.get("preferred", ())),
                )
                for r in data["requests"]
            ],
            fixed=[_placement_from_json(p) for p in data.get("fixed", ())],
            previous=[_placement_from_json(p) for p in data.get("previous", ())],
        )

    def to_json(self) -> dict[str, Any]:
        delegations = []
        for d in self.delegations:
            item: dict[str, Any] = {"id": d.id, "blocked": sorted(d.blocked), "teams": d.teams}
            if d.max_per_day is not None:
                item["max_per_day"] = d.max_per_day
            delegations.append(item)
        return {
            "slot_minutes": self.slot_minutes,
            "days": [{"date": d.date, "start": d.start, "slots": d.slots} for d in self.days],
            "rooms": [{"id": r.id, "capacity": r.capacity} for r in self.rooms],
            "delegations": delegations,
            "requests": [
                {
                    "id": r.id,
                    "a": r.a,
                    "b": r.b,
                    "slots": r.slots,
                    "attendees": r.attendees,
                    "priority": r.priority,
                    "heads": list(r.heads),
                    "preferred": sorted(r.preferred),
                }
                for r in self.requests
            ],
            "fixed": [_placement_to_json(p) for p in self.fixed],
            "previous": [_placement_to_json(p) for p in self.previous],
        }


@dataclass
class Stats:
    """``weight`` is the total priority placed; ``upper_bound`` a proven bound on it."""

    placed: int
    weight: int
    upper_bound: int
    seconds: float
    status: str  # "optimal" (proven), "feasible" (with gap) or "greedy" (fallback)


@dataclass
class Result:
    placements: list[Placement]
    unplaced: list[Unplaced]
    stats: Stats

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        stats = data["stats"]
        return cls(
            placements=[_placement_from_json(p) for p in data["placements"]],
            unplaced=[Unplaced(str(u["request"]), _reason_from_json(u)) for u in data["unplaced"]],
            stats=Stats(
                placed=int(stats["placed"]),
                weight=int(stats["weight"]),
                upper_bound=int(stats["upper_bound"]),
                seconds=float(stats["seconds"]),
                status=str(stats["status"]),
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "placements": [_placement_to_json(p) for p in self.placements],
            "unplaced": [
                {"request": u.request, **_reason_to_json(u.reason)} for u in self.unplaced
            ],
            "stats": {
                "placed": self.stats.placed,
                "weight": self.stats.weight,
                "upper_bound": self.stats.upper_bound,
                "seconds": round(self.stats.seconds, 3),
                "status": self.stats.status,
            },
        }


def count_moves(previous: list[Placement], placements: list[Placement]) -> int:
    """Previous placements not kept exactly (other slot, other room, or dropped)."""
    now = {(p.request, p.slot, p.room) for p in placements}
    return sum((p.request, p.slot, p.room) not in now for p in previous)


def _placement_from_json(data: dict[str, Any]) -> Placement:
    return Placement(str(data["request"]), int(data["slot"]), str(data["room"]))


def _placement_to_json(p: Placement) -> dict[str, Any]:
    return {"request": p.request, "slot": p.slot, "room": p.room}


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {kind} id {item}")
        seen.add(item)


def _reason_to_json(reason: str) -> dict[str, Any]:
    data: dict[str, Any] = {"reason": str(reason)}
    if isinstance(reason, Reason):
        data.update(code=reason.code, args=reason.args)
    return data


def _reason_from_json(data: dict[str, Any]) -> str:
    if data.get("code"):
        return Reason(str(data["reason"]), str(data["code"]), **dict(data.get("args") or {}))
    return str(data["reason"])
