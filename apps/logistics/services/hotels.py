"""Hotels, room blocks, allocations to delegations and bookings.

A block is never overbooked on any night: a booking locks the block's rows of the nights it
covers (RoomNight, in night order, so two bookings never wait on each other crosswise), then
counts what is already booked on each of those nights, for the block and for the delegation's
allocation. Two concurrent bookings of the same night are thus counted one after the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ConflictError
from apps.core.i18n import listing
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import Delegate
from apps.delegations.selectors import focal_points_of
from apps.logistics.models import Allocation, Booking, Hotel, RoomBlock, RoomNight
from apps.logistics.permissions import can_book_rooms, can_manage_hotels
from apps.notifications.services import sync_reminders

HOTEL_FIELDS = {"name", "address", "distance_km", "shuttle_minutes", "contact", "language"}
BLOCK_FIELDS = {
    "room_type",
    "occupancy",
    "rooms_per_night",
    "first_night",
    "last_night",
    "rate",
    "currency",
    "release_date",
}
KIND_BLOCK_RELEASE = "logistics.block_release"
RELEASE_LEAD = dt.timedelta(days=7)


def _check_organiser(by: Any) -> None:
    if by is not None and not can_manage_hotels(by):
        raise PermissionDenied


def _set(obj: Any, allowed: set[str], fields: dict[str, Any]) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


def night_label(night: dt.date) -> str:
    """'the night of Monday 24 November 2025' in the active language."""
    return _("the night of %(date)s") % {"date": formats.date_format(night, "l j F Y")}


# Hotels -----------------------------------------------------------------------------------------


@transaction.atomic
def save_hotel(
    *, hotel: Hotel | None = None, assembly: Assembly | None = None, by: Any, **fields: Any
) -> Hotel:
    _check_organiser(by)
    creating = hotel is None
    if hotel is None:
        if assembly is None:
            raise ApplicationError(_("A hotel belongs to an assembly."))
        hotel = Hotel(assembly=assembly)
    changed = _set(hotel, HOTEL_FIELDS, fields)
    hotel.full_clean()
    hotel.save()
    log_action(
        hotel,
        "logistics.hotel.created" if creating else "logistics.hotel.updated",
        by=by,
        changes={name: str(getattr(hotel, name)) for name in changed},
    )
    return hotel


@transaction.atomic
def delete_hotel(*, hotel: Hotel, by: Any) -> None:
    _check_organiser(by)
    if Booking.objects.filter(allocation__block__hotel=hotel).exists():
        raise ConflictError(_("This hotel has bookings: cancel them first."))
    log_action(hotel.assembly, "logistics.hotel.deleted", by=by, hotel=hotel.name)
    hotel.delete()


# Room blocks ------------------------------------------------------------------------------------


def _booked_per_night(bookings, nights: Iterable[dt.date]) -> dict[dt.date, int]:
    """How many rooms `bookings` hold on each night, in one query."""
    nights = list(nights)
    if not nights:
        return {}
    counts = bookings.aggregate(
        **{
            f"n{i}": Count("pk", filter=Q(check_in__lte=night, check_out__gt=night))
            for i, night in enumerate(nights)
        }
    )
    return {night: counts[f"n{i}"] for i, night in enumerate(nights)}


def _lock_block(block: RoomBlock) -> RoomBlock:
    return RoomBlock.objects.select_for_update().select_related("hotel").get(pk=block.pk)


def _check_block_holds_its_bookings(block: RoomBlock) -> None:
    bookings = Booking.objects.filter(allocation__block=block)
    outside = bookings.filter(
        Q(check_in__lt=block.first_night) | Q(check_out__gt=block.last_night + dt.timedelta(days=1))
    )
    if outside.exists():
        raise ConflictError(_("Bookings fall outside these nights: move or cancel them first."))
    for night, booked in _booked_per_night(bookings, block.nights()).items():
        if booked > block.rooms_per_night:
            raise ConflictError(
                _("%(booked)d rooms are booked on %(night)s: the block cannot hold fewer.")
                % {"booked": booked, "night": night_label(night)}
            )
    allocated = block.allocations.aggregate(total=Sum("rooms"))["total"] or 0
    if allocated > block.rooms_per_night:
        raise ConflictError(
            _(
                "%(allocated)d rooms per night are allocated to delegations: "
                "the block cannot hold fewer."
            )
            % {"allocated": allocated}
        )


@transaction.atomic
def save_room_block(
    *, block: RoomBlock | None = None, hotel: Hotel | None = None, by: Any, **fields: Any
) -> RoomBlock:
    """Create or change a block; its RoomNight rows follow its nights."""
    _check_organiser(by)
    creating = block is None
    if block is None:
        if hotel is None:
            raise ApplicationError(_("A room block belongs to a hotel."))
        block = RoomBlock(hotel=hotel)
    else:
        block = _lock_block(block)
    changed = _set(block, BLOCK_FIELDS, fields)
    block.full_clean()
    block.save()
    if not creating:
        _check_block_holds_its_bookings(block)
    nights = block.nights()
    RoomNight.objects.filter(block=block).exclude(night__in=nights).delete()
    RoomNight.objects.bulk_create(
        [RoomNight(block=block, night=night) for night in nights], ignore_conflicts=True
    )
    log_action(
        block,
        "logistics.block.created" if creating else "logistics.block.updated",
        by=by,
        changes={name: str(getattr(block, name)) for name in changed},
    )
    sync_release_reminders(block=block)
    return block


@transaction.atomic
def delete_room_block(*, block: RoomBlock, by: Any) -> None:
    _check_organiser(by)
    if Booking.objects.filter(allocation__block=block).exists():
        raise ConflictError(_("This block has bookings: cancel them first."))
    for allocation in block.allocations.all():
        delete_allocation(allocation=allocation, by=by)
    log_action(block.hotel, "logistics.block.deleted", by=by, block=str(block))
    block.delete()


# Allocations ------------------------------------------------------------------------------------


@transaction.atomic
def allocate_rooms(*, block: RoomBlock, delegation: Any, rooms: int, by: Any) -> Allocation:
    """Give (or change) a delegation's rooms per night in a block; never more than the block."""
    _check_organiser(by)
    block = _lock_block(block)
    if delegation.assembly_id != block.hotel.assembly_id:
        raise ApplicationError(_("This delegation is not at this hotel's assembly."))
    allocation = Allocation.objects.filter(block=block, delegation=delegation).first()
    creating = allocation is None
    if allocation is None:
        allocation = Allocation(block=block, delegation=delegation, rooms=rooms)
    allocation.rooms = rooms
    allocation.full_clean()
    others = block.allocations.exclude(pk=allocation.pk).aggregate(total=Sum("rooms"))["total"] or 0
    if others + rooms > block.rooms_per_night:
        raise ConflictError(
            _("Only %(free)d rooms per night of this block are not allocated yet.")
            % {"free": max(block.rooms_per_night - others, 0)},
            extra={
                "rooms": _("At most %(free)d.") % {"free": max(block.rooms_per_night - others, 0)}
            },
        )
    if not creating:
        booked = _booked_per_night(allocation.bookings.all(), block.nights())
        for night, count in booked.items():
            if count > rooms:
                raise ConflictError(
                    _("%(count)d rooms are booked on %(night)s: the allocation cannot hold fewer.")
                    % {"count": count, "night": night_label(night)}
                )
    allocation.save()
    log_action(
        allocation,
        "logistics.allocation.created" if creating else "logistics.allocation.updated",
        by=by,
        rooms=rooms,
    )
    sync_release_reminders(block=block)
    return allocation


