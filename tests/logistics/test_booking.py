"""Bookings: never more rooms than the allocation or the block on any night, concurrent
bookings included (PostgreSQL row locks); the full night is named."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from apps.core.errors import ApplicationError, ConflictError
from apps.logistics import services
from apps.logistics.models import Booking
from apps.notifications.models import Notification

NOV = dt.date(2025, 11, 1)
NIGHT_23, NIGHT_24 = dt.date(2025, 11, 23), dt.date(2025, 11, 24)


def day(n: int) -> dt.date:
    return NOV.replace(day=n)


@pytest.mark.django_db
def test_booking_fills_the_allocation_then_names_the_full_night(allocation, delegates, focal_point):
    services.book_room(
        allocation=allocation,
        guests=delegates[:1],
        check_in=day(23),
        check_out=day(26),
        by=focal_point,
    )
    services.book_room(
        allocation=allocation,
        guests=delegates[1:2],
        check_in=day(25),
        check_out=day(27),
        by=focal_point,
    )

    with pytest.raises(ConflictError) as exc:
        services.book_room(
            allocation=allocation,
            guests=delegates[2:3],
            check_in=day(24),
            check_out=day(28),
            by=focal_point,
        )

    assert "25 November 2025" in exc.value.message
    assert exc.value.extra == {"night": "2025-11-25"}
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_block_limit_holds_across_delegations(
    block, delegation, other_delegation, delegates, organiser, focal_point, other_focal_point
):
    from tests.factories import DelegateFactory

    mine = services.allocate_rooms(block=block, delegation=delegation, rooms=1, by=organiser)
    theirs = services.allocate_rooms(
        block=block, delegation=other_delegation, rooms=1, by=organiser
    )
    services.book_room(
        allocation=mine, guests=delegates[:2], check_in=day(23), check_out=day(28), by=focal_point
    )
    services.book_room(
        allocation=theirs,
        guests=[DelegateFactory(delegation=other_delegation)],
        check_in=day(23),
        check_out=day(28),
        by=other_focal_point,
    )

    with pytest.raises(ConflictError):
        services.allocate_rooms(block=block, delegation=other_delegation, rooms=2, by=organiser)
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_booking_rules(allocation, delegates, focal_point, other_focal_point, other_delegation):
    from tests.factories import DelegateFactory

    def book(guests, check_in=NIGHT_23, check_out=NIGHT_24, by=focal_point):
        return services.book_room(
            allocation=allocation, guests=guests, check_in=check_in, check_out=check_out, by=by
        )

    with pytest.raises(ApplicationError, match="sleeps 2"):
        book(delegates)
    with pytest.raises(ApplicationError, match="nights from"):
        book(delegates[:1], check_in=day(22))
    with pytest.raises(ApplicationError, match="own delegates"):
        book([DelegateFactory(delegation=other_delegation)])
    with pytest.raises(PermissionDenied):
        book(delegates[:1], by=other_focal_point)
    book(delegates[:1])
    with pytest.raises(ConflictError, match="Already booked"):
        book(delegates[:2])
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_release_reminder_goes_to_focal_points_a_week_before(allocation, focal_point):
    import time_machine

    with time_machine.travel(dt.datetime(2025, 10, 1, tzinfo=dt.UTC), tick=False):
        services.sync_release_reminders(block=allocation.block)
    reminder = Notification.objects.get(kind=services.KIND_BLOCK_RELEASE, recipient=focal_point)
    # 09:00 in Marrakech (UTC+1) seven days before the release date (24 October 2025).
    assert reminder.due_at == dt.datetime(2025, 10, 17, 8, tzinfo=dt.UTC)

    with time_machine.travel(dt.datetime(2025, 10, 25, tzinfo=dt.UTC), tick=False):
        services.sync_release_reminders(block=allocation.block)
    assert not Notification.objects.filter(
        kind=services.KIND_BLOCK_RELEASE, status=Notification.Status.PENDING
    ).exists()


@pytest.mark.postgres
def test_concurrent_bookings_never_overbook(transactional_db):
    from decimal import Decimal

    from apps.accounts.roles import ORGANISER_ADMIN
    from tests.factories import AssemblyFactory, DelegateFactory, DelegationFactory, UserFactory
    from tests.roles import staff_user

    organiser = staff_user("boss@example.org", ORGANISER_ADMIN)
    assembly = AssemblyFactory(is_current=True)
    hotel = services.save_hotel(
        assembly=assembly,
        by=organiser,
        name="Hotel Atlas",
        address="Avenue Mohammed VI",
        distance_km=Decimal(1),
        shuttle_minutes=5,
    )
    block = services.save_room_block(
        hotel=hotel,
        by=organiser,
        room_type="single",
        occupancy=1,
        rooms_per_night=3,
        first_night=day(23),
        last_night=day(27),
        rate=Decimal(100),
        release_date=day(1),
    )
    delegation = DelegationFactory(assembly=assembly, country__iso2="KE")
    focal = UserFactory(email="focal-ke@example.org")
    delegation.focal_points.add(focal)
    allocation = services.allocate_rooms(block=block, delegation=delegation, rooms=3, by=organiser)
    guests = [DelegateFactory(delegation=delegation) for _ in range(6)]
    barrier = threading.Barrier(len(guests))
    outcomes: list[str] = []
    # Every span holds the night of the 25th; they overlap in different ways.
    spans = [(day(24), day(26)), (day(25), day(27)), (day(23), day(28))]

    def book(guest, span):
        try:
            barrier.wait()
            services.book_room(
                allocation=allocation, guests=[guest], check_in=span[0], check_out=span[1], by=focal
            )
            outcomes.append("booked")
        except ConflictError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(guest, spans[i % 3])) for i, guest in enumerate(guests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["booked"] * 3 + ["full"] * 3
    for night in block.nights():
        on_night = Booking.objects.filter(check_in__lte=night, check_out__gt=night).count()
        assert on_night <= 3
    assert Booking.objects.filter(check_in__lte=day(25), check_out__gt=day(25)).count() == 3


@pytest.mark.django_db
def test_full_night_is_named_in_the_users_language(allocation, delegates, focal_point):
    from django.utils import translation

    for guest in delegates[:2]:
        services.book_room(
            allocation=allocation,
            guests=[guest],
            check_in=day(24),
            check_out=day(25),
            by=focal_point,
        )

    with translation.override("fr"), pytest.raises(ConflictError) as exc:
        services.book_room(
            allocation=allocation,
            guests=delegates[2:],
            check_in=day(23),
            check_out=day(25),
            by=focal_point,
        )

    assert "la nuit du lundi 24 novembre 2025" in exc.value.message
