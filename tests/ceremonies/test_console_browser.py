"""The live console in a real browser: the stage manager advances, a second viewer follows."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from apps.ceremonies.models import Cue
from tests.ceremonies.factories import CeremonyFactory, CueFactory
from tests.factories import AssemblyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(context, user, live_server) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_console_advances_two_cues_and_viewer_sees_it(page, browser, live_server):
    from django.contrib.auth.models import Group
    from playwright.sync_api import expect

    from apps.accounts.roles import ORGANISER_ADMIN, ORGANISER_READ_ONLY, sync_roles

    sync_roles()
    assembly = AssemblyFactory(is_current=True)
    ceremony = CeremonyFactory(assembly=assembly, title_en="Closing ceremony")
    CueFactory(ceremony=ceremony, order=1, title_en="Closing speeches", duration_minutes=30)
    CueFactory(ceremony=ceremony, order=2, title_en="Flag handover", duration_minutes=10)
    CueFactory(ceremony=ceremony, order=3, title_en="Group photo", duration_minutes=10)
    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=ORGANISER_ADMIN))
    viewer = UserFactory(is_staff=True)
    viewer.groups.add(Group.objects.get(name=ORGANISER_READ_ONLY))
    url = f"{live_server.url}/ceremonies/{ceremony.pk}/console/"

    _log_in(page.context, manager, live_server)
    viewer_context = browser.new_context()
    _log_in(viewer_context, viewer, live_server)
    viewer_page = viewer_context.new_page()
    page.goto(url)
    viewer_page.goto(url)
    expect(viewer_page.get_by_text("Read-only view")).to_be_visible()

    page.get_by_role("button", name="Next").click()
    expect(page.locator("#console-current-title")).to_have_text("1. Closing speeches")
    expect(page.locator("#console-next-title")).to_have_text("2. Flag handover")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#console-current-title")).to_have_text("2. Flag handover")

    expect(viewer_page.locator("#console-current-title")).to_have_text(
        "2. Flag handover", timeout=4000
    )
    expect(viewer_page.locator("#console-next-title")).to_have_text("3. Group photo")
    expect(viewer_page.locator("#console-delta")).to_contain_text("min")
    started = list(
        Cue.objects.filter(ceremony=ceremony)
        .order_by("order")
        .values_list("title_en", "actual_started_at")
    )
    assert [title for title, at in started if at is not None] == [
        "Closing speeches",
        "Flag handover",
    ]
    viewer_context.close()


def test_console_undo_takes_back_the_last_next(page, live_server):
    from django.contrib.auth.models import Group
    from playwright.sync_api import expect

    from apps.accounts.roles import ORGANISER_ADMIN, sync_roles

    sync_roles()
    assembly = AssemblyFactory(is_current=True)
    ceremony = CeremonyFactory(assembly=assembly, title_en="Closing ceremony")
    CueFactory(ceremony=ceremony, order=1, title_en="Closing speeches", duration_minutes=30)
    CueFactory(ceremony=ceremony, order=2, title_en="Flag handover", duration_minutes=10)
    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=ORGANISER_ADMIN))
    _log_in(page.context, manager, live_server)
    page.goto(f"{live_server.url}/ceremonies/{ceremony.pk}/console/")
    undo = page.get_by_role("button", name="Undo last step")
    expect(undo).to_be_disabled()

    page.get_by_role("button", name="Next").click()
    expect(page.locator("#console-current-title")).to_have_text("1. Closing speeches")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#console-current-title")).to_have_text("2. Flag handover")
    undo.click()

    expect(page.locator("#console-current-title")).to_have_text("1. Closing speeches")
    expect(page.locator("#console-next-title")).to_have_text("2. Flag handover")
    second = Cue.objects.get(ceremony=ceremony, order=2)
    assert second.actual_started_at is None


def test_admin_roles_drop_down_shows_what_is_ticked(page, live_server):
    """The compact cue row's roles drop-down: its summary follows the boxes as they are ticked,
    before the page is saved."""
    from django.contrib.auth.models import Group
    from playwright.sync_api import expect

    from apps.accounts.roles import ORGANISER_ADMIN, sync_roles

    sync_roles()
    assembly = AssemblyFactory(is_current=True)
    ceremony = CeremonyFactory(assembly=assembly, title_en="Closing ceremony")
    CueFactory(ceremony=ceremony, order=1, title_en="Welcome", duration_minutes=10)
    organiser = UserFactory(is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISER_ADMIN))
    _log_in(page.context, organiser, live_server)
    page.goto(f"{live_server.url}/admin/ceremonies/ceremony/{ceremony.pk}/change/")

    checklist = page.locator("details.ga-checklist").first
    summary = checklist.locator("summary")
    expect(summary).to_have_text("—")
    summary.click()
    boxes = checklist.locator("input[type=checkbox]")
    first, second = (
        boxes.nth(i).evaluate("b => b.parentElement.textContent.trim()") for i in (0, 1)
    )
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(summary).to_have_text(f"{first}, {second}")
    boxes.nth(0).uncheck()
    expect(summary).to_have_text(second)