@transaction.atomic
def delete_allocation(*, allocation: Allocation, by: Any) -> None:
    _check_organiser(by)
    if allocation.bookings.exists():
        raise ConflictError(_("This allocation has bookings: cancel them first."))
    block = allocation.block
    log_action(block, "logistics.allocation.deleted", by=by, delegation=str(allocation.delegation))
    allocation.delete()
    sync_release_reminders(block=block)


# Bookings ---------------------------------------------------------------------------------------


@transaction.atomic
def book_room(
    *,
    allocation: Allocation,
    guests: list[Delegate],
    check_in: dt.date,
    check_out: dt.date,
    by: Any,
) -> Booking:
    """A room of the delegation's allocation for the nights from check-in to check-out.

    Refused (409) when the allocation or the block is full on any of these nights, naming the
    first full night; guests are the delegation's own, at most the room type's occupancy, and
    none sleeps elsewhere on these nights.
    """
    delegation = allocation.delegation
    if not can_book_rooms(by, delegation):
        raise PermissionDenied
    block = allocation.block
    if check_out <= check_in:
        raise ApplicationError(
            _("The check-out comes after the check-in."),
            extra={"check_out": _("The check-out comes after the check-in.")},
        )
    if check_in < block.first_night or check_out > block.last_night + dt.timedelta(days=1):
        raise ApplicationError(
            _("This block holds the nights from %(first)s to %(last)s.")
            % {
                "first": formats.date_format(block.first_night, "j F Y"),
                "last": formats.date_format(block.last_night, "j F Y"),
            },
            extra={"check_in": _("Choose nights within the block.")},
        )
    guests = list({guest.pk: guest for guest in guests}.values())
    if not guests:
        raise ApplicationError(
            _("Choose who sleeps in the room."), extra={"guests": _("Choose at least one.")}
        )
    if len(guests) > block.occupancy:
        raise ApplicationError(
            _("A %(type)s room sleeps %(count)d.")
            % {"type": block.get_room_type_display(), "count": block.occupancy},
            extra={"guests": _("Too many guests for this room type.")},
        )
    if any(guest.delegation_id != delegation.pk for guest in guests):
        raise ApplicationError(
            _("Only the delegation's own delegates can be booked."),
            extra={"guests": _("Unknown delegate.")},
        )
    nights = [check_in + dt.timedelta(days=n) for n in range((check_out - check_in).days)]
    # The lock: the block's rows of these nights, in night order.
    list(
        RoomNight.objects.select_for_update()
        .filter(block=block, night__in=nights)
        .order_by("night")
        .values_list("pk", flat=True)
    )
    in_block = _booked_per_night(Booking.objects.filter(allocation__block=block), nights)
    in_allocation = _booked_per_night(allocation.bookings.all(), nights)
    for night in nights:
        if in_allocation[night] >= allocation.rooms or in_block[night] >= block.rooms_per_night:
            raise ConflictError(
                _("No room left in %(block)s on %(night)s.")
                % {"block": str(block), "night": night_label(night)},
                extra={"night": night.isoformat()},
            )
    taken = set(
        Booking.guests.through.objects.filter(
            delegate__in=guests, booking__check_in__lt=check_out, booking__check_out__gt=check_in
        ).values_list("delegate_id", flat=True)
    )
    clash = [str(guest) for guest in guests if guest.pk in taken]
    if clash:
        raise ConflictError(
            _("Already booked on some of these nights: %(names)s.") % {"names": listing(clash)},
            extra={"guests": _("Already booked on these nights.")},
        )
    booking = Booking(allocation=allocation, check_in=check_in, check_out=check_out)
    booking.full_clean()
    booking.save()
    booking.guests.set(guests)
    log_action(
        booking,
        "logistics.booking.created",
        by=by,
        check_in=check_in.isoformat(),
        check_out=check_out.isoformat(),
        guests=[guest.pk for guest in guests],
    )
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking, by: Any) -> None:
    if not can_book_rooms(by, booking.allocation.delegation):
        raise PermissionDenied
    log_action(
        booking.allocation,
        "logistics.booking.cancelled",
        by=by,
        check_in=booking.check_in.isoformat(),
        check_out=booking.check_out.isoformat(),
    )
    booking.delete()


# Release reminders ------------------------------------------------------------------------------


def release_due_at(block: RoomBlock, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """09:00 in the assembly's zone, RELEASE_LEAD before the release date (now if that has
    passed); None once the release date is over."""
    now = now or timezone.now()
    tz = block.hotel.assembly.tz
    release = dt.datetime.combine(block.release_date, dt.time(9, 0), tzinfo=tz)
    if release <= now:
        return None
    return max(release - RELEASE_LEAD, now)


def sync_release_reminders(*, block: RoomBlock, now: dt.datetime | None = None) -> None:
    """Focal points of the delegations holding rooms in the block are told before its release
    date that unbooked rooms go back to the hotel."""
    delegations = [
        allocation.delegation
        for allocation in block.allocations.select_related("delegation").prefetch_related(
            "delegation__focal_points"
        )
    ]
    sync_reminders(
        kind=KIND_BLOCK_RELEASE,
        subject=block,
        recipients=focal_points_of(*delegations) if delegations else [],
        due_at=release_due_at(block, now=now) if delegations else None,
        context={
            "hotel": block.hotel.name,
            "room_type": str(block.get_room_type_display()),
            "release_date": block.release_date.isoformat(),
        },
    )
