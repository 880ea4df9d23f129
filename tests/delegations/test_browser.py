"""End to end in Debian's chromium: a focal point accepts the invitation, adds two delegates
and submits them; an organiser approves them in the admin."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from apps.delegations.models import Delegate

PASSWORD = "a-sturdy-passphrase-2025"


@pytest.mark.browser
def test_focal_point_registers_and_organiser_approves(page, live_server, transactional_db):
    from apps.delegations.services import invite_focal_point
    from tests.factories import (
        AssemblyFactory,
        DelegationFactory,
        MemberCountryFactory,
        UserFactory,
        enrol_two_factor,
        two_factor_code,
    )

    organiser = UserFactory(
        email="organiser@example.org", is_staff=True, is_superuser=True, full_name="Olga"
    )
    assembly = AssemblyFactory(is_current=True)
    delegation = DelegationFactory(
        assembly=assembly, country=MemberCountryFactory(iso2="FR", name_en="France")
    )
    _invitation, token = invite_focal_point(
        delegation=delegation, email="claire@interieur.example", by=organiser
    )

    # The focal point accepts the invitation and lands in the portal.
    page.goto(f"{live_server.url}/accounts/invitation/{token}/")
    page.get_by_label("Your e-mail address").fill("claire@interieur.example")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    page.wait_for_url(re.compile(r".*/delegation/overview/$"))
    expect(page.get_by_role("heading", name="France")).to_be_visible()

    # Two delegates.
    for family, given in (("Fontaine", "Claire"), ("Mercier", "Julien")):
        page.get_by_role("link", name="Add a delegate").first.click()
        page.locator("#id_family_name").fill(family)
        page.locator("#id_given_names").fill(given)
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r".*/delegation/overview/$"))
    expect(page.get_by_text("2 delegates not yet submitted")).to_be_visible()

    # Submit both at once.
    page.get_by_role("button", name=re.compile("Submit all 2 drafts")).click()
    page.wait_for_url(re.compile(r".*/delegation/overview/$"))
    expect(page.get_by_text("2 delegates submitted for accreditation.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The organiser approves both in the admin (password, then the code from the app).
    secret = enrol_two_factor(organiser)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/delegations/delegate/")
    page.locator("#id_username").fill("organiser@example.org")
    page.locator("#id_password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("textbox", name="Code").fill(two_factor_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/admin/delegations/delegate/$"))
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").click()
    expect(page.get_by_text("2 delegates approved.")).to_be_visible()

    numbers = sorted(
        Delegate.objects.filter(accreditation_status="approved").values_list(
            "accreditation_number", flat=True
        )
    )
    assert len(numbers) == 2
    assert all(n.startswith("93-FR-") for n in numbers)
