"""Airport transfer runs: planned from the travel records by the pure grouping of
apps.logistics.transfers, adjusted by hand, and kept right when a flight changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.core.errors import ConflictError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import Delegate
from apps.delegations.selectors import focal_points_of
from apps.logistics.models import (
    Booking,
    Direction,
    LogisticsSettings,
    TransferRun,
    TransferSeat,
    TravelMode,
    TravelRecord,
)
from apps.logistics.permissions import can_manage_transfers
from apps.logistics.transfers import (
    Arrival,
    Run,
    Vehicle,
    fitting_departure_run,
    fitting_run,
    group_arrivals,
    group_departures,
)
from apps.notifications.services import notify

DEFAULT_BUFFER_MINUTES = 30
DEFAULT_MARGIN_MINUTES = 180
FLEET = [Vehicle("car", 3), Vehicle("van", 8), Vehicle("minibus", 20), Vehicle("coach", 50)]
VIP_VEHICLE = Vehicle("VIP car", 3)
WINDOW = dt.timedelta(minutes=60)
KIND_TRANSFER_CHANGED = "logistics.transfer_changed"


def _hotels_by_delegate(assembly: Assembly) -> dict[int, int]:
    """The hotel of each delegate's first booked night (one query)."""
    rows = (
        Booking.guests.through.objects.filter(booking__allocation__block__hotel__assembly=assembly)
        .order_by("booking__check_in")
        .values_list("delegate_id", "booking__allocation__block__hotel_id")
    )
    found: dict[int, int] = {}
    for delegate_id, hotel_id in rows:
        found.setdefault(delegate_id, hotel_id)
    return found


def timings(assembly_id: int) -> tuple[dt.timedelta, dt.timedelta]:
    """The assembly's arrival buffer and departure margin (its logistics settings, or the
    defaults)."""
    found = LogisticsSettings.objects.filter(assembly_id=assembly_id).first()
    buffer = found.arrival_buffer_minutes if found else DEFAULT_BUFFER_MINUTES
    margin = found.departure_margin_minutes if found else DEFAULT_MARGIN_MINUTES
    return dt.timedelta(minutes=buffer), dt.timedelta(minutes=margin)


def _moment(record: TravelRecord, direction: str) -> dt.datetime | None:
    """The flight time of the record's leg, None when that leg is not a flight."""
    if direction == Direction.ARRIVAL:
        return record.arrival_at if record.arrival_mode == TravelMode.FLIGHT else None
    return record.departure_at if record.departure_mode == TravelMode.FLIGHT else None


def _still_fits(
    run: TransferRun, record: TravelRecord | None, buffer: dt.timedelta, margin: dt.timedelta
) -> bool:
    """A passenger of a locked run stays on it while the run still waits for the landing
    (arrival) or leaves early enough for the flight (departure)."""
    if record is None:
        return False
    moment = _moment(record, run.direction)
    if moment is None:
        return False
    if run.direction == Direction.ARRIVAL:
        return run.pickup_at >= moment + buffer
    return run.pickup_at <= moment - margin


def _create_runs(assembly: Assembly, runs: list[Run], direction: str) -> None:
    created = TransferRun.objects.bulk_create(
        [
            TransferRun(
                assembly=assembly,
                hotel_id=run.hotel_id,
                vehicle=run.vehicle.kind,
                capacity=run.vehicle.capacity,
                pickup_at=run.pickup_at,
                vip=run.vip,
                direction=direction,
            )
            for run in runs
        ]
    )
    TransferSeat.objects.bulk_create(
        [
            TransferSeat(run=row, delegate_id=passenger.person_id, direction=direction)
            for row, run in zip(created, runs, strict=True)
            for passenger in run.passengers
        ]
    )


