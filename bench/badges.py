"""Badges at assembly scale, in a throwaway test database:

    DATABASE_URL=postgres://... .venv/bin/python bench/badges.py [badges]

- 1,000 badges (with a photo each, half with an Arabic name) printed as one CR80 PDF: seconds
  and the process's peak memory (target: <= 60 s and <= 1 GB on the two-core machine);
- verification per scan on the server: verify_token alone, and record_scan (verdict + row
  written), median and p99;
- a sync of 1,000 queued (offline) scans in one batch;
- verification offline in the browser (Debian's chromium, WebCrypto Ed25519, as the gate page
  does it): median and p99 per token.

    DATABASE_URL=postgres://... .venv/bin/python bench/badges.py bundle

- the demo assembly's gate bundle in KB, without photos and with a thumbnail for each delegate.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("GA_VAR_DIR", tempfile.mkdtemp(prefix="ga-bench-badges-"))

import django

django.setup()

import logging  # noqa: E402

# WeasyPrint logs each page it lays out at INFO: a thousand lines that measure nothing.
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _workers_peak_mb() -> float:
    """The largest peak of the layout worker processes (finished children)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _photo() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (300, 400), (180, 190, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _quantiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"


def main(count: int) -> None:
    import time_machine
    from django.contrib.auth.models import Group

    from apps.accounts.models import User
    from apps.accounts.roles import GATE_STAFF, ORGANISER_ADMIN, sync_roles
    from apps.badges import services
    from apps.badges.models import Badge, BadgeCategory, Zone
    from apps.badges.pdf import badge_token
    from apps.core.models import Assembly
    from apps.delegations.demo import seed_member_countries
    from apps.delegations.models import Delegate, Delegation, MemberCountry

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ga-bench-media-"))
    sync_roles()
    assembly = Assembly.objects.create(
        number=93, name="93rd", city="Marrakech", country="Morocco",
        start_date=dt.date(2025, 11, 24), end_date=dt.date(2025, 11, 27), is_current=True,
    )  # fmt: skip
    organiser = User.objects.create_user("bench@example.org", None, full_name="B", is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISER_ADMIN))
    seed_member_countries()
    delegations = Delegation.objects.bulk_create(
        [Delegation(assembly=assembly, country=c, quota=100) for c in MemberCountry.objects.all()]
    )
    photo_path = "bench/photo.jpg"
    (settings.MEDIA_ROOT / "bench").mkdir(parents=True)
    (settings.MEDIA_ROOT / photo_path).write_bytes(_photo())
    delegates = Delegate.objects.bulk_create(
        [
            Delegate(
                delegation=delegations[i % len(delegations)],
                family_name=f"Haddad{i}",
                given_names="Karim",
                family_name_native="حداد" if i % 2 else "",
                given_names_native="كريم" if i % 2 else "",
                accreditation_status="approved",
                accreditation_number=f"93-B-{i:06d}",
                photo=photo_path,
            )
            for i in range(count)
        ]
    )
    plenary = Zone.objects.create(assembly=assembly, code="plenary", name="Plenary hall")
    category = BadgeCategory.objects.create(assembly=assembly, code="delegate", name="Delegate")
    category.zones.add(plenary)
    Badge.objects.bulk_create(
        [Badge(assembly=assembly, category=category, delegate=d) for d in delegates]
    )
    badges = list(Badge.objects.order_by("id"))
    print(f"{count} badges on {connection.vendor}; peak before printing {_peak_mb():.0f} MB")

    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    pdf = services.print_badges(badges=badges, by=organiser, paper="cr80")
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        "CPU time: this process "
        f"{cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime:.1f}"
        f" s, the layout workers {workers.ru_utime + workers.ru_stime:.1f} s"
    )
    print(
        f"print {count} badges as one CR80 PDF: {elapsed:.1f} s, {len(pdf) / 1e6:.1f} MB, "
        f"peak memory of the process {_peak_mb():.0f} MB, of each layout worker at most "
        f"{_workers_peak_mb():.0f} MB (load average {os.getloadavg()[0]:.1f})"
    )

    gate = User.objects.create_user("gate@example.org", None, full_name="G", is_staff=True)
    gate.groups.add(Group.objects.get(name=GATE_STAFF))
    badges = list(Badge.objects.select_related("assembly").order_by("id"))
    tokens = [badge_token(b) for b in badges]
    with time_machine.travel(dt.datetime(2025, 11, 25, 9, tzinfo=dt.UTC), tick=True):
        verify = []
        for token in tokens:
            t0 = time.perf_counter()
            services.verify_token(token=token, zone=plenary)
            verify.append(time.perf_counter() - t0)
        print(f"verify_token per scan: {_quantiles(verify)}")
        record = []
        for token in tokens:
            t0 = time.perf_counter()
            services.record_scan(
                scan_id=uuid.uuid4(), token=token, zone=plenary, gate="G", direction="in", by=gate
            )
            record.append(time.perf_counter() - t0)
        print(f"record_scan per scan (verdict + row): {_quantiles(record)}")
        at = dt.datetime(2025, 11, 25, 9, 1, tzinfo=dt.UTC)
        queued = [
            {
                "scan_id": uuid.uuid4(), "zone": plenary.pk, "gate": "G", "direction": "out",
                "scanned_at": at, "token": token, "admitted": True, "reason": "ok",
            }
            for token in tokens
        ]  # fmt: skip
        t0 = time.perf_counter()
        services.sync_scans(scans=queued, zones={plenary.pk: plenary}, by=gate)
        print(f"sync of {len(queued)} queued scans: {time.perf_counter() - t0:.2f} s")
        t0 = time.perf_counter()
        services.sync_scans(scans=queued, zones={plenary.pk: plenary}, by=gate)
        print(f"the same batch again (all duplicates): {time.perf_counter() - t0:.2f} s")
    if os.path.exists("/usr/bin/chromium"):
        browser_verification(tokens)


