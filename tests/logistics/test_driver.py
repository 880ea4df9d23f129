"""A driver's phone-sized view of their runs through a signed link: their runs only, with
passengers, pick-up points, phone numbers and flights; a forged or expired link is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from apps.logistics import services
from apps.logistics.drivers import driver_token
from apps.logistics.models import TransferSeat
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db

LANDING = dt.datetime(2025, 11, 23, 10, 0, tzinfo=dt.UTC)  # 11:00 in Marrakech
MORNING = dt.datetime(2025, 11, 23, 6, 0, tzinfo=dt.UTC)
PHONE = "+212600000001"


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


def _runs(count, delegation, focal_point, organiser, hotel, assembly):
    people = []
    for i in range(count):
        person = DelegateFactory(
            delegation=delegation, family_name=f"Passenger{i}", phone=f"+25470000000{i}"
        )
        _arrive(person, focal_point, i * 120, hotel)
        people.append(person)
    services.plan_transfers(assembly=assembly, by=organiser)
    for person in people:
        run = TransferSeat.objects.get(delegate=person).run
        services.update_transfer_run(
            run=run, by=organiser, driver_name="Youssef", driver_phone=PHONE
        )
    return people


def test_the_driver_sees_their_runs_with_passengers_and_phones(
    client, assembly, delegation, focal_point, organiser, hotel
):
    people = _runs(2, delegation, focal_point, organiser, hotel, assembly)
    stranger = DelegateFactory(delegation=delegation, family_name="Elsewhere")
    _arrive(stranger, focal_point, 30, hotel)
    services.plan_transfers(assembly=assembly, by=organiser)  # locked runs are kept
    url = reverse("logistics:driver", args=[driver_token(assembly.pk, PHONE)])

    with time_machine.travel(MORNING, tick=False):
        response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 200, (response.status_code, response.headers)
    for person in people:
        assert person.full_name in body
        assert person.phone in body
    assert "AT801 RAK" in body
    assert "Palmeraie Palace" in body
    assert "11:00 Marrakech (UTC+1)" in body  # pick-up of the first run, local time
    assert stranger.full_name not in body  # on another driver's run
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_runs_of_past_days_are_not_shown(
    client, assembly, delegation, focal_point, organiser, hotel
):
    _runs(1, delegation, focal_point, organiser, hotel, assembly)
    url = reverse("logistics:driver", args=[driver_token(assembly.pk, PHONE)])
    with time_machine.travel(LANDING + dt.timedelta(days=1), tick=False):
        body = client.get(url).content.decode()
    assert "PASSENGER0" not in body
    assert "No run for you from today on." in body


def test_a_forged_or_expired_link_is_a_404(client, assembly):
    forged = driver_token(assembly.pk, PHONE)[:-2] + "xx"
    assert client.get(reverse("logistics:driver", args=[forged])).status_code == 404
    with time_machine.travel(MORNING, tick=False):
        old = driver_token(assembly.pk, PHONE)
    with time_machine.travel(MORNING + dt.timedelta(days=31), tick=False):
        response = client.get(reverse("logistics:driver", args=[old]))
    assert response.status_code == 404
    assert PHONE not in response.content.decode()


def test_the_dispatcher_page_gives_each_driver_their_link(
    client, assembly, delegation, focal_point, organiser, hotel
):
    _runs(1, delegation, focal_point, organiser, hotel, assembly)
    client.force_login(organiser)
    body = client.get(
        reverse("admin:logistics_transferrun_dispatch"), {"day": "2025-11-23"}
    ).content.decode()
    assert "/travel/driver/" in body
    assert body.count("/travel/driver/") == 1  # one driver, one link


@pytest.mark.parametrize("count", [1, 3])
def test_driver_view_query_count_is_constant(
    client, assembly, delegation, focal_point, organiser, hotel, count, django_assert_num_queries
):
    _runs(count, delegation, focal_point, organiser, hotel, assembly)
    url = reverse("logistics:driver", args=[driver_token(assembly.pk, PHONE)])
    with time_machine.travel(MORNING, tick=False), django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count('href="tel:') == count
