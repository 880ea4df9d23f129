"""`make run` brings up web, worker and beat on the embedded default, and Ctrl-C stops all."""

import os
import signal
import subprocess
import urllib.request

import pytest

from tests.processes import BASE_DIR, free_port, stop, wait_for

pytestmark = pytest.mark.slow
EMBEDDED_OVERRIDES = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "EMAIL_URL")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except OSError as exc:
        return getattr(exc, "code", 0), ""


def test_make_run_serves_portal_admin_and_api_then_stops_cleanly(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in EMBEDDED_OVERRIDES}
    env.update(PORT=str(port), GA_VAR_DIR=str(tmp_path), DJANGO_DEBUG="true")
    env.pop("DJANGO_SECURE_HTTPS", None)
    base = f"http://127.0.0.1:{port}"
    run = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        healthy = wait_for(lambda: fetch(f"{base}/healthz")[0] == 200, timeout=240, interval=1)
        home = fetch(f"{base}/")
        admin_login = fetch(f"{base}/admin/login/")
        schema = fetch(f"{base}/api/schema/")
        ready = wait_for(lambda: fetch(f"{base}/healthz/ready")[0] == 200, 90, 1)
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
    assert ready, (fetch(f"{base}/healthz/ready"), output)
    assert "organiser@ga-planner.local" in output
    assert "GA Planner stopped." in output
    assert (tmp_path / "gaplanner.sqlite3").exists()
