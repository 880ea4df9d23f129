"""p95 latency of the main portal pages and API endpoints beside a trivial view, at 20
concurrent users, under gunicorn (2 workers x 4 threads, as `manage.py serve` runs it).

    .venv/bin/python bench/portal_latency.py                    # embedded SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ga_bench_latency \
        .venv/bin/python bench/portal_latency.py --requests 30  # PostgreSQL

The database (a throw-away SQLite file, or the one DATABASE_URL names, given to the bench
alone) is migrated and seeded with the demo; a focal point of France is signed in (a session
cookie) and has an API key. Each URL is then asked `--requests` times by each of
`--concurrency` clients at once (keep-alive connections), after a warm-up. The trivial view
is a bare Django view on the same server behind the same middleware (bench/latency_urls.py).
Prints p50, p95 and the ratio of each p95 to the trivial view's; the target is 3x at most.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="ga-latency-bench-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench.latency_settings",
    DJANGO_DEBUG="false",
    DJANGO_SECURE_HTTPS="false",
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-secret"),
    DJANGO_STATIC_ROOT=str(SCRATCH / "static"),
    GA_VAR_DIR=os.environ.get("GA_VAR_DIR", str(SCRATCH / "var")),
    LOG_LEVEL="WARNING",
)
os.environ.setdefault("GA_API_KEY_RATE", "100000/min")

import django  # noqa: E402 - after the environment is set

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

from apps.accounts.api_tokens import create_api_token  # noqa: E402
from apps.accounts.models import User  # noqa: E402
from apps.accounts.sessions import AUTH_AT_KEY, BACKEND, SEEN_AT_KEY  # noqa: E402

PORTAL = [
    "/",
    "/agenda/",
    "/agenda/programme/",
    "/agenda/calendars/",
    "/delegation/overview/",
    "/meetings/",
    "/meetings/schedule/",
    "/notifications/",
    "/accounts/security/",
]
API = [
    "/api/v1/me/",
    "/api/v1/agenda/sessions/",
    "/api/v1/delegates/",
    "/api/v1/meetings/requests/",
    "/api/v1/notifications/",
]
TRIVIAL = "/bench/trivial/"


def prepare() -> tuple[str, str]:
    """Migrate, seed, collect static files; a signed-in session and an API key of focal.fr."""
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    user = User.objects.get(email="focal.fr@ga-planner.local")
    session = SessionStore()
    now = time.time()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            AUTH_AT_KEY: now,
            SEEN_AT_KEY: now,
        }
    )
    session.save()
    _token, key = create_api_token(user=user, name="latency bench")
    return session.session_key, key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "2", "--threads", "4", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", TRIVIAL)
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def load(port: int, path: str, headers: dict, clients: int, requests: int) -> tuple[list, set]:
    """`clients` threads, each asking `path` `requests` times on its own connection."""
    latencies: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, seen = [], set()
        start.wait()
        for _n in range(requests):
            began = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - began)
            seen.add(response.status)
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)

    threads = [threading.Thread(target=client) for _n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=25, help="per client and URL")
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    cookie, key = prepare()
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    port = free_port()
    server = start_server(port)
    session_headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    key_headers = {"Authorization": f"Token {key}"}
    plan = [(TRIVIAL, session_headers)]
    plan += [(path, session_headers) for path in PORTAL]
    plan += [(path, key_headers) for path in API]
    results = {}
    try:
        for path, headers in plan:
            load(port, path, headers, args.concurrency, 2)  # warm-up
            results[path] = load(port, path, headers, args.concurrency, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=20)

    base = p95(results[TRIVIAL][0])
    print(
        f"gunicorn 2 workers x 4 threads, {database}, {args.concurrency} concurrent clients, "
        f"{args.concurrency * args.requests} requests per URL\n"
    )
    print(f"{'URL':<30} {'status':>7} {'p50 ms':>8} {'p95 ms':>8} {'p95 / trivial':>14}")
    worst = 0.0
    for path, (latencies, statuses) in results.items():
        ratio = p95(latencies) / base
        if path != TRIVIAL:
            worst = max(worst, ratio)
        status = ",".join(str(s) for s in sorted(statuses))
        print(
            f"{path:<30} {status:>7} {statistics.median(latencies) * 1000:>8.1f} "
            f"{p95(latencies) * 1000:>8.1f} {ratio:>13.2f}x"
        )
    print(f"\nWorst page: {worst:.2f}x the trivial view's p95 (target: at most 3x).")


if __name__ == "__main__":
    main()
