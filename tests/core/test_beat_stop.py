"""Beat stops on SIGTERM without touching the database from inside the signal handler.

Celery's own handler saves the schedule there; with the database scheduler that runs a query on
the connection the interrupted code may be using, whose lock the same thread already holds: beat
hung until killed (seen once in CI, the topology test's "beat: killed").
"""

from __future__ import annotations

import signal
import threading

import pytest
from django.db import connection

from apps.core import celery_signals

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


class FakeService:
    def __init__(self) -> None:
        self.stopped = threading.Event()

    def stop(self, wait: bool = False) -> None:
        self.stopped.set()


@pytest.fixture
def restore_signals(monkeypatch):
    monkeypatch.setattr(celery_signals, "_state", dict(celery_signals._state))
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_sigterm_while_a_query_runs_asks_the_loop_to_stop_without_the_database(restore_signals):
    service = FakeService()
    celery_signals._install_stop_handler(service)
    celery_signals._state["looping"] = True
    handler = signal.getsignal(signal.SIGTERM)
    connection.ensure_connection()
    busy = connection.connection  # psycopg's connection: one query at a time, under its lock
    held, release = threading.Event(), threading.Event()

    def query_in_progress() -> None:
        with busy.lock:
            held.set()
            release.wait(timeout=10)

    holder = threading.Thread(target=query_in_progress, daemon=True)
    holder.start()
    held.wait()
    handler(signal.SIGTERM, None)  # in this (the main) thread, as a signal is delivered
    returned_while_busy = holder.is_alive()
    release.set()
    holder.join()

    assert returned_while_busy, "the handler waited for the database connection"
    assert service.stopped.is_set()


def test_sigterm_before_the_loop_leaves_at_once(restore_signals):
    """A standby beat waiting for the beat lock has no schedule to save."""
    service = FakeService()
    celery_signals._install_stop_handler(service)
    celery_signals._state["looping"] = False

    with pytest.raises(SystemExit):
        signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)
    assert not service.stopped.is_set()
