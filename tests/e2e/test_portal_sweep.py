"""Every portal page, as a focal point sees it on a phone (390 px) and a laptop (1,366 px), in
each of the four languages, on the demo data: no horizontal scrolling, no script error, and no
serious or critical accessibility violation found by axe-core (injected from node_modules, the
version of package-lock.json; `make test` runs `npm ci`). The key admin pages (the index, the
delegations list, a delegation's form) get the same accessibility check at 1,366 px in English
and Arabic.

The pages are found by following links from the home page, so a new page is swept the day it is
linked; a portal page that no link reaches fails the sweep (a page people cannot find is a bug
too). Screenshots go to GA_SCREENSHOTS_DIR (CI keeps them) so a person can look at them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# What axe reports that fails the sweep; "moderate" and "minor" are left to judgement.
AXE_FAILS = ("serious", "critical")
AXE_JS = """async (levels) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter((v) => levels.includes(v.impact)).map((v) =>
    `${v.impact} ${v.id}: ${v.help} ` +
    `(${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
}"""
ADMIN_LANGUAGES = ("en", "ar")
ADMIN_WIDTH = 1366

WIDTHS = (390, 1366)
# A phone's first screen (390 x 844): the first item of a list page starts within it.
PHONE_WIDTH, PHONE_HEIGHT = 390, 844
# Where the page's first item starts: the first row or card of its main list, else the first
# block of content after the heading (the heading's own block, toolbars and filters aside).
FOLD_JS = """() => {
  const main = document.querySelector('main') || document.body;
  const aside = 'nav, header, footer, .messages, .page-head, .toolbar, .filters, .visually-hidden';
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.height > 0 && box.width > 0 && !el.closest(aside);
  };
  const top = (el) => Math.round(el.getBoundingClientRect().top + window.scrollY);
  const first = (selectors) => selectors
    .map((selector) => [...main.querySelectorAll(selector)].find(visible))
    .filter(Boolean)
    .sort((a, b) => top(a) - top(b))[0];
  const item = first(['table tbody tr', '.card', 'ol > li', 'ul > li'])
    || first(['dl', 'form', 'p']);
  const heading = main.querySelector('h1');
  return {
    item: item ? top(item) : null,
    what: item ? item.tagName.toLowerCase() + '.' + item.className : '',
    heading: heading ? top(heading) : null,
  };
}"""
LANGUAGES = ("en", "fr", "es", "ar")
# Every namespace is the portal's except these (a new app's pages are swept the day they exist).
NOT_PORTAL = ("admin", "api", "accounts")
# Portal routes that are not pages: actions that only take a POST, files and feeds.
NOT_PAGES = {
    "delegations:home",  # a redirect to the overview
    "delegations:delegate_delete",
    "delegations:delegate_submit",
    "delegations:delegate_withdraw",  # the question before an action ("Withdraw X?")
    "delegations:delegate_restore",  # "Undo", a POST
    "delegations:submit_all",
    "delegations:delegates_copy_previous",  # a button of the next edition's overview
    "delegations:credentials_letter",
    "delegations:delegate_photo",
    "agenda:programme_print",  # the printable programme, for paper
    "agenda:feed",
    "agenda:session_ics",
    "meetings:meeting_confirm",
    "meetings:request_answer",
    "meetings:request_withdraw",  # the question before an action ("Withdraw your request?")
    "meetings:request_restore",  # "Undo", a POST
    "meetings:meeting_confirm_selected",
    "meetings:meeting_ics",
    "meetings:availability_remove",
    "ceremonies:run_sheet_pdf",
    "ceremonies:console_state",
    "ceremonies:console_advance",
    "ceremonies:console_undo",  # "Undo last step", a POST
    "elections:state",  # the hall display's and the vote console's poll (JSON)
    "elections:open_election",
    "elections:open_resolution",
    "elections:close",
    "elections:certify",
    "elections:paper_count",
    "elections:discard_counts",
    "notifications:mark_read",
    "notifications:mark_all_read",
    "badges:gate",  # the gate staff's scanner, swept by tests/badges (camera, network cut)
    "badges:gate-sw",  # the gate's service worker: a script, not a page
    "logistics:booking_cancel",
    "logistics:visa_request",
    "logistics:visa_pdf",
    "logistics:visa_verify",  # reached from a letter's QR code, with its token
    "logistics:driver",  # a driver's signed link, sent to the phone; tests/logistics at 390 px
}
# Pages of a vote while it is open: the demo's votes are certified, so no link leads there;
# tests/elections drives them in a phone-sized browser.
OPEN_VOTE_PAGES = {"elections:vote", "elections:booth", "elections:receipt", "elections:display"}
SKIP_LINK = re.compile(r"\.(ics|pdf|csv|xlsx|json|jpg|png)$|/logout/|^/admin/|^/api/|^/accounts/")
# What does not fit: the page itself scrolls sideways, or a box inside it hides columns behind a
# sideways scroll (a table cut off at the screen's edge is as unusable as a page too wide).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
  const cut = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (el.clientWidth <= 1 || style.position === 'fixed') continue;
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      cut.push(`${name(el)} hides ${el.scrollWidth - el.clientWidth} px`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, cut: cut.slice(0, 5)};
}"""


def _portal_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace:
                names.add(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns, None)  # outside a namespace: health, metrics, schema
    portal = {name for name in names if name.split(":")[0] not in NOT_PORTAL}
    return portal - NOT_PAGES - OPEN_VOTE_PAGES


def _route_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _crawl(client: Client, start: str = "/") -> tuple[dict[str, str], list[str]]:
    """Route name -> the first address found for it, following links from the home page; and
    the links that lead nowhere (an error instead of a page)."""
    found: dict[str, str] = {}
    dead: list[str] = []
    queue, seen = [(start, "")], {start}
    while queue:
        path, linked_from = queue.pop(0)
        response = client.get(path)
        if response.status_code >= 400:
            dead.append(f"{path} (linked from {linked_from}): {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        name = _route_name(path)
        if name and name not in found:
            found[name] = path
        for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
            parts = urlsplit(href)
            if parts.netloc or SKIP_LINK.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            route = _route_name(parts.path)
            # One address per route (and its filtered variants once): pages, not every row.
            if target in seen or route is None or route in found or route in NOT_PAGES:
                continue
            seen.add(target)
            queue.append((target, path))
    return found, dead


def _sweep(live_server, browser, user, pages, language: str, width: int, shots: Path) -> list[str]:
    """The pages this user was found to reach, in one language at one width."""
    problems: list[str] = []
    context = _context(browser, width)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    _login(context, live_server, user)  # the log-in page has its own browser test
    for name, (path, seen_by) in sorted(pages.items()):
        if seen_by != user:
            continue
        errors.clear()
        page.goto(f"{live_server.url}{path}", wait_until="load")
        measured = page.evaluate(OVERFLOW_JS)
        slug = name.replace(":", "-")
        page.screenshot(path=str(shots / f"{slug}-{language}-{width}.png"), full_page=True)
        where = f"{path} ({name}) in {language} at {width} px"
        if measured["scroll"] > measured["width"] + 1:
            problems.append(f"{where}: the page is {measured['scroll']} px wide")
        if measured["cut"]:
            problems.append(f"{where}: cut off: {measured['cut']}")
        if errors:
            problems.append(f"{where}: script errors {errors}")
        if width == PHONE_WIDTH:
            problems += _below_the_fold(page, where)
        problems += [f"{where}: {v}" for v in page.evaluate(AXE_JS, list(AXE_FAILS))]
    context.close()
    return problems


def _below_the_fold(page, where: str) -> list[str]:
    """On a phone, the page's heading and its first item start on the first screen."""
    page.evaluate("window.scrollTo(0, 0)")
    fold = page.evaluate(FOLD_JS)
    problems = []
    if fold["heading"] is not None and fold["heading"] >= PHONE_HEIGHT:
        problems.append(f"{where}: the heading starts at {fold['heading']} px, below the fold")
    if fold["item"] is not None and fold["item"] >= PHONE_HEIGHT:
        problems.append(
            f"{where}: the first item ({fold['what']}) starts at {fold['item']} px, "
            f"below the first screen ({PHONE_HEIGHT} px)"
        )
    return problems


def _context(browser, width: int):
    """A browser context of `width` px with axe-core in every page (an init script: the
    pages' Content-Security-Policy does not apply to it, and nothing is fetched)."""
    assert AXE.exists(), f"{AXE} is missing: run `make node-packages` (npm ci)"
    height = PHONE_HEIGHT if width == PHONE_WIDTH else 800
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(path=str(AXE))
    return context


def _login(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def _sweep_admin(live_server, browser, organiser, paths: list[str], shots: Path) -> list[str]:
    """The organiser's key admin pages at 1,366 px in English and Arabic: no script error and
    no serious or critical accessibility violation."""
    problems: list[str] = []
    for language in ADMIN_LANGUAGES:
        type(organiser).objects.filter(pk=organiser.pk).update(preferred_language=language)
        context = _context(browser, ADMIN_WIDTH)
        _login(context, live_server, organiser)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None,
        )
        for path in paths:
            errors.clear()
            page.goto(f"{live_server.url}{path}", wait_until="load")
            slug = "admin" + path.strip("/").replace("/", "-")[len("admin") :]
            page.screenshot(
                path=str(shots / f"{slug}-{language}-{ADMIN_WIDTH}.png"), full_page=True
            )
            where = f"{path} in {language} at {ADMIN_WIDTH} px"
            if errors:
                problems.append(f"{where}: script errors {errors}")
            problems += [f"{where}: {v}" for v in page.evaluate(AXE_JS, list(AXE_FAILS))]
        context.close()
    return problems


def test_every_portal_page_fits_a_phone_in_every_language(live_server, browser):
    from apps.accounts.models import User
    from apps.core.demo import ORGANISER_EMAIL
    from apps.core.models import Assembly
    from apps.core.services import make_assembly_current

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    # The 93rd: the edition with a programme, meetings, ceremonies, badges and travel (the
    # demo's current one, the 94th, is still being prepared).
    make_assembly_current(assembly=Assembly.objects.get(number=93))
    # A focal point sees the delegation's pages; an organiser also the run sheet, the live
    # console and who is present.
    focal_point = User.objects.get(email="focal.ma@ga-planner.local")
    organiser = User.objects.get(email=ORGANISER_EMAIL)
    pages: dict[str, tuple[str, User]] = {}
    dead: list[str] = []
    for user, start in ((focal_point, "/"), (organiser, "/"), (organiser, "/ceremonies/")):
        client = Client()
        client.force_login(user)
        found, broken = _crawl(client, start)
        pages.update({name: (path, user) for name, path in found.items() if name not in pages})
        dead += broken
    unreached = sorted(_portal_routes() - set(pages))

    shots = Path(os.environ.get("GA_SCREENSHOTS_DIR", "var/screenshots/portal"))
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for language in LANGUAGES:
        User.objects.update(preferred_language=language)
        for width in WIDTHS:
            for user in (focal_point, organiser):
                problems += _sweep(live_server, browser, user, pages, language, width, shots)

    from apps.delegations.models import Delegation

    delegation = Delegation.objects.filter(assembly__number=93).order_by("pk").first()
    admin_paths = [
        "/admin/",
        "/admin/delegations/delegation/",
        f"/admin/delegations/delegation/{delegation.pk}/change/",
    ]
    problems += _sweep_admin(live_server, browser, organiser, admin_paths, shots)

    print(f"\nportal sweep: {len(pages)} pages x {len(LANGUAGES)} languages x {len(WIDTHS)} widths")  # noqa: T201
    assert problems == [], "\n".join(problems)
    assert dead == [], f"links that lead to an error: {dead}"
    assert unreached == [], f"portal pages no link reaches: {unreached}"
