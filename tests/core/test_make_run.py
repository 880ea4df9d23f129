"""`make run` brings up web, worker and beat on the embedded default, as people see it (debug
off: branded error pages, collected static files), and Ctrl-C stops all."""

import os
import re
import signal
import urllib.error
import urllib.request

import pytest

from tests.processes import free_port, spawn, stop, wait_for

pytestmark = pytest.mark.slow
EMBEDDED_OVERRIDES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_SECURE_HTTPS",
)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:  # an error page: its status and its body
        return exc.code, exc.read().decode()
    except OSError as exc:
        return getattr(exc, "code", 0), ""


def test_make_run_serves_portal_admin_and_api_then_stops_cleanly(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in EMBEDDED_OVERRIDES}
    env.update(PORT=str(port), GA_VAR_DIR=str(tmp_path))
    base = f"http://127.0.0.1:{port}"
    run = spawn(["make", "--no-print-directory", "run"], env=env)
    try:
        healthy = wait_for(lambda: fetch(f"{base}/healthz")[0] == 200, timeout=480, interval=1)
        home = fetch(f"{base}/")
        admin_login = fetch(f"{base}/admin/login/")
        schema = fetch(f"{base}/api/schema/")
        missing = fetch(f"{base}/no-such-page/")
        stylesheet = re.search(r'href="(/static/core/app\.[0-9a-f]+\.css)"', home[1])
        css = fetch(base + stylesheet.group(1)) if stylesheet else (0, "")
        wait_for(lambda: fetch(f"{base}/healthz/ready")[0] == 200, timeout=150, interval=2)
        readiness = fetch(f"{base}/healthz/ready")
    finally:
        os.killpg(run.pid, signal.SIGINT)
        output = stop(run, sig=signal.SIGINT, timeout=40)

    assert healthy, output
    assert home[0] == 200
    assert "Hong Kong" in home[1]  # the demo's current edition: the 94th
    assert admin_login[0] == 200
    assert "GA Planner" in admin_login[1]
    assert schema[0] == 200
    assert "openapi: 3" in schema[1]
    assert readiness[0] == 200, (readiness, output)  # web, worker and beat all seen
    assert '"worker": "ok"' in readiness[1], readiness
    assert missing[0] == 404
    assert "<h1>Page not found</h1>" in missing[1]
    assert "URLconf" not in missing[1]  # debug off: no list of the site's addresses
    assert css[0] == 200, home[1][:2000]  # collected, hashed and served by WhiteNoise
    assert ".site-header" in css[1]
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    assert "organiser@ga-planner.local" in output
    assert "GA Planner stopped." in output
    assert (tmp_path / "gaplanner.sqlite3").exists()
