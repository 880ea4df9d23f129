"""Runs the whole of GA Planner in the foreground: web server, Celery worker and Celery beat.

Ctrl-C (or SIGTERM) stops all three cleanly; if one of them dies, the others are stopped too,
so a half-running system never looks healthy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def child_environment(host: str, port: int, environ: dict[str, str] | None = None) -> dict:
    """The environment of the three processes: links in e-mails (SITE_URL) point where this
    server answers, unless SITE_URL is set explicitly (behind a proxy, say)."""
    env = dict(os.environ if environ is None else environ)
    if not env.get("SITE_URL"):
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 - compared, not bound
        env["SITE_URL"] = f"http://{shown}:{port}"
    return env


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args, host: str, port: int, **options):
        python = sys.executable
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--hostname",
                "worker@%h",
            ],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO"],
        }
        env = child_environment(host, port)
        processes = {
            name: subprocess.Popen(cmd, env=env)  # noqa: S603
            for name, cmd in commands.items()
        }
        base = f"http://{host}:{port}"
        self.stdout.write(
            self.style.SUCCESS("\nGA Planner is running (Ctrl-C stops everything):")
            + f"\n  portal  {base}/\n  admin   {base}/admin/\n  API     {base}/api/v1/"
            + f"  (docs {base}/api/docs/)\n  health  {base}/healthz/ready\n"
            + f"  database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]},"
            + f" broker {settings.CELERY_BROKER_URL.split('://')[0]}\n"
        )
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} exited with code {process.returncode}; stopping.")
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.5)
        self._stop_all(processes)
        self.stdout.write("GA Planner stopped.")
        if exit_code:
            sys.exit(exit_code)

    def _stop_all(self, processes: dict[str, subprocess.Popen]) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
