"""The inbox in a real browser: the header count, marking read, right-to-left in Arabic."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import AssemblyFactory, UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inbox_marks_read_and_header_count_drops(page, live_server):
    AssemblyFactory(is_current=True)
    user = UserFactory(email="fp@example.org", preferred_language="ar")
    NotificationFactory(recipient=user, context={"headline": "Meeting accepted"})
    NotificationFactory(recipient=user, context={"headline": "Session moved"})

    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "fp@example.org")
    page.fill("input[name=password]", "a-long-test-password")
    page.locator("form [type=submit]").last.click()
    page.goto(live_server.url + reverse("notifications:inbox"))

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".inbox-link .badge").inner_text() == "2"
    page.locator("li.unread form button").first.click()
    assert page.locator(".inbox-link .badge").inner_text() == "1"
    assert page.locator("li.inbox-item.read").count() == 1