@transaction.atomic
def plan_transfers(*, assembly: Assembly, by: Any) -> int:
    """Plan the assembly's arrival and departure runs again (hotel: the first booked
    night's, else the hotel wish; heads of delegation ride as VIPs).

    Runs changed by hand are locked and kept with their passengers, except a passenger whose
    flight no longer fits the run (later landing, earlier departure): that one is planned
    again with the unlocked runs' passengers and the new travellers. Returns the runs made."""
    if not can_manage_transfers(by):
        raise PermissionDenied
    buffer, margin = timings(assembly.pk)
    kept = list(
        TransferRun.objects.select_for_update()
        .filter(assembly=assembly, locked=True)
        .prefetch_related("seats")
    )
    TransferRun.objects.filter(assembly=assembly, locked=False).delete()
    records = list(
        TravelRecord.objects.filter(delegate__delegation__assembly=assembly).select_related(
            "delegate"
        )
    )
    by_delegate = {record.delegate_id: record for record in records}
    seated: dict[str, set[int]] = {Direction.ARRIVAL: set(), Direction.DEPARTURE: set()}
    dropped = []
    for run in kept:
        for seat in run.seats.all():
            if _still_fits(run, by_delegate.get(seat.delegate_id), buffer, margin):
                seated[run.direction].add(seat.delegate_id)
            else:
                dropped.append(seat.pk)
    TransferSeat.objects.filter(pk__in=dropped).delete()
    hotels = _hotels_by_delegate(assembly)
    legs: dict[str, list[Arrival]] = {Direction.ARRIVAL: [], Direction.DEPARTURE: []}
    for record in records:
        hotel_id = hotels.get(record.delegate_id, record.hotel_wish_id)
        if hotel_id is None:
            continue
        vip = record.delegate.function == Delegate.Function.HEAD
        for direction, people in legs.items():
            moment = _moment(record, direction)
            if moment is not None and record.delegate_id not in seated[direction]:
                people.append(Arrival(record.delegate_id, moment, hotel_id, vip))
    arrival_runs = group_arrivals(
        legs[Direction.ARRIVAL],
        vehicles=FLEET,
        window=WINDOW,
        buffer=buffer,
        vip_vehicle=VIP_VEHICLE,
    )
    departure_runs = group_departures(
        legs[Direction.DEPARTURE],
        vehicles=FLEET,
        window=WINDOW,
        margin=margin,
        vip_vehicle=VIP_VEHICLE,
    )
    _create_runs(assembly, arrival_runs, Direction.ARRIVAL)
    _create_runs(assembly, departure_runs, Direction.DEPARTURE)
    TravelRecord.objects.filter(pk__in=[record.pk for record in records]).update(
        transfer_flagged=False
    )
    log_action(
        assembly,
        "logistics.transfers.planned",
        by=by,
        arrival_runs=len(arrival_runs),
        departure_runs=len(departure_runs),
        kept_runs=len(kept),
        replanned_from_locked=len(dropped),
    )
    return len(arrival_runs) + len(departure_runs)


def _dispatchers() -> list[Any]:
    perm = Permission.objects.filter(
        content_type__app_label="logistics", codename="change_transferrun"
    ).first()
    if perm is None:
        return []
    return list(
        get_user_model()
        .objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm), is_active=True)
        .distinct()
    )


