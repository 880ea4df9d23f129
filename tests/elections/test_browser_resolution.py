"""In Debian's chromium: a resolution put to the vote from the organisers' page, a voting
delegate's vote cast on a phone-sized screen, the hall display following the count and then
the result without reloading, the organiser closing and certifying; the resolution is adopted
with the majority it required shown."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from apps.elections.models import Resolution, Round

PHONE = {"width": 375, "height": 740}


def _log_in_organiser(page, base: str, organiser) -> None:
    from tests.factories import enrol_two_factor, two_factor_code

    secret = enrol_two_factor(organiser)
    page.goto(f"{base}/admin/login/?next=/elections/organise/")
    page.locator("#id_username").fill("organiser@example.org")
    page.locator("#id_password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("textbox", name="Code").fill(two_factor_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/elections/organise/$"))


@pytest.mark.browser
def test_resolution_vote_on_a_phone_organiser_closes_and_certifies(
    browser, live_server, transactional_db
):
    from apps.elections.services import voting
    from tests.elections.conftest import focal, member
    from tests.factories import AssemblyFactory, UserFactory

    organiser = UserFactory(
        email="organiser@example.org", is_staff=True, is_superuser=True, full_name="Olga"
    )
    assembly = AssemblyFactory(is_current=True)
    fr, na = member(assembly, "FR"), member(assembly, "NA")
    member(assembly, "TR")  # votes on the phone below
    resolution = Resolution.objects.create(
        assembly=assembly,
        reference="GA-2026-RES-07",
        title_en="Cooperation on cybercrime",
        share="two_thirds",
        mode="electronic",
    )
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1366, "height": 900})
    phone = browser.new_context(viewport=PHONE)
    try:
        # The organiser puts the resolution to the vote from the organisers' page.
        organiser_page = desk.new_page()
        _log_in_organiser(organiser_page, base, organiser)
        row = organiser_page.locator(f"#resolution-{resolution.pk}")
        expect(row).to_contain_text("two thirds of the votes cast")
        row.get_by_role("button", name="Put to the vote").click()
        organiser_page.wait_for_url(re.compile(r".*/elections/rounds/\d+/console/$"))
        round_ = Round.objects.get(resolution=resolution)
        expect(organiser_page.locator("#console-roll")).to_have_text("3")

        # The hall display, left open: it must follow without reloading.
        hall = desk.new_page()
        hall.goto(f"{base}/elections/rounds/{round_.pk}/display/")
        hall.evaluate("window.__notReloaded = true")
        expect(hall.locator("#hall-count")).to_have_text("0 / 3")

        # Türkiye's focal point votes for, on a phone.
        voter = phone.new_page()
        voter.goto(f"{base}/accounts/login/")
        voter.fill("#id_username", "focal-tr@example.org")
        voter.fill("#id_password", "a-long-test-password")
        voter.click("main button[type=submit]")
        voter.goto(f"{base}/elections/")
        voter.get_by_role("link", name="Vote", exact=True).click()
        voter.wait_for_url(re.compile(r".*/elections/rounds/\d+/vote/$"))
        expect(voter.get_by_text("on behalf of its voting delegate Voter TR")).to_be_visible()
        choice = voter.get_by_label("for", exact=True)
        box = choice.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= PHONE["width"]
        choice.check()
        submit = voter.get_by_role("button", name="Cast my vote")
        assert submit.bounding_box()["width"] >= 300  # full width on the phone
        submit.click()
        expect(voter.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
        width = voter.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]

        # France votes for and Namibia abstains (their focal points, elsewhere).
        voting.cast_ballot(round_=round_, choice="for", by=focal(fr), delegation=fr)
        voting.cast_ballot(round_=round_, choice="abstain", by=focal(na), delegation=na)

        # The hall shows the count, then (after closing) the tally: no partial result before.
        expect(hall.locator("#hall-count")).to_have_text("3 / 3", timeout=10_000)
        expect(hall.locator("#hall-result")).to_be_hidden()
        organiser_page.reload()
        expect(organiser_page.locator("#console-cast")).to_have_text("3")
        organiser_page.get_by_role("button", name="Close the vote").click()
        expect(organiser_page.locator("#console-result")).to_contain_text("for")
        expect(hall.locator("#hall-result")).to_be_visible(timeout=10_000)
        expect(hall.locator("#hall-count")).to_be_hidden()
        expect(hall.locator(".hall-figures").first).to_contain_text(
            "votes cast 2 · majority required 2 · abstentions 1"
        )

        organiser_page.get_by_role("button", name="Certify the result").click()
        expect(organiser_page.locator("#console-outcome")).to_have_text(
            "Adopted: two thirds of the votes cast was required (2)."
        )
        expect(hall.locator('.hall-language[lang="en"] .hall-label')).to_have_text(
            "certified result", timeout=10_000
        )
        expect(hall.locator('.hall-language[lang="fr"] .hall-outcome')).to_contain_text("Adoptée")
        assert hall.evaluate("window.__notReloaded") is True

        # The result, with the majority it required, on the delegations' list of votes.
        voter.goto(f"{base}/elections/")
        card = voter.locator(f"#resolution-{resolution.pk}").locator("xpath=..")
        expect(card).to_contain_text("adopted")
        expect(card).to_contain_text("Majority required: two thirds of the votes cast")
        expect(card).to_contain_text("2 for, 0 against, 1 abstaining")
    finally:
        desk.close()
        phone.close()

    resolution.refresh_from_db()
    round_.refresh_from_db()
    assert (resolution.status, resolution.votes_for, resolution.abstentions) == ("adopted", 2, 1)
    assert (round_.status, round_.certified_by) == ("certified", organiser)
