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
from apps.logistics.models import Booking, TransferRun, TransferSeat, TravelMode, TravelRecord
from apps.logistics.permissions import can_manage_transfers
from apps.logistics.transfers import Arrival, Run, Vehicle, fitting_run, group_arrivals
from apps.notifications.services import notify

FLEET = [Vehicle("car", 3), Vehicle("van", 8), Vehicle("minibus", 20), Vehicle("coach", 50)]
VIP_VEHICLE = Vehicle("VIP car", 3)
WINDOW = dt.timedelta(minutes=60)
BUFFER = dt.timedelta(minutes=30)
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


@transaction.atomic
def plan_arrival_transfers(*, assembly: Assembly, by: Any) -> int:
    """Replace the assembly's runs by a fresh plan of every flight arrival (hotel: the first
    booked night's, else the hotel wish); heads of delegation ride as VIPs. Returns the runs."""
    if not can_manage_transfers(by):
        raise PermissionDenied
    TransferRun.objects.filter(assembly=assembly).delete()
    hotels = _hotels_by_delegate(assembly)
    records = TravelRecord.objects.filter(
        delegate__delegation__assembly=assembly,
        arrival_mode=TravelMode.FLIGHT,
        arrival_at__isnull=False,
    ).select_related("delegate")
    arrivals = []
    for record in records:
        hotel_id = hotels.get(record.delegate_id, record.hotel_wish_id)
        if hotel_id is None or record.arrival_at is None:
            continue
        arrivals.append(
            Arrival(
                person_id=record.delegate_id,
                lands_at=record.arrival_at,
                hotel_id=hotel_id,
                vip=record.delegate.function == Delegate.Function.HEAD,
            )
        )
    runs = group_arrivals(
        arrivals, vehicles=FLEET, window=WINDOW, buffer=BUFFER, vip_vehicle=VIP_VEHICLE
    )
    created = TransferRun.objects.bulk_create(
        [
            TransferRun(
                assembly=assembly,
                hotel_id=run.hotel_id,
                vehicle=run.vehicle.kind,
                capacity=run.vehicle.capacity,
                pickup_at=run.pickup_at,
                vip=run.vip,
            )
            for run in runs
        ]
    )
    TransferSeat.objects.bulk_create(
        [
            TransferSeat(run=row, delegate_id=passenger.person_id)
            for row, run in zip(created, runs, strict=True)
            for passenger in run.passengers
        ]
    )
    records.update(transfer_flagged=False)
    log_action(
        assembly, "logistics.transfers.planned", by=by, runs=len(runs), passengers=len(arrivals)
    )
    return len(runs)


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


def reassign_after_flight_change(*, record: TravelRecord, by: Any) -> TransferRun | None:
    """The delegate's arrival moved: keep the seat if its run still fits, else move it to a
    fitting run of the same hotel, else take it away and flag the record. The delegation's
    focal points and the dispatchers are told. Returns the run the delegate is now on."""
    seat = (
        TransferSeat.objects.select_for_update(of=("self",))
        .select_related("run")
        .filter(delegate_id=record.delegate_id)
        .first()
    )
    if seat is None or record.arrival_at is None:
        return None
    arrival = Arrival(record.delegate_id, record.arrival_at, seat.run.hotel_id)
    candidates = (
        TransferRun.objects.filter(hotel_id=seat.run.hotel_id, vip=False)
        .select_for_update(of=("self",))
        .prefetch_related("seats__delegate__travel")
        .order_by("pickup_at", "pk")
    )
    # The current run first: a delegate keeps a seat that still fits.
    ordered = sorted(candidates, key=lambda run: run.pk != seat.run_id)
    chosen = None
    for run in ordered:
        passengers = [
            Arrival(other.delegate_id, other.delegate.travel.arrival_at, run.hotel_id)
            for other in run.seats.all()
            if other.delegate_id != record.delegate_id
            and hasattr(other.delegate, "travel")
            and other.delegate.travel.arrival_at is not None
        ]
        plain = Run(
            hotel_id=run.hotel_id,
            vehicle=Vehicle(run.vehicle, run.capacity),
            pickup_at=run.pickup_at,
            passengers=passengers,
        )
        if (
            fitting_run(arrival, [plain], vehicles=[plain.vehicle], window=WINDOW, buffer=BUFFER)
            == 0
        ):
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
            },
        )
    return chosen


@transaction.atomic
def move_transfer_seat(*, seat: TransferSeat, run: TransferRun, by: Any) -> TransferSeat:
    """An organiser's manual adjustment: never over the run's seats."""
    if not can_manage_transfers(by):
        raise PermissionDenied
    run = TransferRun.objects.select_for_update().get(pk=run.pk)
    if run.seats.exclude(pk=seat.pk).count() >= run.capacity:
        raise ConflictError(_("This run has no seat left."))
    seat.run = run
    seat.save(update_fields=["run"])
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
    run.full_clean()
    if run.seats.count() > run.capacity:
        raise ConflictError(_("More passengers than seats: move some first."))
    run.save()
    log_action(run, "logistics.transfer.updated", by=by, fields=sorted(fields))
    return run
