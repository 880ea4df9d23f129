"""Grouping airport arrivals into transfer runs: a pure function, no Django import.

Per hotel, arrivals sorted by landing time are taken greedily: a run starts with the earliest
passenger not yet carried and takes everyone landing within `window` of that first landing,
up to the largest vehicle's capacity; it leaves `buffer` after its last landing, in the
smallest vehicle that seats everyone. For one hotel this gives the fewest runs possible under
the window and capacity rules (the classic greedy cover of points on a line). VIPs (heads of
delegation, ministers) ride alone, each in the VIP vehicle.

Promises, checked by the tests: no vehicle over capacity, no run spans more than `window`
between its first and last landing, and no run leaves before its last landing plus `buffer`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Arrival:
    person_id: int
    lands_at: dt.datetime
    hotel_id: int
    vip: bool = False


@dataclass(frozen=True)
class Vehicle:
    kind: str
    capacity: int


@dataclass
class Run:
    hotel_id: int
    vehicle: Vehicle
    pickup_at: dt.datetime
    passengers: list[Arrival] = field(default_factory=list)
    vip: bool = False

    @property
    def first_landing(self) -> dt.datetime:
        return min(p.lands_at for p in self.passengers)

    @property
    def last_landing(self) -> dt.datetime:
        return max(p.lands_at for p in self.passengers)


def _smallest_fitting(vehicles: Sequence[Vehicle], count: int) -> Vehicle:
    for vehicle in vehicles:
        if vehicle.capacity >= count:
            return vehicle
    raise ValueError(f"no vehicle seats {count}")


def group_arrivals(
    arrivals: Iterable[Arrival],
    *,
    vehicles: Sequence[Vehicle],
    window: dt.timedelta,
    buffer: dt.timedelta,
    vip_vehicle: Vehicle | None = None,
) -> list[Run]:
    """Transfer runs for `arrivals`, ordered by pick-up time."""
    fleet = sorted(vehicles, key=lambda v: v.capacity)
    if not fleet or fleet[0].capacity < 1:
        raise ValueError("at least one vehicle with a seat is needed")
    largest = fleet[-1].capacity
    runs: list[Run] = []
    by_hotel: dict[int, list[Arrival]] = defaultdict(list)
    for arrival in arrivals:
        if arrival.vip:
            runs.append(
                Run(
                    hotel_id=arrival.hotel_id,
                    vehicle=vip_vehicle or fleet[0],
                    pickup_at=arrival.lands_at + buffer,
                    passengers=[arrival],
                    vip=True,
                )
            )
        else:
            by_hotel[arrival.hotel_id].append(arrival)
    for hotel_id, waiting in by_hotel.items():
        waiting.sort(key=lambda a: (a.lands_at, a.person_id))
        start = 0
        while start < len(waiting):
            first = waiting[start].lands_at
            end = start
            while (
                end < len(waiting)
                and end - start < largest
                and waiting[end].lands_at - first <= window
            ):
                end += 1
            group = waiting[start:end]
            runs.append(
                Run(
                    hotel_id=hotel_id,
                    vehicle=_smallest_fitting(fleet, len(group)),
                    pickup_at=group[-1].lands_at + buffer,
                    passengers=list(group),
                )
            )
            start = end
    runs.sort(key=lambda r: (r.pickup_at, r.hotel_id))
    return runs


def group_departures(
    departures: Iterable[Arrival],
    *,
    vehicles: Sequence[Vehicle],
    window: dt.timedelta,
    margin: dt.timedelta,
    vip_vehicle: Vehicle | None = None,
) -> list[Run]:
    """Departure runs (hotel to airport) for `departures`, whose `lands_at` is the flight's
    departure time: grouped like arrivals (per hotel, flights within `window` of the
    earliest, never over capacity), each run leaving the hotel `margin` before its
    earliest flight, so every passenger is early enough."""
    runs = group_arrivals(
        departures,
        vehicles=vehicles,
        window=window,
        buffer=dt.timedelta(0),
        vip_vehicle=vip_vehicle,
    )
    for run in runs:
        run.pickup_at = run.first_landing - margin
    runs.sort(key=lambda r: (r.pickup_at, r.hotel_id))
    return runs


def fitting_departure_run(
    departure: Arrival,
    runs: Sequence[Run],
    *,
    window: dt.timedelta,
    margin: dt.timedelta,
) -> int | None:
    """The index of a departure run the (re-timed) departure can join: same hotel, not VIP,
    a seat left in its vehicle, flights within the window, and leaving at least `margin`
    before the new flight. None when no run fits."""
    for index, run in enumerate(runs):
        if run.vip or run.hotel_id != departure.hotel_id:
            continue
        others = [p for p in run.passengers if p.person_id != departure.person_id]
        if not others or len(others) + 1 > run.vehicle.capacity:
            continue
        first = min(min(p.lands_at for p in others), departure.lands_at)
        last = max(max(p.lands_at for p in others), departure.lands_at)
        if last - first <= window and run.pickup_at <= departure.lands_at - margin:
            return index
    return None


def fitting_run(
    arrival: Arrival,
    runs: Sequence[Run],
    *,
    vehicles: Sequence[Vehicle],
    window: dt.timedelta,
    buffer: dt.timedelta,
) -> int | None:
    """The index of a run the (re-timed) arrival can join without breaking a rule: same hotel,
    not a VIP run, a seat left (in the largest vehicle), within the window, and the run's
    pick-up still at least `buffer` after the new landing. None when no run fits."""
    largest = max(v.capacity for v in vehicles)
    for index, run in enumerate(runs):
        if run.vip or run.hotel_id != arrival.hotel_id:
            continue
        others = [p for p in run.passengers if p.person_id != arrival.person_id]
        if not others or len(others) + 1 > largest:
            continue
        first = min(min(p.lands_at for p in others), arrival.lands_at)
        last = max(max(p.lands_at for p in others), arrival.lands_at)
        if last - first <= window and run.pickup_at >= arrival.lands_at + buffer:
            return index
    return None


def lower_bound(arrivals: Iterable[Arrival], *, capacity: int, window: dt.timedelta) -> int:
    """Fewer runs are impossible: per hotel, at least ceil(passengers / capacity), and at least
    as many as there are landings pairwise more than `window` apart (no run holds two of
    them). VIPs ride alone, one run each."""
    total = 0
    by_hotel: dict[int, list[dt.datetime]] = defaultdict(list)
    for arrival in arrivals:
        if arrival.vip:
            total += 1
        else:
            by_hotel[arrival.hotel_id].append(arrival.lands_at)
    for times in by_hotel.values():
        times.sort()
        apart, last = 0, None
        for moment in times:
            if last is None or moment - last > window:
                apart, last = apart + 1, moment
        total += max(math.ceil(len(times) / capacity), apart)
    return total


def peak_vehicles(runs: Iterable[Run], *, trip: dt.timedelta) -> int:
    """Vehicles on the road at once, when each run keeps its vehicle for `trip` from pick-up."""
    events = []
    for run in runs:
        events.append((run.pickup_at, 1))
        events.append((run.pickup_at + trip, -1))
    events.sort(key=lambda e: (e[0], e[1]))
    peak = current = 0
    for _moment, change in events:
        current += change
        peak = max(peak, current)
    return peak
