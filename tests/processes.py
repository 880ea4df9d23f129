"""Starting real processes (Celery worker and beat, the whole app) against the test database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    """The URL of the database the tests run on, for a process started by a test."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


def process_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=test_database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        GA_VAR_DIR=str(settings.VAR_DIR),
        **extra,
    )
    return env


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Start a process group whose output goes to a file, read back by `stop()` or `output()`.

    Never a pipe: nobody reads a pipe while the test waits, so once 64 KiB of log fill it the
    process blocks on its next write (a worker printing the demo's e-mails, a web server its
    access log) and looks hung: requests time out and heartbeats never come.
    """
    with tempfile.NamedTemporaryFile(prefix="ga-test-process-", suffix=".log", delete=False) as log:
        process = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process.log_path = Path(log.name)  # type: ignore[attr-defined]
    return process


def output(process: subprocess.Popen) -> str:
    """What a process started by `spawn()` has printed so far."""
    return process.log_path.read_text(errors="replace")  # type: ignore[attr-defined]


def start_celery(*args: str, **env: str) -> subprocess.Popen:
    return spawn(
        [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel", "INFO"],
        env=process_env(**env),
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> str:
    """Stop a process group started by `spawn()` and return what it printed."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log_path = getattr(process, "log_path", None)
    if log_path is None or not log_path.exists():  # not spawned, or already stopped
        return ""
    printed = output(process)
    log_path.unlink(missing_ok=True)
    return printed


def wait_for(condition: Callable[[], bool], timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
