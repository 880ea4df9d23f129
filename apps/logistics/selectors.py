"""Reads of travel and accommodation, scoped to the asking user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

from apps.core.models import Assembly
from apps.delegations.models import Delegate, Delegation
from apps.delegations.selectors import delegates_for_user
from apps.logistics.models import (
    Allocation,
    Booking,
    Hotel,
    RoomBlock,
    Shuttle,
    TransferRun,
    TransferSeat,
    TravelRecord,
    VisaLetter,
)
from apps.logistics.permissions import (
    can_view_all_bookings,
    can_view_all_travel,
    can_view_all_visa_letters,
)


def travel_records_for_user(user, *, assembly: Assembly) -> QuerySet[TravelRecord]:
    """Organisers see every record of the assembly; a focal point its delegation's."""
    qs = TravelRecord.objects.filter(delegate__delegation__assembly=assembly).select_related(
        "delegate__delegation__country", "delegate__delegation__organisation", "hotel_wish"
    )
    if can_view_all_travel(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(delegate__delegation__focal_points=user)


def delegates_with_travel(delegation: Delegation) -> QuerySet[Delegate]:
    """The delegation's delegates, each with its travel record (or none) in the same query."""
    return delegation.delegates.select_related("travel__hotel_wish", "visa_letter").order_by(
        "family_name", "given_names", "pk"
    )


def travel_delegate_for_user(user, *, assembly: Assembly) -> QuerySet[Delegate]:
    """Delegates whose travel the user may open (scoped like delegates)."""
    return delegates_for_user(user, assembly=assembly).select_related("travel")


def hotels_of(assembly: Assembly) -> QuerySet[Hotel]:
    return Hotel.objects.filter(assembly=assembly).order_by("name")


def allocations_of(delegation: Delegation) -> QuerySet[Allocation]:
    """The delegation's allocations with their block, hotel and bookings (guests included)."""
    return (
        Allocation.objects.filter(delegation=delegation)
        .select_related("block__hotel")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.order_by("check_in", "pk").prefetch_related(
                    Prefetch("guests", queryset=Delegate.objects.order_by("family_name", "pk"))
                ),
            )
        )
        .order_by("block__hotel__name", "block__room_type", "pk")
    )


def bookings_for_delegation(delegation: Delegation) -> QuerySet[Booking]:
    return Booking.objects.filter(allocation__delegation=delegation)


NIGHT = "allocation__block__room_nights__night"


@dataclass
class HotelOccupancy:
    hotel: Hotel
    # night -> (rooms booked, rooms held)
    nights: dict[dt.date, tuple[int, int]] = field(default_factory=dict)


def occupancy(assembly: Assembly) -> tuple[list[dt.date], list[HotelOccupancy]]:
    """Rooms booked and held per hotel per night, in three queries whatever the size."""
    hotels = {hotel.pk: HotelOccupancy(hotel=hotel) for hotel in hotels_of(assembly)}
    held = (
        RoomBlock.objects.filter(hotel__assembly=assembly)
        .values("hotel_id", "room_nights__night")
        .annotate(rooms=Sum("rooms_per_night"))
    )
    nights: set[dt.date] = set()
    for row in held:
        night = row["room_nights__night"]
        if night is None:
            continue
        nights.add(night)
        hotels[row["hotel_id"]].nights[night] = (0, row["rooms"])
    booked = (
        Booking.objects.filter(allocation__block__hotel__assembly=assembly)
        .values("allocation__block__hotel_id", NIGHT)
        .annotate(
            rooms=Count(
                "pk",
                filter=Q(check_in__lte=F(NIGHT)) & Q(check_out__gt=F(NIGHT)),
            )
        )
    )
    for row in booked:
        night = row[NIGHT]
        entry = hotels[row["allocation__block__hotel_id"]]
        if night in entry.nights:
            done, total = entry.nights[night]
            entry.nights[night] = (done + row["rooms"], total)
    return sorted(nights), list(hotels.values())


@dataclass
class RoomingRow:
    guests: list[Delegate]
    delegation: Delegation
    room_type: str
    check_in: dt.date
    check_out: dt.date
    needs: str


