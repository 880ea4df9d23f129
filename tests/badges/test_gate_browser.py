"""The gate page in a real browser: online verdicts from the server; with the network cut, the
device verifies the Ed25519 signature itself against the downloaded list and queues the scans;
when the network returns they are synced, each once, and an admission of a badge revoked in
the meantime is reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from apps.badges import services
from apps.badges.models import BadgeCategory, Scan, Zone
from apps.badges.pdf import badge_token
from tests.delegations.factories import approved_delegate
from tests.factories import AssemblyFactory, DelegationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(context, user, live_server) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def gate_world(tmp_path):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import GATE_STAFF, ORGANISER_ADMIN, sync_roles

    sync_roles()
    # The browser runs on the real clock: an assembly around today.
    today = timezone.localdate()
    assembly = AssemblyFactory(
        number=150,
        is_current=True,
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=2),
    )
    organiser = UserFactory(email="org@example.org", is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISER_ADMIN))
    staff = UserFactory(email="gate@example.org", is_staff=True)
    staff.groups.add(Group.objects.get(name=GATE_STAFF))
    plenary = services.save_config(
        obj=Zone(assembly=assembly, code="plenary", name="Plenary hall", no_passback=True),
        by=organiser,
    )
    category = services.save_config(
        obj=BadgeCategory(assembly=assembly, code="delegate", name="Delegate"), by=organiser
    )
    services.set_category_zones(category=category, zones=[plenary], by=organiser)
    delegation = DelegationFactory(assembly=assembly, country__iso2="EG")
    first = services.issue_badge(
        category=category,
        delegate=approved_delegate(
            delegation, organiser, family_name="Haddad", given_names="Karim"
        ),
        by=organiser,
    )
    second = services.issue_badge(
        category=category,
        delegate=approved_delegate(
            delegation, organiser, family_name="Mansour", given_names="Leila"
        ),
        by=organiser,
    )
    return {"organiser": organiser, "staff": staff, "first": first, "second": second}


def _scan(page, token: str) -> None:
    page.fill("#gate-token", token)
    page.press("#gate-token", "Enter")


def test_gate_scans_offline_and_syncs_once(page, live_server, gate_world, settings, tmp_path):
    from playwright.sync_api import expect

    first, second = gate_world["first"], gate_world["second"]
    first_token, second_token = badge_token(first), badge_token(second)
    tampered = first_token[:-3] + ("AAA" if not first_token.endswith("AAA") else "BBB")
    _log_in(page.context, gate_world["staff"], live_server)
    page.goto(f"{live_server.url}/badges/gate/")
    expect(page.locator("#gate-bundle-state")).to_have_text("Gate list ready: 2 badges")

    # Online: the server decides and records.
    _scan(page, first_token)
    verdict = page.locator("#gate-verdict")
    expect(verdict).to_have_attribute("data-mode", "online")
    expect(page.locator("#gate-verdict-word")).to_have_text("Admitted")
    assert Scan.objects.count() == 1

    # The network drops; meanwhile the organisers revoke the second badge.
    page.context.set_offline(True)
    services.revoke_badge(badge=second, by=gate_world["organiser"], reason="Stolen")

    _scan(page, second_token)
    expect(verdict).to_have_attribute("data-mode", "offline")
    expect(page.locator("#gate-verdict-word")).to_have_text("Admitted")
    _scan(page, tampered)
    expect(verdict).to_have_attribute("data-reason", "unknown")
    expect(page.locator("#gate-verdict-word")).to_have_text("Refused")
    _scan(page, first_token)
    expect(verdict).to_have_attribute("data-reason", "already_inside")
    expect(page.locator("#gate-queue")).to_have_text("Scans waiting to be sent: 3")
    queued = page.evaluate("localStorage.getItem('gaGateQueue')")
    assert Scan.objects.count() == 1

    # Back online: synced once, the revoked admission reported.
    page.context.set_offline(False)
    expect(page.locator("#gate-queue")).to_have_text("", timeout=15000)
    expect(page.locator("#gate-alerts")).to_have_text("Admitted while revoked: 1")
    assert Scan.objects.count() == 4
    assert Scan.objects.get(badge=second).admitted_while_revoked is True

    # The same batch sent again records nothing.
    again = page.evaluate(
        """async (queued) => {
            const csrf = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            const resp = await fetch('/api/v1/badges/scans/sync/', {method: 'POST',
                headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf},
                body: JSON.stringify({scans: JSON.parse(queued)})});
            return (await resp.json()).results.map(r => r.recorded);
        }""",
        queued,
    )
    assert again == [False, False, False]
    assert Scan.objects.count() == 4


def test_gate_search_by_name_admits(page, live_server, gate_world):
    from playwright.sync_api import expect

    _log_in(page.context, gate_world["staff"], live_server)
    page.goto(f"{live_server.url}/badges/gate/")
    expect(page.locator("#gate-bundle-state")).to_have_text("Gate list ready: 2 badges")

    page.fill("#gate-query", "mans")
    page.locator("#gate-results button").click()

    expect(page.locator("#gate-verdict-word")).to_have_text("Admitted")
    expect(page.locator("#gate-verdict-name")).to_have_text("Leila MANSOUR")
    assert Scan.objects.get().badge == gate_world["second"]


def test_gate_page_opens_offline_after_a_first_visit(page, live_server, gate_world):
    from playwright.sync_api import expect

    _log_in(page.context, gate_world["staff"], live_server)
    page.goto(f"{live_server.url}/badges/gate/")
    expect(page.locator("#gate-bundle-state")).to_have_text("Gate list ready: 2 badges")
    # The service worker has kept the page and its files.
    expect(page.locator("body")).to_have_attribute("data-offline-ready", "1", timeout=15000)

    page.context.set_offline(True)
    response = page.reload()

    assert response is not None
    assert response.from_service_worker
    expect(page.locator("#gate-token")).to_be_visible()
    expect(page.locator("#gate-bundle-state")).to_have_text("Gate list ready: 2 badges")
    _scan(page, badge_token(gate_world["first"]))
    expect(page.locator("#gate-verdict")).to_have_attribute("data-mode", "offline")
    expect(page.locator("#gate-verdict-word")).to_have_text("Admitted")
    radius = "getComputedStyle(document.querySelector('.gate-verdict')).borderRadius"
    assert page.evaluate(radius) == "12px"  # gate.css came from the kept copy
    page.context.set_offline(False)


def test_service_worker_is_only_for_gate_staff(client, gate_world):
    client.force_login(gate_world["staff"])
    response = client.get("/badges/gate/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert b'addEventListener("fetch"' in response.content

    client.force_login(UserFactory(email="nobody@example.org"))
    assert client.get("/badges/gate/sw.js").status_code == 404
