"""The portal shell in a real browser: log in, switch to Arabic, the page turns right-to-left."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_point_logs_in_and_switches_to_arabic(live_server, page):
    from tests.factories import AssemblyFactory, UserFactory

    AssemblyFactory(is_current=True)
    UserFactory(email="focal.ke@example.org", full_name="Wanjiru Kamau")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "focal.ke@example.org")
    page.fill("#id_password", "a-long-test-password")
    page.get_by_role("button", name="Log in").last.click()
    page.wait_for_url(f"{live_server.url}/")
    welcome = page.locator("h2").first.inner_text()
    page.select_option("#language-select", "ar")
    page.locator(".lang-switch button").click()
    page.wait_for_load_state()

    assert welcome == "Welcome, Wanjiru"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
