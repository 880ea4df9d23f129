"""Real Celery workers, beat, an SMTP relay and a Redis server as processes, for the chaos tests
and bench/notifications.py: started in their own process groups, so a SIGKILL takes a worker's
pool children too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spawn(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def celery(kind: str, env: dict, log: Path, *, name: str = "w", concurrency: int = 1):
    args = [sys.executable, "-m", "celery", "-A", "config", kind, "--loglevel", "WARNING"]
    if kind == "worker":
        args += ["--pool", "prefork", "--concurrency", str(concurrency), "--hostname", f"{name}@%h",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    return spawn(args, env, log)


def redis_server(port: int, log: Path) -> subprocess.Popen:
    """An empty, non-persistent Redis of our own (never the shared one)."""
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(log.parent)]  # fmt: skip
    process = spawn(args, dict(os.environ), log)
    wait_for(lambda: _answers(port), timeout=10)
    return process


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
