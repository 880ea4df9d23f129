"""The logistics API: a focal point reads and writes its own delegation's travel (another
delegation's is a 404), a passport number is never read back in clear, bad input is a 400
with field errors; organisers read runs and occupancy by permission; lists keep a constant
number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.logistics import services
from apps.logistics.models import TravelRecord
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db

LANDING = dt.datetime(2025, 11, 23, 10, 0, tzinfo=dt.UTC)


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _record(delegate, by, hotel=None, minutes=0):
    return services.save_travel_record(
        delegate=delegate,
        by=by,
        passport_number="PA1234567",
        passport_name="WANJIRU AMINA",
        nationality="KE",
        arrival_mode="flight",
        arrival_flight="KQ101",
        arrival_airport="RAK",
        arrival_at=LANDING + dt.timedelta(minutes=minutes),
        hotel_wish=hotel,
    )


def test_focal_point_writes_travel_and_never_reads_the_number_back(delegates, focal_point, hotel):
    url = reverse("api:travel-record-detail", args=[delegates[0].pk])
    response = _api(focal_point).patch(
        url,
        {
            "passport_number": "pa 765 4321",
            "nationality": "ke",
            "arrival_mode": "flight",
            "arrival_flight": "KQ 101",
            "arrival_airport": "RAK",
            "arrival_at": "2025-11-23T11:00:00+01:00",
            "hotel_wish": hotel.pk,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["passport_number_masked"] == "•••••4321"
    assert "PA7654321" not in response.content.decode()
    assert body["arrival_flight"] == "KQ101"
    record = TravelRecord.objects.get(delegate=delegates[0])
    assert record.arrival_at == LANDING
    assert record.hotel_wish == hotel
    listed = _api(focal_point).get(reverse("api:travel-record-list")).content.decode()
    assert "•••••4321" in listed
    assert "PA7654321" not in listed


def test_bad_travel_input_is_a_400_with_field_errors(delegates, focal_point):
    url = reverse("api:travel-record-detail", args=[delegates[0].pk])
    response = _api(focal_point).patch(
        url,
        {"arrival_mode": "camel", "arrival_at": "tomorrow", "hotel_wish": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert {"arrival_mode", "arrival_at", "hotel_wish"} <= set(response.json())

    response = _api(focal_point).patch(url, {"passport_number": "??"}, format="json")
    assert response.status_code == 400
    assert "passport_number" in response.json()

    response = _api(focal_point).patch(url, {"hotel_wish": 999999}, format="json")
    assert response.status_code == 400
    assert "hotel_wish" in response.json()
    assert not TravelRecord.objects.filter(delegate=delegates[0]).exists()


def test_another_delegations_travel_is_a_404(
    delegates, focal_point, other_focal_point, other_delegation
):
    _record(delegates[0], focal_point)
    stranger = _api(other_focal_point)
    url = reverse("api:travel-record-detail", args=[delegates[0].pk])
    assert stranger.get(url).status_code == 404
    assert stranger.patch(url, {"needs": "x"}, format="json").status_code == 404
    assert TravelRecord.objects.get(delegate=delegates[0]).needs == ""
    assert stranger.get(reverse("api:travel-record-list")).json()["results"] == []
    request = stranger.post(
        reverse("api:visa-letter-request"),
        {"delegate": delegates[0].pk, "language": "fr"},
        format="json",
    )
    assert request.status_code == 404
    own = DelegateFactory(delegation=other_delegation)
    assert stranger.get(reverse("api:travel-record-detail", args=[own.pk])).status_code == 404


def test_visa_letter_request_and_list(delegates, focal_point, other_focal_point):
    _record(delegates[0], focal_point)
    response = _api(focal_point).post(
        reverse("api:visa-letter-request"),
        {"delegate": delegates[0].pk, "language": "ar", "consulate": "Nairobi"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "requested"
    listed = _api(focal_point).get(reverse("api:visa-letter-list"), {"status": "requested"})
    assert [row["delegate"] for row in listed.json()["results"]] == [delegates[0].pk]
    assert _api(other_focal_point).get(reverse("api:visa-letter-list")).json()["results"] == []
    wrong = _api(focal_point).get(reverse("api:visa-letter-list"), {"status": "maybe"})
    assert wrong.status_code == 400
    assert "status" in wrong.json()


def test_bookings_are_scoped_and_filtered(
    allocation, delegates, focal_point, other_focal_point, hotel
):
    services.book_room(
        allocation=allocation,
        guests=delegates[:2],
        check_in=dt.date(2025, 11, 23),
        check_out=dt.date(2025, 11, 25),
        by=focal_point,
    )
    rows = _api(focal_point).get(reverse("api:travel-booking-list"), {"hotel": hotel.pk})
    assert [sorted(r["guests"]) for r in rows.json()["results"]] == [
        sorted(d.pk for d in delegates[:2])
    ]
    assert _api(other_focal_point).get(reverse("api:travel-booking-list")).json()["results"] == []
    assert (
        _api(focal_point).get(reverse("api:travel-booking-list"), {"hotel": "x"}).status_code == 400
    )


def test_runs_and_occupancy_need_the_permission(
    assembly, delegates, focal_point, organiser, hotel, allocation
):
    for i, delegate in enumerate(delegates):
        _record(delegate, focal_point, hotel, minutes=i * 10)
    services.plan_transfers(assembly=assembly, by=organiser)

    assert _api(focal_point).get(reverse("api:transfer-run-list")).status_code == 403
    assert _api(focal_point).get(reverse("api:travel-occupancy")).status_code == 403

    runs = _api(organiser).get(reverse("api:transfer-run-list"), {"direction": "arrival"})
    assert [(r["passengers"], r["hotel_name"]) for r in runs.json()["results"]] == [
        (3, "Palmeraie Palace")
    ]
    assert "Wanjiru" not in runs.content.decode()
    occupancy = _api(organiser).get(reverse("api:travel-occupancy")).json()
    assert occupancy[0]["name"] == "Palmeraie Palace"
    assert occupancy[0]["nights"][0] == {"night": "2025-11-23", "booked": 0, "held": 2}
    bad = _api(organiser).get(reverse("api:transfer-run-list"), {"direction": "sideways"})
    assert bad.status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_travel_list_query_count_is_constant(
    delegation, focal_point, count, django_assert_num_queries
):
    for _ in range(count):
        _record(DelegateFactory(delegation=delegation), focal_point)
    api = _api(focal_point)
    with django_assert_num_queries(3):
        response = api.get(reverse("api:travel-record-list"))
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_booking_and_run_lists_query_count_is_constant(
    assembly,
    allocation,
    delegation,
    focal_point,
    organiser,
    hotel,
    count,
    django_assert_num_queries,
):
    for i in range(count):
        guest = DelegateFactory(delegation=delegation)
        _record(guest, focal_point, hotel, minutes=i * 120)
        services.book_room(
            allocation=allocation,
            guests=[guest],
            check_in=dt.date(2025, 11, 23) + dt.timedelta(days=i),
            check_out=dt.date(2025, 11, 24) + dt.timedelta(days=i),
            by=focal_point,
        )
    services.plan_transfers(assembly=assembly, by=organiser)
    api = _api(organiser)
    with django_assert_num_queries(4):
        bookings = api.get(reverse("api:travel-booking-list"))
    assert len(bookings.json()["results"]) == count
    with django_assert_num_queries(3):
        runs = api.get(reverse("api:transfer-run-list"))
    assert len(runs.json()["results"]) == count


def test_anonymous_reads_nothing(delegates, focal_point):
    _record(delegates[0], focal_point)
    api = APIClient()
    assert api.get(reverse("api:travel-record-list")).status_code in {401, 403}
