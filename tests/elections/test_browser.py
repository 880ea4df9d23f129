"""In Debian's chromium: the voting delegate's vote cast on a phone-sized screen by the focal
point, then an organiser closes and certifies the round in the admin and the hall sees it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.elections.models import Round


@pytest.mark.browser
def test_vote_on_a_phone_and_organiser_certifies(page, live_server, transactional_db):
    from apps.elections.models import Candidate, Election
    from apps.elections.services import voting
    from tests.elections.conftest import member
    from tests.factories import AssemblyFactory, UserFactory, enrol_two_factor, two_factor_code

    organiser = UserFactory(
        email="organiser@example.org", is_staff=True, is_superuser=True, full_name="Olga"
    )
    assembly = AssemblyFactory(is_current=True)
    fr, tr = member(assembly, "FR"), member(assembly, "TR")
    election = Election.objects.create(
        assembly=assembly,
        seat="president",
        nomination_deadline=timezone.now() - dt.timedelta(hours=1),
        mode="electronic",
    )
    Candidate.objects.create(election=election, delegation=fr, name="Candidate of France")
    Candidate.objects.create(election=election, delegation=tr, name="Candidate of Türkiye")
    round_ = voting.open_round(election=election, by=organiser)

    # The focal point of Türkiye votes on a phone.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "focal-tr@example.org")
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/elections/")
    page.get_by_role("link", name="Vote", exact=True).click()
    page.wait_for_url(re.compile(r".*/elections/rounds/\d+/vote/$"))
    expect(page.get_by_text("on behalf of its voting delegate Voter TR")).to_be_visible()
    choice = page.get_by_label("Candidate of France")
    box = choice.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 375
    choice.check()
    submit = page.get_by_role("button", name="Cast my vote")
    assert submit.bounding_box()["width"] >= 300  # a full-width button on the phone
    submit.click()
    expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    receipt = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", receipt)
    page.get_by_role("button", name="Log out").click()

    # The organiser closes and certifies in the admin.
    page.set_viewport_size({"width": 1280, "height": 900})
    secret = enrol_two_factor(organiser)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/elections/round/")
    page.locator("#id_username").fill("organiser@example.org")
    page.locator("#id_password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("textbox", name="Code").fill(two_factor_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/admin/elections/round/$"))
    for action in ("close", "certify"):
        page.locator("#action-toggle").check()
        page.locator("select[name=action]").select_option(action)
        page.locator("button[name=index]").click()
        page.wait_for_url(re.compile(r".*/admin/elections/round/$"))
    round_.refresh_from_db()
    assert round_.status == Round.Status.CERTIFIED
    assert round_.certified_by == organiser

    page.goto(f"{live_server.url}/elections/rounds/{round_.pk}/display/")
    expect(page.locator("#hall-result")).to_contain_text("Candidate of France")
    expect(page.locator("tr.elected")).to_contain_text("1")
    expect(page.get_by_text("certified result")).to_be_visible()
