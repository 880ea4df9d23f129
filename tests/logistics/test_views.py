"""Portal pages (scoped to the focal point's delegation) and organisers' admin screens:
rooming lists and occupancy in a constant number of queries, exports readable."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from apps.core.models import AuditEntry
from apps.logistics import services
from apps.logistics.models import Booking, TravelRecord
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db


def _travel(delegate, by, **extra):
    return services.save_travel_record(
        delegate=delegate, by=by, passport_number="AK1234567", arrival_mode="other", **extra
    )


def test_travel_form_saves_local_time_as_utc(client, delegates, focal_point, assembly):
    client.force_login(focal_point)
    page = client.get(reverse("logistics:travel_edit", args=[delegates[0].pk]))
    token = page.context["form"]["submission"].initial

    response = client.post(
        reverse("logistics:travel_edit", args=[delegates[0].pk]),
        {
            "submission": token,
            "passport_name": "WANJIRU AMINA",
            "nationality": "ke",
            "passport_number": "ak1234567",
            "arrival_mode": "flight",
            "arrival_flight": "at 801",
            "arrival_airport": "rak",
            "arrival_local_0": "2025-11-23",
            "arrival_local_1": "14:05",
            "departure_mode": "other",
            "needs": "Vegetarian",
        },
    )

    assert response.status_code == 302
    record = TravelRecord.objects.get(delegate=delegates[0])
    # Marrakech is UTC+1 in November.
    assert record.arrival_at == dt.datetime(2025, 11, 23, 13, 5, tzinfo=dt.UTC)
    assert (record.arrival_flight, record.arrival_airport, record.nationality) == (
        "AT801",
        "RAK",
        "KE",
    )
    listing = client.get(reverse("logistics:travel")).content.decode()
    assert "•••••4567" in listing
    assert "AK1234567" not in listing
    assert "2025-11-23 14:05 Marrakech (UTC+1)" in listing


def test_travel_form_bad_input_is_a_field_error(client, delegates, focal_point):
    client.force_login(focal_point)
    page = client.get(reverse("logistics:travel_edit", args=[delegates[0].pk]))
    token = page.context["form"]["submission"].initial

    response = client.post(
        reverse("logistics:travel_edit", args=[delegates[0].pk]),
        {
            "submission": token,
            "passport_number": "a-1",
            "arrival_mode": "flight",
            "departure_mode": "other",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TravelRecord.objects.exists()


def test_other_delegation_gets_404(client, delegates, focal_point, other_focal_point, allocation):
    booking = services.book_room(
        allocation=allocation,
        guests=delegates[:1],
        check_in=dt.date(2025, 11, 23),
        check_out=dt.date(2025, 11, 24),
        by=focal_point,
    )
    client.force_login(other_focal_point)

    assert client.get(reverse("logistics:travel_edit", args=[delegates[0].pk])).status_code == 404
    response = client.post(reverse("logistics:booking_cancel", args=[booking.pk]))
    assert response.status_code == 404
    assert Booking.objects.filter(pk=booking.pk).exists()
    rooms = client.get(reverse("logistics:rooms")).content.decode()
    assert delegates[0].family_name not in rooms


@pytest.mark.parametrize("count", [1, 3])
def test_travel_list_query_count_is_constant(
    client, delegation, focal_point, count, django_assert_num_queries
):
    for _ in range(count):
        _travel(DelegateFactory(delegation=delegation), focal_point, needs="Diet")
    client.force_login(focal_point)

    with django_assert_num_queries(8):
        response = client.get(reverse("logistics:travel"))

    assert response.content.decode().count("•••••4567") == count


@pytest.mark.parametrize("count", [1, 3])
def test_rooms_page_query_count_is_constant(
    client, delegation, focal_point, allocation, count, django_assert_num_queries
):
    for i in range(count):
        guest = DelegateFactory(delegation=delegation)
        services.book_room(
            allocation=allocation,
            guests=[guest],
            check_in=dt.date(2025, 11, 23) + dt.timedelta(days=i),
            check_out=dt.date(2025, 11, 24) + dt.timedelta(days=i),
            by=focal_point,
        )
    client.force_login(focal_point)

    with django_assert_num_queries(14):
        response = client.get(reverse("logistics:rooms"))

    assert response.content.decode().count("Cancel the booking") == count


def test_booking_through_the_portal_and_full_night_error(
    client, delegates, focal_point, allocation
):
    client.force_login(focal_point)
    url = reverse("logistics:rooms")

    def post(guest):
        token = client.get(url).context["form"]["submission"].initial
        return client.post(
            url,
            {
                "submission": token,
                "allocation": allocation.pk,
                "guests": [guest.pk],
                "check_in": "2025-11-24",
                "check_out": "2025-11-26",
            },
        )

    assert post(delegates[0]).status_code == 302
    assert post(delegates[1]).status_code == 302
    refused = post(delegates[2])

    assert refused.status_code == 200
    assert "No room left" in refused.content.decode()
    assert "24 November 2025" in refused.content.decode()
    assert Booking.objects.count() == 2


@pytest.mark.parametrize("count", [1, 3])
def test_rooming_list_query_count_is_constant(
    client, organiser, delegation, focal_point, hotel, allocation, count, django_assert_num_queries
):
    for i in range(count):
        guest = DelegateFactory(delegation=delegation, family_name=f"Guest{i}")
        _travel(guest, focal_point, needs=f"Needs{i}")
        services.book_room(
            allocation=allocation,
            guests=[guest],
            check_in=dt.date(2025, 11, 23) + dt.timedelta(days=i),
            check_out=dt.date(2025, 11, 24) + dt.timedelta(days=i),
            by=focal_point,
        )
    client.force_login(organiser)
    url = reverse("admin:logistics_hotel_rooming_list", args=[hotel.pk])

    with django_assert_num_queries(9):
        response = client.get(url, {"format": "csv"})

    text = response.content.decode("utf-8-sig")
    assert text.count("GUEST") == count
    assert "Needs0" in text


def test_rooming_list_xlsx_and_pdf(client, organiser, delegates, focal_point, hotel, allocation):
    from openpyxl import load_workbook

    services.book_room(
        allocation=allocation,
        guests=delegates[:2],
        check_in=dt.date(2025, 11, 23),
        check_out=dt.date(2025, 11, 25),
        by=focal_point,
    )
    client.force_login(organiser)
    url = reverse("admin:logistics_hotel_rooming_list", args=[hotel.pk])

    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    pdf = client.get(url, {"format": "pdf"}).content

    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "WANJIRU0 Amina; WANJIRU1 Amina"
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("count", [1, 3])
def test_occupancy_query_count_is_constant(
    client, organiser, assembly, count, django_assert_num_queries
):
    from decimal import Decimal

    for i in range(count):
        hotel = services.save_hotel(
            assembly=assembly,
            by=organiser,
            name=f"Hotel {i}",
            address="Marrakech",
            distance_km=Decimal(1),
            shuttle_minutes=5,
        )
        services.save_room_block(
            hotel=hotel,
            by=organiser,
            room_type="single",
            occupancy=1,
            rooms_per_night=10,
            first_night=dt.date(2025, 11, 23),
            last_night=dt.date(2025, 11, 26),
            rate=Decimal(90),
            release_date=dt.date(2025, 10, 1),
        )
    client.force_login(organiser)

    with django_assert_num_queries(10):
        response = client.get(reverse("admin:logistics_hotel_occupancy"))

    assert response.content.decode().count("0 / 10") == 4 * count


def test_admin_change_page_reveals_and_audits_only_with_permission(
    client, organiser, delegates, focal_point
):
    from apps.accounts.roles import ORGANISER_READ_ONLY
    from tests.roles import staff_user

    record = _travel(delegates[0], focal_point)
    url = reverse("admin:logistics_travelrecord_change", args=[record.pk])
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)

    client.force_login(reader)
    assert "AK1234567" not in client.get(url).content.decode()
    assert not AuditEntry.objects.filter(action="logistics.passport.revealed").exists()

    client.force_login(organiser)
    assert "AK1234567" in client.get(url).content.decode()
    assert (
        AuditEntry.objects.filter(action="logistics.passport.revealed", actor=organiser).count()
        == 1
    )
    listing = client.get(reverse("admin:logistics_travelrecord_changelist")).content.decode()
    assert "AK1234567" not in listing
    assert "•••••4567" in listing


def test_admin_passport_export(client, organiser, delegates, focal_point):
    _travel(delegates[0], focal_point)
    client.force_login(organiser)

    response = client.get(reverse("admin:logistics_travelrecord_export"))

    assert "AK1234567" in response.content.decode("utf-8-sig")
    assert AuditEntry.objects.filter(action="logistics.passport.exported").count() == 1
