"""Transfer runs in the database: planned from travel records, kept right when a flight
changes (moved, or flagged with the delegation and the dispatchers told), the dispatcher's
page in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.logistics import services
from apps.logistics.models import TransferRun, TransferSeat, TravelRecord
from apps.notifications.models import Notification
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db

LANDING = dt.datetime(2025, 11, 23, 10, 0, tzinfo=dt.UTC)  # 11:00 in Marrakech


def _arrive(delegate, by, minutes: int, hotel):
    return services.save_travel_record(
        delegate=delegate,
        by=by,
        arrival_mode="flight",
        arrival_flight="AT801",
        arrival_airport="RAK",
        arrival_at=LANDING + dt.timedelta(minutes=minutes),
        hotel_wish=hotel,
    )


def test_plan_groups_arrivals_and_heads_ride_alone(
    assembly, delegation, focal_point, organiser, hotel
):
    head = DelegateFactory(delegation=delegation, function="head")
    others = [DelegateFactory(delegation=delegation) for _ in range(3)]
    _arrive(head, focal_point, 0, hotel)
    for i, delegate in enumerate(others):
        _arrive(delegate, focal_point, i * 10, hotel)

    count = services.plan_transfers(assembly=assembly, by=organiser)

    assert count == 2
    vip = TransferRun.objects.get(vip=True)
    assert list(vip.seats.values_list("delegate_id", flat=True)) == [head.pk]
    shared = TransferRun.objects.get(vip=False)
    assert shared.seats.count() == 3
    assert shared.pickup_at == LANDING + dt.timedelta(minutes=20 + 30)
    assert shared.capacity >= 3


def test_flight_change_keeps_moves_or_flags_and_tells(
    assembly, delegation, focal_point, organiser, hotel
):
    people = [DelegateFactory(delegation=delegation) for _ in range(3)]
    for i, delegate in enumerate(people):
        _arrive(delegate, focal_point, i * 100, hotel)  # three runs: 0, 100, 200 minutes
    services.plan_transfers(assembly=assembly, by=organiser)
    first_run = TransferSeat.objects.get(delegate=people[0]).run
    second_run = TransferSeat.objects.get(delegate=people[1]).run

    # Lands ten minutes later: its pick-up (at +30) no longer waits 30 minutes, the next run
    # (pick-up at +130) does.
    _arrive(people[0], focal_point, 90, hotel)
    assert TransferSeat.objects.get(delegate=people[0]).run == second_run
    assert not TransferRun.objects.get(pk=first_run.pk).seats.exists()

    # Lands at night: no run fits, the seat goes and the record is flagged.
    _arrive(people[0], focal_point, 600, hotel)
    assert not TransferSeat.objects.filter(delegate=people[0]).exists()
    assert TravelRecord.objects.get(delegate=people[0]).transfer_flagged
    told = set(
        Notification.objects.filter(kind=services.KIND_TRANSFER_CHANGED).values_list(
            "recipient_id", flat=True
        )
    )
    assert {focal_point.pk, organiser.pk} <= told


@pytest.mark.parametrize("count", [1, 3])
def test_dispatch_page_query_count_is_constant(
    client, assembly, delegation, focal_point, organiser, hotel, count, django_assert_num_queries
):
    for i in range(count):
        for _ in range(2):
            _arrive(
                DelegateFactory(delegation=delegation, phone="+254700000000"),
                focal_point,
                i * 120,
                hotel,
            )
    services.plan_transfers(assembly=assembly, by=organiser)
    client.force_login(organiser)
    url = reverse("admin:logistics_transferrun_dispatch")

    with django_assert_num_queries(10):  # the day's shuttles: one more
        response = client.get(url, {"day": "2025-11-23"})

    body = response.content.decode()
    assert body.count("+254700000000") == 2 * count
    assert "11:00 Marrakech (UTC+1)" in body