VERIFY_IN_BROWSER = """async ([publicKey, tokens]) => {
  const bytes = (text) => {
    let s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  };
  const key = await crypto.subtle.importKey(
    "raw", bytes(publicKey), { name: "Ed25519" }, false, ["verify"]);
  const times = [];
  let valid = 0;
  for (const token of tokens) {
    const started = performance.now();
    const raw = bytes(token);
    if (await crypto.subtle.verify({ name: "Ed25519" }, key, raw.slice(10), raw.slice(0, 10))) {
      valid++;
    }
    times.push(performance.now() - started);
  }
  return [valid, times];
}"""


def browser_verification(tokens: list[str]) -> None:
    """The gate page's offline check, timed in chromium (a page served by route interception
    on localhost, a secure context, so no server and no network)."""
    from playwright.sync_api import sync_playwright

    from apps.badges.signing import public_key_b64url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page()
        page.route(
            "http://localhost/**",
            lambda route: route.fulfill(
                body="<!doctype html><title>gate</title>", content_type="text/html"
            ),
        )
        page.goto("http://localhost/badges/gate/")
        valid, times = page.evaluate(VERIFY_IN_BROWSER, [public_key_b64url(), tokens])
        browser.close()
    print(
        f"offline verification in chromium: {valid}/{len(tokens)} valid, "
        f"{_quantiles([t / 1000 for t in times])}"
    )


def _noisy_photo(seed: int) -> bytes:
    """A photo that compresses like a real face (noise over a gradient), not a flat colour."""
    from PIL import Image

    base = Image.linear_gradient("L").resize((300, 400)).convert("RGB")
    noise = Image.effect_noise((300, 400), 40 + seed % 20).convert("RGB")
    out = io.BytesIO()
    Image.blend(base, noise, 0.5).save(out, "JPEG", quality=85)
    return out.getvalue()


def bundle_size() -> None:
    """The demo assembly's gate bundle (the plenary hall's), as JSON: without photos, then with
    a photo for every delegate who has a badge."""
    import json

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from rest_framework.renderers import JSONRenderer

    from apps.badges.api.serializers import GateBundleOutputSerializer
    from apps.badges.models import Badge, Zone
    from apps.badges.selectors import gate_bundle

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ga-bench-media-"))
    call_command("seed_demo", verbosity=0)
    zone = Zone.objects.filter(plenary=True).order_by("-assembly__number").first()
    assert zone is not None  # noqa: S101 (the demo has a plenary hall)

    def size() -> tuple[int, int]:
        body = JSONRenderer().render(GateBundleOutputSerializer(gate_bundle(zone)).data)
        return len(body), len(json.loads(body)["roster"])

    plain, badges = size()
    print(f"demo gate bundle without photos: {plain / 1024:.1f} KB for {badges} badges")
    with_photo = 0
    for n, badge in enumerate(Badge.objects.filter(assembly_id=zone.assembly_id)):
        if badge.delegate is not None:
            badge.delegate.photo.save(f"p{n}.jpg", ContentFile(_noisy_photo(n)), save=True)
            with_photo += 1
    started = time.perf_counter()
    full, badges = size()
    first = time.perf_counter() - started
    started = time.perf_counter()
    size()
    cached = time.perf_counter() - started
    print(
        f"with a photo for each of {with_photo} delegates: {full / 1024:.1f} KB "
        f"({(full - plain) / max(with_photo, 1) / 1024:.1f} KB a thumbnail); built in "
        f"{first:.2f} s the first time, {cached:.2f} s with the thumbnails cached"
    )


if __name__ == "__main__":
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        if sys.argv[1:2] == ["bundle"]:
            bundle_size()
        else:
            main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