def rooming_list(hotel: Hotel) -> list[RoomingRow]:
    """One row per booked room at the hotel, in a constant number of queries."""
    bookings = (
        Booking.objects.filter(allocation__block__hotel=hotel)
        .select_related(
            "allocation__block",
            "allocation__delegation__country",
            "allocation__delegation__organisation",
        )
        .prefetch_related(
            Prefetch(
                "guests",
                queryset=Delegate.objects.select_related("travel").order_by("family_name", "pk"),
            )
        )
        .order_by("allocation__delegation_id", "check_in", "pk")
    )
    return [
        RoomingRow(
            guests=list(booking.guests.all()),
            delegation=booking.allocation.delegation,
            room_type=str(booking.allocation.block.get_room_type_display()),
            check_in=booking.check_in,
            check_out=booking.check_out,
            needs="; ".join(
                guest.travel.needs
                for guest in booking.guests.all()
                if hasattr(guest, "travel") and guest.travel.needs
            ),
        )
        for booking in bookings
    ]


def visa_letters_for_user(user, *, assembly: Assembly) -> QuerySet[VisaLetter]:
    """Organisers see every letter of the assembly; a focal point its delegation's."""
    qs = VisaLetter.objects.filter(delegate__delegation__assembly=assembly).select_related(
        "delegate__travel",
        "delegate__delegation__country",
        "delegate__delegation__organisation",
        "delegate__delegation__assembly",
    )
    if can_view_all_visa_letters(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(delegate__delegation__focal_points=user)


def _runs_with_passengers(qs: QuerySet[TransferRun]) -> QuerySet[TransferRun]:
    return (
        qs.select_related("hotel")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=TransferSeat.objects.select_related(
                    "delegate__travel",
                    "delegate__delegation__country",
                    "delegate__delegation__organisation",
                ).order_by("delegate__family_name", "pk"),
            )
        )
        .order_by("pickup_at", "pk")
    )


def transfer_runs_on(assembly: Assembly, day: dt.date) -> list[TransferRun]:
    """The runs picking up on `day` (in the assembly's zone), passengers and phones included,
    in a constant number of queries."""
    start, end = _local_day(assembly, day)
    return list(
        _runs_with_passengers(
            TransferRun.objects.filter(assembly=assembly, pickup_at__gte=start, pickup_at__lt=end)
        )
    )


def _local_day(assembly: Assembly, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = assembly.tz
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return start, end


def driver_runs(assembly: Assembly, phone: str, *, since: dt.datetime) -> list[TransferRun]:
    """The runs of the driver with this phone number from `since` on (a driver's own view),
    passengers included, in a constant number of queries."""
    return list(
        _runs_with_passengers(
            TransferRun.objects.filter(assembly=assembly, driver_phone=phone, pickup_at__gte=since)
        )
    )


def drivers_on(runs: list[TransferRun]) -> list[tuple[str, str]]:
    """(name, phone) of each driver of `runs`, once, in the runs' order."""
    seen: dict[str, str] = {}
    for run in runs:
        if run.driver_phone and run.driver_phone not in seen:
            seen[run.driver_phone] = run.driver_name
    return [(name, phone) for phone, name in seen.items()]


def shuttles_on(assembly: Assembly, day: dt.date) -> QuerySet[Shuttle]:
    return (
        Shuttle.objects.filter(assembly=assembly, day=day)
        .select_related("hotel")
        .order_by("leaves_at", "hotel__name", "pk")
    )


def shuttles_for_delegation(delegation: Delegation) -> QuerySet[Shuttle]:
    """The shuttles of the hotels where the delegation has bookings, on the days one of its
    guests stays there."""
    stays = Booking.objects.filter(allocation__delegation=delegation)
    hotel_ids = stays.values("allocation__block__hotel_id")
    return (
        Shuttle.objects.filter(assembly_id=delegation.assembly_id, hotel_id__in=hotel_ids)
        .filter(
            day__gte=stays.order_by("check_in").values("check_in")[:1],
            day__lte=stays.order_by("-check_out").values("check_out")[:1],
        )
        .select_related("hotel")
        .order_by("day", "leaves_at", "hotel__name", "pk")
    )


def bookings_for_user(user, *, assembly: Assembly) -> QuerySet[Booking]:
    """Organisers who view bookings see the assembly's; a focal point its delegation's."""
    qs = (
        Booking.objects.filter(allocation__block__hotel__assembly=assembly)
        .select_related("allocation__block__hotel")
        .prefetch_related(Prefetch("guests", queryset=Delegate.objects.order_by("pk")))
    )
    if can_view_all_bookings(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(allocation__delegation__focal_points=user)


def transfer_runs_with_counts(assembly: Assembly) -> QuerySet[TransferRun]:
    """The assembly's runs with their passenger count (organisers' read of occupancy)."""
    return (
        TransferRun.objects.filter(assembly=assembly)
        .select_related("hotel")
        .annotate(passenger_count=Count("seats"))
        .order_by("pickup_at", "pk")
    )
