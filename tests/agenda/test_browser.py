"""In a real browser: a focal point reads the agenda in Arabic, right to left, in local time."""

import pytest

from tests.agenda.factories import SessionFactory, local
from tests.factories import AssemblyFactory, DelegationFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_focal_point_reads_arabic_agenda_right_to_left(live_server, page):
    assembly = AssemblyFactory(is_current=True)
    SessionFactory(
        assembly=assembly,
        title_en="Opening ceremony",
        title_ar="حفل الافتتاح",
        starts_at=local(2025, 11, 24, 10, 30),
    )
    user = UserFactory(email="focal.ar@example.org", preferred_language="ar")
    DelegationFactory(assembly=assembly, country__iso2="EG").focal_points.add(user)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "focal.ar@example.org")
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/agenda/?day=2025-11-24")

    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("h1").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    row = page.locator("tbody tr").first
    assert "حفل الافتتاح" in row.inner_text()
    # The time reads whole, in the reader's language: the zone's city is named in Arabic.
    assert "10:30 مراكش (UTC+1)" in row.locator("time").first.inner_text()
