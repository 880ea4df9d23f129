"""Transfer grouping (pure): capacity, window and buffer always hold; greedy meets the bound."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from apps.logistics.transfers import (
    Arrival,
    Vehicle,
    fitting_run,
    group_arrivals,
    lower_bound,
    peak_vehicles,
)

T0 = dt.datetime(2025, 11, 23, 8, tzinfo=dt.UTC)
CAR, VAN, BUS = Vehicle("car", 3), Vehicle("van", 8), Vehicle("bus", 20)
WINDOW, BUFFER = dt.timedelta(minutes=45), dt.timedelta(minutes=30)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_window_splits_runs_and_buffer_sets_the_pickup():
    arrivals = [
        Arrival(1, at(0), hotel_id=1),
        Arrival(2, at(40), hotel_id=1),
        Arrival(3, at(46), hotel_id=1),  # 46 minutes after the first: next run
        Arrival(4, at(10), hotel_id=2),
    ]

    runs = group_arrivals(arrivals, vehicles=[CAR, VAN], window=WINDOW, buffer=BUFFER)

    assert [(r.hotel_id, [p.person_id for p in r.passengers], r.pickup_at) for r in runs] == [
        (2, [4], at(40)),
        (1, [1, 2], at(70)),
        (1, [3], at(76)),
    ]
    assert [r.vehicle for r in runs] == [CAR, CAR, CAR]


def test_capacity_splits_a_crowd_and_picks_the_smallest_vehicle():
    arrivals = [Arrival(i, at(i), hotel_id=1) for i in range(11)]

    runs = group_arrivals(arrivals, vehicles=[CAR, VAN], window=WINDOW, buffer=BUFFER)

    assert [len(r.passengers) for r in runs] == [8, 3]
    assert [r.vehicle for r in runs] == [VAN, CAR]


def test_vips_ride_alone_in_the_vip_vehicle():
    limo = Vehicle("limousine", 2)
    arrivals = [Arrival(1, at(0), 1, vip=True), Arrival(2, at(1), 1), Arrival(3, at(2), 1)]

    runs = group_arrivals(arrivals, vehicles=[CAR], window=WINDOW, buffer=BUFFER, vip_vehicle=limo)

    vip_runs = [r for r in runs if r.vip]
    assert [(r.vehicle, [p.person_id for p in r.passengers]) for r in vip_runs] == [(limo, [1])]
    assert sorted(p.person_id for r in runs if not r.vip for p in r.passengers) == [2, 3]


def test_fitting_run_for_a_changed_flight():
    runs = group_arrivals(
        [Arrival(1, at(0), 1), Arrival(2, at(20), 1)], vehicles=[CAR], window=WINDOW, buffer=BUFFER
    )
    # Pick-up at 50: a flight now landing at 15 fits, one landing at 30 would leave too late.
    assert (
        fitting_run(Arrival(9, at(15), 1), runs, vehicles=[CAR], window=WINDOW, buffer=BUFFER) == 0
    )
    assert (
        fitting_run(Arrival(9, at(30), 1), runs, vehicles=[CAR], window=WINDOW, buffer=BUFFER)
        is None
    )
    assert (
        fitting_run(Arrival(9, at(15), 2), runs, vehicles=[CAR], window=WINDOW, buffer=BUFFER)
        is None
    )


def test_peak_vehicles_counts_overlapping_trips():
    runs = group_arrivals(
        [Arrival(1, at(0), 1), Arrival(2, at(0), 2), Arrival(3, at(200), 1)],
        vehicles=[CAR],
        window=WINDOW,
        buffer=BUFFER,
    )
    assert peak_vehicles(runs, trip=dt.timedelta(minutes=90)) == 2


arrival_lists = st.lists(
    st.tuples(st.integers(0, 4 * 24 * 60), st.integers(1, 4), st.booleans()),
    max_size=120,
)


@settings(max_examples=60, deadline=None)
@given(arrival_lists, st.sampled_from([[CAR], [CAR, VAN], [VAN, BUS]]))
def test_rules_always_hold(raw, fleet):
    arrivals = [
        Arrival(i, at(minute), hotel, vip=vip and i % 7 == 0)
        for i, (minute, hotel, vip) in enumerate(raw)
    ]

    runs = group_arrivals(arrivals, vehicles=fleet, window=WINDOW, buffer=BUFFER)

    carried = sorted(p.person_id for r in runs for p in r.passengers)
    assert carried == sorted(a.person_id for a in arrivals)
    for run in runs:
        assert len(run.passengers) <= run.vehicle.capacity
        assert run.last_landing - run.first_landing <= WINDOW
        assert run.pickup_at >= run.last_landing + BUFFER
        assert {p.hotel_id for p in run.passengers} == {run.hotel_id}
    largest = max(v.capacity for v in fleet)
    assert len(runs) >= lower_bound(arrivals, capacity=largest, window=WINDOW)
