"""End to end in Debian's chromium: one focal point requests, the other accepts, both see it."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.meetings.models import MeetingRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_request_and_accept_in_the_portal(page, live_server, morocco, france, tmp_path):
    _log_in(page, live_server, morocco.focal_point)
    page.goto(f"{live_server.url}/meetings/new/")
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
    # One type-ahead: the list offers the delegations, typing a name picks one.
    assert page.locator("datalist#invitee-options option[value=France]").count() == 1
    page.get_by_label("Delegation to meet").fill("France")
    page.get_by_label("Topic").fill("Maritime security")
    page.get_by_label("High", exact=True).check()
    page.get_by_label("Tue 25 Nov morning").check()
    page.get_by_role("button", name="Send the request").click()
    assert page.get_by_role("heading", name="Morocco \N{EN DASH} France").is_visible()
    page.screenshot(path=str(tmp_path / "request.png"), full_page=True)

    _log_in(page, live_server, france.focal_point)
    page.goto(f"{live_server.url}/meetings/")
    assert page.get_by_role("link", name="1 request awaits your answer").is_visible()
    assert page.get_by_text("awaits your answer", exact=True).is_visible()
    page.get_by_role("link", name="Maritime security").click()
    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)
    page.get_by_label("Accept: the organisers place the meeting").check()
    page.get_by_role("button", name="Send my answer").click()

    assert page.get_by_text("Accepted. The organisers will place the meeting.").is_visible()
    created = MeetingRequest.objects.get()
    assert (created.status, created.priority) == (MeetingRequest.Status.ACCEPTED, "high")
    assert created.preferred == ["2025-11-25 am"]
