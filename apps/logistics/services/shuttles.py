"""Daily shuttles between the hotels and the venue, generated from the agenda: to the venue
before each day's first session, back after its last, one per hotel with booked delegates,
with seats for every one of them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.agenda.selectors import visible_sessions
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.logistics.models import Booking, Hotel, Shuttle
from apps.logistics.permissions import can_manage_transfers
from apps.logistics.services.transfers import FLEET

# At the venue this long before the first session; leaving this long after the last ends.
BEFORE_FIRST = dt.timedelta(minutes=15)
AFTER_LAST = dt.timedelta(minutes=15)


def vehicles_for(passengers: int) -> tuple[int, int]:
    """(vehicles, seats) that carry `passengers` in one trip: full large vehicles, then the
    smallest vehicle that seats the rest."""
    fleet = sorted(vehicle.capacity for vehicle in FLEET)
    largest = fleet[-1]
    full, rest = divmod(passengers, largest)
    seats = full * largest
    vehicles = full
    if rest:
        seats += next(capacity for capacity in fleet if capacity >= rest)
        vehicles += 1
    return vehicles, seats


def session_days(assembly: Assembly) -> dict[dt.date, tuple[dt.datetime, dt.datetime]]:
    """Per local day of the public programme: (first start, last end), UTC."""
    rows = (
        visible_sessions(AnonymousUser(), assembly=assembly)
        .filter(cancelled=False)
        .values_list("starts_at", "ends_at")
    )
    days: dict[dt.date, tuple[dt.datetime, dt.datetime]] = {}
    for starts_at, ends_at in rows:
        day = starts_at.astimezone(assembly.tz).date()
        first, last = days.get(day, (starts_at, ends_at))
        days[day] = (min(first, starts_at), max(last, ends_at))
    return days


def _staying(assembly: Assembly) -> dict[int, list[tuple[int, dt.date, dt.date]]]:
    """Per hotel: (delegate, check-in, check-out) of every booked guest (one query)."""
    rows = Booking.guests.through.objects.filter(
        booking__allocation__block__hotel__assembly=assembly
    ).values_list(
        "booking__allocation__block__hotel_id",
        "delegate_id",
        "booking__check_in",
        "booking__check_out",
    )
    found: dict[int, list[tuple[int, dt.date, dt.date]]] = defaultdict(list)
    for hotel_id, delegate_id, check_in, check_out in rows:
        found[hotel_id].append((delegate_id, check_in, check_out))
    return found


@transaction.atomic
def plan_shuttles(*, assembly: Assembly, by: Any) -> int:
    """Replace the assembly's shuttles by the ones today's agenda and bookings need. A
    delegate rides on day D when staying at the hotel that day (check-in on or before D,
    check-out on or after D). Returns the shuttles made."""
    if not can_manage_transfers(by):
        raise PermissionDenied
    Shuttle.objects.filter(assembly=assembly).delete()
    days = session_days(assembly)
    staying = _staying(assembly)
    hotels = Hotel.objects.filter(assembly=assembly, pk__in=list(staying))
    shuttles = []
    for hotel in hotels:
        for day, (first, last) in sorted(days.items()):
            riders = {
                delegate_id
                for delegate_id, check_in, check_out in staying[hotel.pk]
                if check_in <= day <= check_out
            }
            if not riders:
                continue
            vehicles, seats = vehicles_for(len(riders))
            drive = dt.timedelta(minutes=hotel.shuttle_minutes)
            for way, leaves_at in (
                (Shuttle.Way.TO_VENUE, first - BEFORE_FIRST - drive),
                (Shuttle.Way.FROM_VENUE, last + AFTER_LAST),
            ):
                shuttles.append(
                    Shuttle(
                        assembly=assembly,
                        hotel=hotel,
                        day=day,
                        way=way,
                        leaves_at=leaves_at,
                        passengers=len(riders),
                        vehicles=vehicles,
                        capacity=seats,
                    )
                )
    Shuttle.objects.bulk_create(shuttles)
    log_action(assembly, "logistics.shuttles.planned", by=by, shuttles=len(shuttles))
    return len(shuttles)


__all__ = ["plan_shuttles", "session_days", "vehicles_for"]