def reassign_after_flight_change(
    *, record: TravelRecord, by: Any, direction: str = Direction.ARRIVAL
) -> TransferRun | None:
    """The delegate's arrival (or departure) moved: keep the seat if its run still fits,
    else move it to a fitting run of the same hotel and direction, else take it away and
    flag the record. The delegation's focal points and the dispatchers are told. Returns the
    run the delegate is now on."""
    seat = (
        TransferSeat.objects.select_for_update(of=("self",))
        .select_related("run")
        .filter(delegate_id=record.delegate_id, direction=direction)
        .first()
    )
    moment = _moment(record, direction)
    if seat is None or moment is None:
        return None
    buffer, margin = timings(seat.run.assembly_id)
    moved = Arrival(record.delegate_id, moment, seat.run.hotel_id)
    candidates = (
        TransferRun.objects.filter(hotel_id=seat.run.hotel_id, vip=False, direction=direction)
        .select_for_update(of=("self",))
        .prefetch_related("seats__delegate__travel")
        .order_by("pickup_at", "pk")
    )
    # The current run first: a delegate keeps a seat that still fits.
    ordered = sorted(candidates, key=lambda run: run.pk != seat.run_id)
    chosen = None
    for run in ordered:
        passengers = []
        for other in run.seats.all():
            travel = getattr(other.delegate, "travel", None)
            when = _moment(travel, direction) if travel is not None else None
            if other.delegate_id != record.delegate_id and when is not None:
                passengers.append(Arrival(other.delegate_id, when, run.hotel_id))
        plain = Run(
            hotel_id=run.hotel_id,
            vehicle=Vehicle(run.vehicle, run.capacity),
            pickup_at=run.pickup_at,
            passengers=passengers,
        )
        if direction == Direction.ARRIVAL:
            index = fitting_run(
                moved, [plain], vehicles=[plain.vehicle], window=WINDOW, buffer=buffer
            )
        else:
            index = fitting_departure_run(moved, [plain], window=WINDOW, margin=margin)
        if index == 0:
            chosen = run
            break
    previous = seat.run
    if chosen is None:
        seat.delete()
        record.transfer_flagged = True
    else:
        if chosen.pk != seat.run_id:
            seat.run = chosen
            seat.save(update_fields=["run"])
        record.transfer_flagged = False
    record.save(update_fields=["transfer_flagged", "updated_at"])
    log_action(
        record,
        "logistics.transfer.reassigned" if chosen else "logistics.transfer.flagged",
        by=by,
        previous_run=previous.pk,
        run=chosen.pk if chosen else None,
    )
    if chosen is None or chosen.pk != previous.pk:
        delegate = record.delegate
        notify(
            kind=KIND_TRANSFER_CHANGED,
            subject=record,
            recipients=[*focal_points_of(delegate.delegation), *_dispatchers()],
            context={
                "person": str(delegate),
                "pickup_at": chosen.pickup_at.isoformat() if chosen else "",
                "hotel": chosen.hotel.name if chosen else "",
                "fits": chosen is not None,
                "direction": direction,
            },
        )
    return chosen


@transaction.atomic
def move_transfer_seat(*, seat: TransferSeat, run: TransferRun, by: Any) -> TransferSeat:
    """An organiser's manual adjustment: never over the run's seats."""
    if not can_manage_transfers(by):
        raise PermissionDenied
    run = TransferRun.objects.select_for_update().get(pk=run.pk)
    if run.direction != seat.direction:
        raise ConflictError(
            _("An arrival seat moves to an arrival run, a departure seat to a departure run.")
        )
    if run.seats.exclude(pk=seat.pk).count() >= run.capacity:
        raise ConflictError(_("This run has no seat left."))
    previous = seat.run_id
    seat.run = run
    seat.save(update_fields=["run"])
    # Both runs were changed by hand: planning again keeps them.
    TransferRun.objects.filter(pk__in=[previous, run.pk]).update(locked=True)
    log_action(seat.delegate, "logistics.transfer.moved", by=by, run=run.pk)
    return seat


@transaction.atomic
def update_transfer_run(*, run: TransferRun, by: Any, **fields: Any) -> TransferRun:
    if not can_manage_transfers(by):
        raise PermissionDenied
    allowed = {"vehicle", "capacity", "pickup_at", "driver_name", "driver_phone"}
    for name, value in fields.items():
        if name in allowed:
            setattr(run, name, value)
    # Changed by hand, the run is kept by the next planning, unless unlocked explicitly.
    run.locked = bool(fields.get("locked", True))
    run.full_clean()
    if run.seats.count() > run.capacity:
        raise ConflictError(_("More passengers than seats: move some first."))
    run.save()
    log_action(run, "logistics.transfer.updated", by=by, fields=sorted(fields))
    return run


@transaction.atomic
def set_transfer_timings(
    *, assembly: Assembly, by: Any, arrival_buffer_minutes: int, departure_margin_minutes: int
) -> LogisticsSettings:
    """The arrival buffer and the departure (check-in) margin the next planning uses."""
    if not can_manage_transfers(by):
        raise PermissionDenied
    found, _created = LogisticsSettings.objects.get_or_create(assembly=assembly)
    found.arrival_buffer_minutes = arrival_buffer_minutes
    found.departure_margin_minutes = departure_margin_minutes
    found.full_clean()
    found.save()
    log_action(
        found,
        "logistics.settings.updated",
        by=by,
        arrival_buffer_minutes=arrival_buffer_minutes,
        departure_margin_minutes=departure_margin_minutes,
    )
    return found
