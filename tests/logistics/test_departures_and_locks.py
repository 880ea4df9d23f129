"""Departure runs (hotel to airport, leaving the check-in margin before the earliest flight)
and re-planning that keeps the runs changed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.core.errors import ConflictError
from apps.logistics import services
from apps.logistics.models import TransferRun, TransferSeat, TravelRecord
from apps.logistics.transfers import (
    Arrival,
    Vehicle,
    fitting_departure_run,
    group_departures,
)
from tests.factories import DelegateFactory

FLIGHT = dt.datetime(2025, 11, 28, 14, 0, tzinfo=dt.UTC)
LANDING = dt.datetime(2025, 11, 23, 10, 0, tzinfo=dt.UTC)
CAR, VAN = Vehicle("car", 3), Vehicle("van", 8)
WINDOW, MARGIN = dt.timedelta(minutes=60), dt.timedelta(minutes=180)


def at(minutes: int) -> dt.datetime:
    return FLIGHT + dt.timedelta(minutes=minutes)


def test_departures_leave_early_enough_never_over_capacity_within_the_window():
    people = [Arrival(i, at(i * 7), hotel_id=1 + i % 2) for i in range(40)]
    runs = group_departures(people, vehicles=[CAR, VAN], window=WINDOW, margin=MARGIN)

    assert sorted(p.person_id for run in runs for p in run.passengers) == list(range(40))
    for run in runs:
        assert len(run.passengers) <= run.vehicle.capacity
        assert run.last_landing - run.first_landing <= WINDOW
        assert {p.hotel_id for p in run.passengers} == {run.hotel_id}
        # Everyone is dropped early enough: the run leaves the margin before every flight.
        assert all(run.pickup_at <= p.lands_at - MARGIN for p in run.passengers)
        assert run.pickup_at == run.first_landing - MARGIN


def test_vip_departures_ride_alone():
    limo = Vehicle("VIP car", 3)
    people = [Arrival(1, at(0), 1, vip=True), Arrival(2, at(5), 1)]
    runs = group_departures(people, vehicles=[CAR], window=WINDOW, margin=MARGIN, vip_vehicle=limo)
    vip = [run for run in runs if run.vip]
    assert [p.person_id for p in vip[0].passengers] == [1]
    assert vip[0].vehicle == limo
    assert vip[0].pickup_at == at(0) - MARGIN


def test_a_moved_departure_fits_only_a_run_leaving_early_enough():
    runs = group_departures(
        [Arrival(1, at(0), 1), Arrival(2, at(20), 1)], vehicles=[CAR], window=WINDOW, margin=MARGIN
    )
    # A later flight in the window: the run leaves even earlier than needed, it fits.
    assert fitting_departure_run(Arrival(9, at(30), 1), runs, window=WINDOW, margin=MARGIN) == 0
    # An earlier flight: the run would leave too late for it.
    assert fitting_departure_run(Arrival(9, at(-10), 1), runs, window=WINDOW, margin=MARGIN) is None
    # Another hotel, or outside the window: no.
    assert fitting_departure_run(Arrival(9, at(30), 2), runs, window=WINDOW, margin=MARGIN) is None
    assert fitting_departure_run(Arrival(9, at(90), 1), runs, window=WINDOW, margin=MARGIN) is None


def _travel(delegate, by, hotel, *, arrive: int | None = 0, leave: int | None = 0):
    fields = {"hotel_wish": hotel}
    if arrive is not None:
        fields |= {
            "arrival_mode": "flight",
            "arrival_flight": "AT801",
            "arrival_airport": "RAK",
            "arrival_at": LANDING + dt.timedelta(minutes=arrive),
        }
    else:
        fields |= {"arrival_mode": "other"}
    if leave is not None:
        fields |= {
            "departure_mode": "flight",
            "departure_flight": "AT800",
            "departure_airport": "RAK",
            "departure_at": FLIGHT + dt.timedelta(minutes=leave),
        }
    else:
        fields |= {"departure_mode": "other"}
    return services.save_travel_record(delegate=delegate, by=by, **fields)


@pytest.mark.django_db
def test_planning_makes_departure_runs_with_the_assemblys_margin(
    assembly, delegation, focal_point, organiser, hotel
):
    head = DelegateFactory(delegation=delegation, function="head")
    people = [DelegateFactory(delegation=delegation) for _ in range(3)]
    _travel(head, focal_point, hotel, leave=0)
    for i, delegate in enumerate(people):
        _travel(delegate, focal_point, hotel, leave=i * 15)
    services.set_transfer_timings(
        assembly=assembly, by=organiser, arrival_buffer_minutes=20, departure_margin_minutes=240
    )

    services.plan_transfers(assembly=assembly, by=organiser)

    departures = TransferRun.objects.filter(direction="departure")
    shared = departures.get(vip=False)
    assert shared.pickup_at == FLIGHT - dt.timedelta(minutes=240)
    assert shared.seats.count() == 3
    assert shared.capacity >= 3
    vip = departures.get(vip=True)
    assert list(vip.seats.values_list("delegate_id", flat=True)) == [head.pk]
    # Arrivals (all at LANDING) leave the 20-minute buffer after landing.
    arrivals = TransferRun.objects.filter(direction="arrival", vip=False).get()
    assert arrivals.pickup_at == LANDING + dt.timedelta(minutes=20)
    # Each delegate has one seat each way.
    assert TransferSeat.objects.filter(delegate=people[0]).count() == 2


@pytest.mark.django_db
def test_a_margin_outside_its_bounds_is_refused(assembly, organiser):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.set_transfer_timings(
            assembly=assembly, by=organiser, arrival_buffer_minutes=30, departure_margin_minutes=5
        )
    assert "departure_margin_minutes" in caught.value.message_dict


@pytest.mark.django_db
def test_an_earlier_departure_flight_leaves_its_run_and_is_flagged(
    assembly, delegation, focal_point, organiser, hotel
):
    people = [DelegateFactory(delegation=delegation) for _ in range(2)]
    for delegate in people:
        _travel(delegate, focal_point, hotel, arrive=None, leave=0)
    services.plan_transfers(assembly=assembly, by=organiser)
    run = TransferSeat.objects.get(delegate=people[0], direction="departure").run

    # Ten minutes later: the run leaves earlier than needed, the seat stays.
    _travel(people[0], focal_point, hotel, arrive=None, leave=10)
    assert TransferSeat.objects.get(delegate=people[0], direction="departure").run == run
    # Two hours earlier: the run would leave too late; no other run fits.
    _travel(people[0], focal_point, hotel, arrive=None, leave=-120)
    assert not TransferSeat.objects.filter(delegate=people[0], direction="departure").exists()
    assert TravelRecord.objects.get(delegate=people[0]).transfer_flagged


@pytest.mark.django_db
def test_replanning_keeps_runs_changed_by_hand_and_regroups_the_rest(
    assembly, delegation, focal_point, organiser, hotel
):
    early = [DelegateFactory(delegation=delegation) for _ in range(2)]
    late = [DelegateFactory(delegation=delegation) for _ in range(2)]
    for delegate in early:
        _travel(delegate, focal_point, hotel, arrive=0, leave=None)
    for delegate in late:
        _travel(delegate, focal_point, hotel, arrive=300, leave=None)
    services.plan_transfers(assembly=assembly, by=organiser)
    kept = TransferSeat.objects.get(delegate=early[0]).run
    other = TransferSeat.objects.get(delegate=late[0]).run
    services.update_transfer_run(
        run=kept, by=organiser, driver_name="Youssef", driver_phone="+212600000001"
    )
    kept.refresh_from_db()
    assert kept.locked

    newcomer = DelegateFactory(delegation=delegation)
    _travel(newcomer, focal_point, hotel, arrive=10, leave=None)
    services.plan_transfers(assembly=assembly, by=organiser)

    kept.refresh_from_db()
    assert kept.driver_name == "Youssef"
    assert set(kept.seats.values_list("delegate_id", flat=True)) == {d.pk for d in early}
    # The unlocked run was planned again (a new row); the newcomer gets a run of its own
    # rather than a seat in the locked one.
    assert not TransferRun.objects.filter(pk=other.pk).exists()
    assert TransferSeat.objects.get(delegate=late[0]).run.locked is False
    assert TransferSeat.objects.get(delegate=newcomer).run != kept


@pytest.mark.django_db
def test_a_passenger_whose_flight_no_longer_fits_a_locked_run_is_planned_again(
    assembly, delegation, focal_point, organiser, hotel
):
    people = [DelegateFactory(delegation=delegation) for _ in range(2)]
    for delegate in people:
        _travel(delegate, focal_point, hotel, arrive=0, leave=None)
    services.plan_transfers(assembly=assembly, by=organiser)
    run = TransferSeat.objects.get(delegate=people[0]).run
    services.update_transfer_run(run=run, by=organiser, vehicle="van")
    # Changed behind the planner's back (an import): lands long after the locked run left.
    TravelRecord.objects.filter(delegate=people[0]).update(
        arrival_at=LANDING + dt.timedelta(hours=5)
    )

    services.plan_transfers(assembly=assembly, by=organiser)

    assert list(run.seats.values_list("delegate_id", flat=True)) == [people[1].pk]
    moved = TransferSeat.objects.get(delegate=people[0]).run
    assert moved.pk != run.pk
    assert moved.pickup_at >= LANDING + dt.timedelta(hours=5, minutes=30)


@pytest.mark.django_db
def test_moving_a_seat_by_hand_locks_both_runs_and_keeps_directions_apart(
    assembly, delegation, focal_point, organiser, hotel
):
    people = [DelegateFactory(delegation=delegation) for _ in range(2)]
    _travel(people[0], focal_point, hotel, arrive=0, leave=0)
    _travel(people[1], focal_point, hotel, arrive=300, leave=None)
    services.plan_transfers(assembly=assembly, by=organiser)
    seat = TransferSeat.objects.get(delegate=people[0], direction="arrival")
    source = seat.run
    target = TransferSeat.objects.get(delegate=people[1]).run

    services.move_transfer_seat(seat=seat, run=target, by=organiser)

    assert TransferRun.objects.get(pk=source.pk).locked
    assert TransferRun.objects.get(pk=target.pk).locked
    departure = TransferSeat.objects.get(delegate=people[0], direction="departure")
    with pytest.raises(ConflictError):
        services.move_transfer_seat(seat=departure, run=target, by=organiser)
    assert TransferSeat.objects.get(pk=departure.pk).run.direction == "departure"


@pytest.mark.django_db
def test_unlocking_a_run_lets_planning_regroup_it(
    assembly, delegation, focal_point, organiser, hotel
):
    person = DelegateFactory(delegation=delegation)
    _travel(person, focal_point, hotel, arrive=0, leave=None)
    services.plan_transfers(assembly=assembly, by=organiser)
    run = TransferSeat.objects.get(delegate=person).run
    services.update_transfer_run(run=run, by=organiser, driver_name="Amal")
    services.update_transfer_run(run=run, by=organiser, locked=False)

    services.plan_transfers(assembly=assembly, by=organiser)

    assert not TransferRun.objects.filter(pk=run.pk).exists()
    assert TransferSeat.objects.filter(delegate=person).count() == 1
