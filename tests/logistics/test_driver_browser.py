"""The driver's view on a 390 px phone, in English and in Arabic: nothing wider than the
screen, phone numbers tappable, right to left in Arabic."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.logistics import services
from apps.logistics.drivers import driver_token
from apps.logistics.models import TransferSeat
from tests.factories import DelegateFactory, DelegationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "+212600000001"


def _driver_link(assembly, organiser) -> str:
    focal = UserFactory(email="fp-driver@example.org")
    delegation = DelegationFactory(assembly=assembly)
    delegation.focal_points.add(focal)
    hotel = services.save_hotel(
        assembly=assembly,
        by=organiser,
        name="Palmeraie Palace",
        address="Circuit de la Palmeraie, Marrakech",
        distance_km=Decimal("1.5"),
        shuttle_minutes=10,
    )
    landing = timezone.now().replace(microsecond=0) + dt.timedelta(hours=3)
    for i in range(3):
        person = DelegateFactory(
            delegation=delegation,
            family_name=f"Abdelrahmane-Benkiran{i}",
            given_names="Mohammed Amine",
            phone=f"+25470000000{i}",
        )
        services.save_travel_record(
            delegate=person,
            by=focal,
            arrival_mode="flight",
            arrival_flight="AT801",
            arrival_airport="RAK",
            arrival_at=landing,
            hotel_wish=hotel,
        )
    services.plan_transfers(assembly=assembly, by=organiser)
    run = TransferSeat.objects.filter(delegate__delegation=delegation).first().run
    services.update_transfer_run(run=run, by=organiser, driver_name="Youssef", driver_phone=PHONE)
    return reverse("logistics:driver", args=[driver_token(assembly.pk, PHONE)])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_driver_view_fits_a_phone(browser, live_server, assembly, organiser, language):
    path = _driver_link(assembly, organiser)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")

    assert page.locator("a[href^='tel:']").count() == 3
    assert page.get_by_text("ABDELRAHMANE-BENKIRAN0").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide"
    direction = page.locator("html").get_attribute("dir") or "ltr"
    assert direction == ("rtl" if language == "ar" else "ltr")
    if shots := os.environ.get("GA_SHOTS_DIR"):
        page.screenshot(path=f"{shots}/driver-390-{language}.png", full_page=True)
    context.close()
