"""Daily shuttles from the agenda's first and last sessions, per hotel with bookings, seats
for every booked delegate; shown to focal points and on the dispatcher's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.logistics import services
from apps.logistics.models import Shuttle
from apps.logistics.services.shuttles import vehicles_for
from tests.agenda.factories import SessionFactory, local
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db


def test_vehicles_seat_everyone_in_one_trip():
    assert vehicles_for(2) == (1, 3)
    assert vehicles_for(50) == (1, 50)
    assert vehicles_for(51) == (2, 53)
    assert vehicles_for(120) == (3, 120)


@pytest.fixture
def programme(assembly):
    SessionFactory(assembly=assembly, starts_at=local(2025, 11, 24, 9), title_en="Opening")
    SessionFactory(
        assembly=assembly,
        starts_at=local(2025, 11, 24, 15),
        ends_at=local(2025, 11, 24, 18),
    )
    SessionFactory(assembly=assembly, starts_at=local(2025, 11, 25, 10))
    # Neither a cancelled nor a draft session moves a shuttle.
    SessionFactory(assembly=assembly, starts_at=local(2025, 11, 25, 7), cancelled=True)
    SessionFactory(assembly=assembly, starts_at=local(2025, 11, 26, 6), visibility="draft")


@pytest.fixture
def booked(allocation, delegates, focal_point):
    return services.book_room(
        allocation=allocation,
        guests=delegates[:2],
        check_in=dt.date(2025, 11, 23),
        check_out=dt.date(2025, 11, 26),
        by=focal_point,
    )


def test_shuttles_follow_the_first_and_last_sessions_per_hotel_with_bookings(
    assembly, organiser, hotel, programme, booked
):
    empty = services.save_hotel(
        assembly=assembly,
        by=organiser,
        name="Empty Riad",
        address="Medina",
        distance_km=Decimal(3),
        shuttle_minutes=20,
    )

    count = services.plan_shuttles(assembly=assembly, by=organiser)

    assert count == 4
    assert not Shuttle.objects.filter(hotel=empty).exists()
    monday = {s.way: s for s in Shuttle.objects.filter(day=dt.date(2025, 11, 24))}
    # 09:00 first session, 10 minutes' drive, at the venue 15 minutes early: leaves 08:35.
    assert monday["to_venue"].leaves_at == local(2025, 11, 24, 8, 35)
    # The last session ends at 18:00: back at 18:15.
    assert monday["from_venue"].leaves_at == local(2025, 11, 24, 18, 15)
    tuesday = Shuttle.objects.get(day=dt.date(2025, 11, 25), way="to_venue")
    assert tuesday.leaves_at == local(2025, 11, 25, 9, 35)  # the cancelled 07:00 is ignored
    for shuttle in Shuttle.objects.all():
        assert shuttle.passengers == 2
        assert shuttle.capacity >= shuttle.passengers
        assert shuttle.vehicles == 1

    # Planned again: replaced, not added to.
    assert services.plan_shuttles(assembly=assembly, by=organiser) == 4
    assert Shuttle.objects.count() == 4


def test_focal_points_see_their_hotels_shuttles_only(
    client, assembly, organiser, hotel, programme, booked, focal_point, other_focal_point
):
    services.plan_shuttles(assembly=assembly, by=organiser)

    client.force_login(focal_point)
    body = client.get(reverse("logistics:shuttles")).content.decode()
    assert "Palmeraie Palace" in body
    assert "2025-11-24 08:35" in body
    assert "Hotel to venue" in body

    client.force_login(other_focal_point)
    body = client.get(reverse("logistics:shuttles")).content.decode()
    assert "Palmeraie Palace" not in body
    assert "No shuttle yet" in body


def test_the_travel_page_links_to_the_shuttles(client, focal_point, delegation):
    client.force_login(focal_point)
    body = client.get(reverse("logistics:travel")).content.decode()
    assert reverse("logistics:shuttles") in body


@pytest.mark.parametrize("days", [1, 3])
def test_shuttles_page_query_count_is_constant(
    client,
    assembly,
    organiser,
    hotel,
    booked,
    focal_point,
    days,
    django_assert_num_queries,
):
    for day in range(days):
        SessionFactory(assembly=assembly, starts_at=local(2025, 11, 23 + day, 9))
    services.plan_shuttles(assembly=assembly, by=organiser)
    client.force_login(focal_point)

    with django_assert_num_queries(8):
        response = client.get(reverse("logistics:shuttles"))

    assert response.content.decode().count("Palmeraie Palace") == 2 * days


def test_the_dispatcher_sees_the_days_shuttles(
    client, assembly, organiser, hotel, programme, booked
):
    client.force_login(organiser)
    response = client.post(reverse("admin:logistics_transferrun_shuttles"))
    assert response.status_code == 302
    assert Shuttle.objects.count() == 4

    body = client.get(
        reverse("admin:logistics_transferrun_dispatch"), {"day": "2025-11-24"}
    ).content.decode()
    assert "2025-11-24 08:35" in body
    assert "2025-11-24 18:15" in body
    assert "2025-11-25" not in body.split("Shuttles between the hotels and the venue")[1]


def test_planning_shuttles_needs_the_transfer_permission(assembly, focal_point):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.plan_shuttles(assembly=assembly, by=focal_point)
    assert not Shuttle.objects.exists()


def test_a_delegate_checking_in_later_rides_from_that_day(
    assembly, organiser, hotel, programme, allocation, focal_point, delegation
):
    late = DelegateFactory(delegation=delegation)
    services.book_room(
        allocation=allocation,
        guests=[late],
        check_in=dt.date(2025, 11, 25),
        check_out=dt.date(2025, 11, 27),
        by=focal_point,
    )
    services.plan_shuttles(assembly=assembly, by=organiser)
    assert set(Shuttle.objects.values_list("day", flat=True)) == {dt.date(2025, 11, 25)}
