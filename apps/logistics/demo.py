"""Demo data of travel and accommodation for the 93rd assembly (Marrakech): hotels with room
blocks, allocations to the delegations, travel records of every delegate and a few bookings.
Everything goes through the services; running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

HOTELS = [
    ("Palmeraie Palace", "Circuit de la Palmeraie, Marrakech", "0.5", 5, "fr"),
    ("Hotel Atlas Medina", "Avenue Mohammed VI, Marrakech", "6.5", 20, "fr"),
    ("Riad Koutoubia", "Rue Fatima Zohra, Marrakech", "8.0", 25, "ar"),
    ("Sofitel Hivernage", "Rue Harroun Errachid, Marrakech", "7.2", 22, "en"),
]
FLIGHTS = ["AT801", "AF1452", "IB3394", "EK751", "QR1393", "TK619", "LH1322", "ET874"]


def _local(assembly, day: dt.date, hour: int, minute: int) -> dt.datetime:
    from apps.core.timezones import make_aware_strict

    return make_aware_strict(dt.datetime.combine(day, dt.time(hour, minute)), assembly.tz)


def seed_assembly(assembly, by) -> None:
    from apps.delegations.models import Delegate, Delegation
    from apps.logistics import services
    from apps.logistics.models import Hotel

    if Hotel.objects.filter(assembly=assembly).exists():
        return
    rng = random.Random(assembly.number * 20)  # noqa: S311 - reproducible demo data
    first_night = assembly.start_date - dt.timedelta(days=2)
    last_night = assembly.end_date
    blocks = []
    for name, address, distance, minutes, language in HOTELS:
        hotel = services.save_hotel(
            assembly=assembly,
            by=by,
            name=name,
            address=address,
            distance_km=Decimal(distance),
            shuttle_minutes=minutes,
            contact=f"reservations@{name.split()[0].lower()}.example",
            language=language,
        )
        for room_type, occupancy, rooms, rate in (
            ("single", 1, 120, "140"),
            ("twin", 2, 60, "170"),
        ):
            blocks.append(
                services.save_room_block(
                    hotel=hotel,
                    by=by,
                    room_type=room_type,
                    occupancy=occupancy,
                    rooms_per_night=rooms,
                    first_night=first_night,
                    last_night=last_night,
                    rate=Decimal(rate),
                    currency="EUR",
                    release_date=assembly.start_date - dt.timedelta(days=30),
                )
            )
    delegations = list(
        Delegation.objects.filter(assembly=assembly)
        .select_related("country", "organisation")
        .order_by("pk")
    )
    allocations = {}
    for index, delegation in enumerate(delegations):
        block = blocks[index % len(blocks)]
        allocations[delegation.pk] = services.allocate_rooms(
            block=block, delegation=delegation, rooms=2, by=by
        )
    delegates = Delegate.objects.filter(delegation__assembly=assembly).select_related(
        "delegation__country", "delegation__organisation"
    )
    hotels = list(Hotel.objects.filter(assembly=assembly))
    booked_per_delegation: dict[int, int] = {}
    for delegate in delegates.order_by("pk"):
        arrival_day = delegate.arrival_date or assembly.start_date - dt.timedelta(days=1)
        departure_day = delegate.departure_date or assembly.end_date + dt.timedelta(days=1)
        if departure_day <= arrival_day:
            departure_day = arrival_day + dt.timedelta(days=1)
        by_air = rng.random() < 0.93
        country = delegate.delegation.country
        services.save_travel_record(
            delegate=delegate,
            by=by,
            passport_name=f"{delegate.family_name.upper()} {delegate.given_names.upper()}"[:120],
            nationality=country.iso2 if country else "",
            passport_number=f"D{rng.randint(10**7, 10**8 - 1)}",
            passport_expiry=assembly.end_date + dt.timedelta(days=rng.randint(200, 3000)),
            arrival_mode="flight" if by_air else "other",
            arrival_flight=rng.choice(FLIGHTS) if by_air else "",
            arrival_airport="RAK" if by_air else "",
            arrival_at=_local(
                assembly, arrival_day, rng.randint(7, 22), rng.choice([0, 15, 30, 45])
            ),
            departure_mode="flight" if by_air else "other",
            departure_flight=rng.choice(FLIGHTS) if by_air else "",
            departure_airport="RAK" if by_air else "",
            departure_at=_local(assembly, departure_day, rng.randint(8, 20), rng.choice([0, 30])),
            hotel_wish=rng.choice(hotels),
            needs=rng.choice(["", "", "", "Vegetarian", "Halal", "Wheelchair access"]),
        )
        allocation = allocations.get(delegate.delegation_id)
        booked = booked_per_delegation.get(delegate.delegation_id, 0)
        if allocation is not None and booked < allocation.rooms:
            block = allocation.block
            check_in = max(arrival_day, block.first_night)
            check_out = min(departure_day, block.last_night + dt.timedelta(days=1))
            if check_out > check_in:
                services.book_room(
                    allocation=allocation,
                    guests=[delegate],
                    check_in=check_in,
                    check_out=check_out,
                    by=by,
                )
                booked_per_delegation[delegate.delegation_id] = booked + 1
    services.plan_transfers(assembly=assembly, by=by)
    services.plan_shuttles(assembly=assembly, by=by)
    services.set_passport_erase_date(
        assembly=assembly, on=assembly.end_date + dt.timedelta(days=60), by=by
    )


def seed() -> list[tuple[str, str, str]]:
    from apps.core.demo import organiser
    from apps.core.models import Assembly

    assembly = Assembly.objects.filter(number=93).first()
    if assembly is not None:
        seed_assembly(assembly, organiser())
    return []
