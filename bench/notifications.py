"""Benchmark of the notification outbox through real Redis, real beat and two worker processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ga_notifications_bench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/6 DJANGO_SECRET_KEY=x \
    .venv/bin/python bench/notifications.py --n 10000

Writes N reminders due uniformly within the next minute, runs beat (dispatcher every second)
and two worker processes, and reports throughput, lateness (sent minus due) and lost and
duplicated counts; once without and once with a worker SIGKILLed mid-run and restarted.
The database named by DATABASE_URL is migrated and its bench rows replaced; the Redis
database is flushed: give both to the benchmark alone. E-mail goes to files (filemail), so
duplicates are counted in the mailbox by Message-ID.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import statistics
import subprocess
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

KIND = "bench.reminder"
MESSAGE_ID = re.compile(r"^Message-ID: <notification\.(\d+)@", re.MULTILINE)


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


POOL = "prefork"
CONCURRENCY = 1


def start(kind: str, env: dict, log: Path, name: str = "") -> subprocess.Popen:
    args = [sys.executable, "-m", "celery", "-A", "config", kind, "--loglevel", "WARNING"]
    if kind == "worker":
        args += ["--pool", POOL, "--concurrency", str(CONCURRENCY), "--hostname", f"{name}@%h",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def mailbox(folder: Path) -> Counter:
    sent: Counter = Counter()
    for path in folder.glob("*.log"):
        sent.update(int(pk) for pk in MESSAGE_ID.findall(path.read_text(errors="replace")))
    return sent


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


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


def run(*, n: int, kill: bool, lease: int, window: float, timeout: float) -> dict:
    import redis
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="notifications.dispatch_due",
        defaults={"task": "notifications.dispatch_due", "interval": every, "enabled": True},
    )
    work = Path(tempfile.mkdtemp(prefix="ga-bench-"))
    (work / "mail").mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"filemail:///{work / 'mail'}",
        "NOTIFICATIONS_LEASE_SECONDS": str(lease),
    }
    log = work / "celery.log"
    first_due = prepare(n, lead=8, window=window)
    rows = Notification.objects.filter(kind=KIND)
    processes = {
        "beat": start("beat", env, log),
        "w1": start("worker", env, log, "bench1"),
        "w2": start("worker", env, log, "bench2"),
    }
    killed_at = None
    deadline = time.monotonic() + window + timeout
    try:
        while time.monotonic() < deadline:
            done = rows.filter(status=Notification.Status.SENT).count()
            if kill and killed_at is None and done >= n * 0.4:
                claimed = rows.filter(status=Notification.Status.CLAIMED).count()
                if not claimed:  # kill while sends are in flight, not between two ticks
                    time.sleep(0.02)
                    continue
                stop(processes["w1"], signal.SIGKILL)
                killed_at = {"sent": done, "claimed": claimed}
                processes["w1"] = start("worker", env, log, "bench1")
            if done == n:
                break
            time.sleep(0.5)
    finally:
        for process in processes.values():
            stop(process)
    sent = list(rows.filter(status=Notification.Status.SENT).values_list("due_at", "sent_at"))
    lateness = sorted((s - d).total_seconds() for d, s in sent)
    last = max((s for _, s in sent), default=first_due)
    mail = mailbox(work / "mail")
    return {
        "n": n,
        "kill": kill,
        "sent": len(sent),
        "lost": n - len(sent),
        "statuses": dict(Counter(rows.values_list("status", flat=True))),
        "db_duplicates": n - rows.values("recipient_key").distinct().count(),
        "mail_duplicates": sum(c - 1 for c in mail.values()),
        "mail_missing": n - len(mail),
        "seconds": (last - first_due).total_seconds(),
        "throughput": len(sent) / max((last - first_due).total_seconds(), 1e-9),
        "p50": percentile(lateness, 50),
        "p99": percentile(lateness, 99),
        "max": lateness[-1] if lateness else float("nan"),
        "killed_at": killed_at,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="reminders (default 10000)")
    parser.add_argument("--window", type=float, default=60, help="due within this many seconds")
    parser.add_argument("--lease", type=int, default=30, help="claim lease in seconds")
    parser.add_argument("--timeout", type=float, default=240, help="seconds after the window")
    parser.add_argument("--only", choices=["plain", "kill"], help="run one scenario")
    parser.add_argument("--pool", choices=["prefork", "solo"], default="prefork")
    parser.add_argument("--concurrency", type=int, default=1, help="pool size of each worker")
    args = parser.parse_args()
    global POOL, CONCURRENCY
    POOL, CONCURRENCY = args.pool, args.concurrency
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        sys.exit("Set CELERY_BROKER_URL to a Redis database the benchmark may flush.")
    call_command("migrate", verbosity=0)
    print(f"database {connection.vendor}, broker {settings.CELERY_BROKER_URL}, "
          f"lease {args.lease} s, dispatcher every 1 s, "
          f"2 workers ({POOL}, {CONCURRENCY} each)")  # fmt: skip
    scenarios = {"plain": False, "kill": True}
    for name, kill in scenarios.items():
        if args.only and args.only != name:
            continue
        r = run(n=args.n, kill=kill, lease=args.lease, window=args.window, timeout=args.timeout)
        print(
            f"{'with a worker SIGKILL' if kill else 'no kill':<22} n={r['n']} sent={r['sent']} "
            f"lost={r['lost']} duplicated(db)={r['db_duplicates']} "
            f"duplicated(mail)={r['mail_duplicates']} missing(mail)={r['mail_missing']}\n"
            f"{'':<22} throughput={r['throughput']:.0f}/s over {r['seconds']:.1f} s, "
            f"lateness p50={r['p50']:.2f} s p99={r['p99']:.2f} s max={r['max']:.2f} s"
            + (f"\n{'':<22} at the kill: {r['killed_at']}" if r["killed_at"] else "")
            + f"\n{'':<22} statuses {r['statuses']}"
        )


if __name__ == "__main__":
    main()
