"""Benchmark of the notification outbox through real Redis, beat, two workers and an SMTP relay.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gap_bg_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/7 DJANGO_SECRET_KEY=x \\
    .venv/bin/python bench/notifications.py --n 10000

Writes N reminders due uniformly within the next minute, runs beat (with the production beat
schedule: the dispatcher every 3 s), two worker processes (prefork, one process each) and an
SMTP relay on loopback (aiosmtpd, in its own process), and reports throughput, lateness (sent
minus due), lost and duplicated counts: once without and once with a worker SIGKILLed mid-run
and restarted. The database named by DATABASE_URL is migrated and its bench rows replaced; the
Redis database is flushed: give both to the benchmark alone. Duplicates are counted in the
relay's mailbox by notification id, and compared with the rows in flight at the kill.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")

import django  # noqa: E402 - after the settings module is chosen

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.notifications.models import Notification  # noqa: E402
from tests.notifications import processes  # noqa: E402

KIND = "bench.reminder"
Status = Notification.Status


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def prepare(n: int, lead: float, window: float) -> dt.datetime:
    Notification.objects.filter(kind=KIND).delete()
    first_due = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=lead)
    rows = [
        Notification(
            kind=KIND,
            recipient_email=f"delegate{i}@example.org",
            recipient_key=f"email:delegate{i}@example.org",
            channel=Notification.Channel.EMAIL,
            due_at=first_due + dt.timedelta(seconds=window * i / n),
            context={"headline": "Reminder", "message": f"Bench reminder {i}"},
        )
        for i in range(n)
    ]
    Notification.objects.bulk_create(rows, batch_size=2000)
    return first_due


def mailbox(path: Path) -> Counter:
    lines = path.read_text().split() if path.exists() else []
    return Counter(int(pk) for pk in lines if pk.isdigit())


def run(*, n: int, kill: bool, window: float, timeout: float) -> dict:
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    work = Path(tempfile.mkdtemp(prefix="ga-bench-"))
    log, received = work / "celery.log", work / "mailbox.txt"
    port = processes.free_port()
    relay = processes.spawn(
        [sys.executable, "-m", "tests.notifications.relay", "--port", str(port), "--out",
         str(received)], dict(os.environ), work / "relay.log",
    )  # fmt: skip
    env = {
        **os.environ,
        "DATABASE_URL": processes.database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
    }
    first_due = prepare(n, lead=8, window=window)
    rows = Notification.objects.filter(kind=KIND)
    running = {
        "beat": processes.celery("beat", env, log),
        "w1": processes.celery("worker", env, log, name="bench1"),
        "w2": processes.celery("worker", env, log, name="bench2"),
    }
    at_kill = None
    deadline = time.monotonic() + window + timeout
    try:
        while time.monotonic() < deadline:
            done = rows.filter(status=Status.SENT).count()
            if kill and at_kill is None and done >= n * 0.4:
                if not rows.filter(status=Status.SENDING).exists():
                    time.sleep(0.01)  # kill while a send is in flight, not between two
                    continue
                processes.stop(running["w1"], signal.SIGKILL)
                at_kill = {
                    "sent": done,
                    "claimed": rows.filter(status=Status.CLAIMED).count(),
                    "sending": rows.filter(status=Status.SENDING).count(),
                }
                running["w1"] = processes.celery("worker", env, log, name="bench1")
            if done == n:
                break
            time.sleep(0.5)
    finally:
        for process in [*running.values(), relay]:
            processes.stop(process)
    sent = list(rows.filter(status=Status.SENT).values_list("due_at", "sent_at"))
    lateness = sorted((s - d).total_seconds() for d, s in sent)
    last = max((s for _, s in sent), default=first_due)
    mail = mailbox(received)
    return {
        "sent": len(sent),
        "lost": n - len(sent),
        "statuses": dict(Counter(rows.values_list("status", flat=True))),
        "db_duplicates": n - rows.values("recipient_key").distinct().count(),
        "mail_duplicates": sum(c - 1 for c in mail.values()),
        "mail_missing": n - len(mail),
        "flagged": rows.filter(possibly_duplicate=True).count(),
        "seconds": (last - first_due).total_seconds(),
        "throughput": len(sent) / max((last - first_due).total_seconds(), 1e-9),
        "p50": percentile(lateness, 50),
        "p99": percentile(lateness, 99),
        "max": lateness[-1] if lateness else float("nan"),
        "at_kill": at_kill,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="reminders (default 10000)")
    parser.add_argument("--window", type=float, default=60, help="due within this many seconds")
    parser.add_argument("--timeout", type=float, default=240, help="seconds after the window")
    parser.add_argument("--only", choices=["plain", "kill"], help="run one scenario")
    args = parser.parse_args()
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        sys.exit("Set CELERY_BROKER_URL to a Redis database the benchmark may flush.")
    call_command("migrate", verbosity=0)
    print(f"database {connection.vendor}, broker {settings.CELERY_BROKER_URL}, "
          f"SMTP relay on loopback, 2 workers (prefork, 1 process each), "
          f"{args.n} reminders due within {args.window:.0f} s")  # fmt: skip
    print(
        "| run | sent | lost | dup (db) | dup (mailbox) | flagged | in flight at kill "
        "| throughput | p50 | p99 | max |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, kill in {"plain": False, "kill": True}.items():
        if args.only and args.only != name:
            continue
        r = run(n=args.n, kill=kill, window=args.window, timeout=args.timeout)
        flight = (
            f"{r['at_kill']['sending']} sending, {r['at_kill']['claimed']} claimed"
            if r["at_kill"]
            else "-"
        )
        print(
            f"| {'worker SIGKILL' if kill else 'no fault'} | {r['sent']} | {r['lost']} "
            f"| {r['db_duplicates']} | {r['mail_duplicates']} | {r['flagged']} | {flight} "
            f"| {r['throughput']:.0f}/s | {r['p50']:.2f} s | {r['p99']:.2f} s | {r['max']:.2f} s |"
            + ("" if not r["mail_missing"] else f" missing from mailbox: {r['mail_missing']}"),
            flush=True,
        )


if __name__ == "__main__":
    main()
