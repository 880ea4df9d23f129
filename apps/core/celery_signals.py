"""Celery signal receivers, connected by config/celery.py (so they are in place before any
worker or beat starts, whatever Django has loaded by then).

- Beat records its own heartbeat ("beat") whenever it sends a task, at most every
  BEAT_HEARTBEAT_EVERY, so readiness can tell a dead beat from a dead worker.
- Beat takes the database's beat lock (a PostgreSQL advisory lock held by its own connection)
  before it sends anything: a second beat started by mistake waits as a standby until the first
  one's connection closes (it stopped or died), instead of sending every task twice. A beat
  whose lock connection is lost (PostgreSQL restarted) stops, so that it never runs beside a
  standby that took the lock; its supervisor starts it again and it waits for the lock.
- Beat stops on SIGTERM by finishing its loop, not from inside the signal handler (see
  _install_stop_handler).
- The request id of the web request (or task) that sends a task travels in the task's headers
  and is the current request id while the worker runs it (apps/core/logging.py).
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from celery import signals

logger = logging.getLogger(__name__)

BEAT_HEARTBEAT_EVERY = 10.0  # seconds; the lock connection is checked as often
BEAT_LOCK_KEY = 0x67615F62656174  # "ga_beat"
BEAT_LOCK_RETRY = 2.0  # seconds between attempts of a standby beat
REQUEST_ID_HEADER = "request_id"  # the task header that carries the request id
_tokens: dict[str, Any] = {}
_state: dict[str, Any] = {"is_beat": False, "beat_recorded": 0.0}


def _beat_started(sender=None, **kwargs) -> None:
    _state["is_beat"] = True
    _install_stop_handler(sender)
    take_beat_lock()
    _record_beat(force=True)
    _state["looping"] = True


def _install_stop_handler(service) -> None:
    """Replace beat's SIGTERM/SIGINT handler, which saves the schedule from inside the handler.

    With the database scheduler that save runs on the connection the interrupted code may be
    using at that instant (each tick reads the schedule, each heartbeat writes): psycopg's
    connection lock is then taken twice by one thread and beat hangs until it is killed. Ours
    only asks the loop to stop; the loop saves the schedule on its way out, in its own time
    (at most one loop interval, 5 s, later). A standby still waiting for the lock has nothing
    to save and leaves at once.
    """
    from celery import platforms

    def stop(signum, frame) -> None:
        if not _state.get("looping"):
            raise SystemExit()
        service.stop()

    platforms.signals.update(SIGTERM=stop, SIGINT=stop)


def take_beat_lock() -> bool:
    """Block until this process holds the beat lock (PostgreSQL only; elsewhere there is one
    machine and nothing to lock). The connection stays open, and the lock held, for the life of
    the process; SIGTERM interrupts the wait."""
    from django.conf import settings
    from django.db import connections

    if not settings.GA_BEAT_LOCK or connections["default"].vendor != "postgresql":
        return False
    announced = False
    while True:
        try:
            lock_connection = _state.get("lock_connection") or connections.create_connection(
                "default"
            )
            _state["lock_connection"] = lock_connection
            with lock_connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [BEAT_LOCK_KEY])
                held = cursor.fetchone()[0]
        except Exception:
            logger.warning("beat lock: the database does not answer; trying again", exc_info=True)
            _state.pop("lock_connection", None)
            held = False
        if held:
            _state["lock_held"] = True
            logger.info("beat lock taken: this is the installation's one beat")
            return True
        if not announced:
            announced = True
            logger.warning(
                "beat lock held by another beat: waiting as a standby (only one beat may run)"
            )
        time.sleep(BEAT_LOCK_RETRY)


def _task_sent(sender=None, headers=None, **kwargs) -> None:
    from apps.core.logging import current_request_id

    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)
    if _state["is_beat"]:
        _record_beat()


def _task_starting(sender=None, task_id=None, task=None, **kwargs) -> None:
    from apps.core.logging import request_id_from, set_request_id

    sent_with = getattr(task.request, REQUEST_ID_HEADER, None) if task is not None else None
    _tokens[task_id] = set_request_id(request_id_from(sent_with) if sent_with else "")


def _task_finished(sender=None, task_id=None, **kwargs) -> None:
    from apps.core.logging import reset_request_id

    token = _tokens.pop(task_id, None)
    if token is not None:
        with contextlib.suppress(ValueError):  # set in another context: nothing to restore
            reset_request_id(token)


def _record_beat(*, force: bool = False) -> None:
    now = time.monotonic()
    if not force and now - _state["beat_recorded"] < BEAT_HEARTBEAT_EVERY:
        return
    _state["beat_recorded"] = now
    if _state.get("lock_held"):
        _check_beat_lock()
    try:
        from django.db import close_old_connections

        from apps.core.services import record_heartbeat

        close_old_connections()
        record_heartbeat(component="beat")
    except Exception:  # a database outage must not stop beat from sending tasks
        logger.warning("beat could not record its heartbeat", exc_info=True)


def _check_beat_lock() -> None:
    """Stop beat when its lock connection is gone: the lock went with it."""
    try:
        with _state["lock_connection"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        logger.error("beat lost the beat lock (%s): stopping", exc.__class__.__name__)
        raise SystemExit(1) from exc


def connect() -> None:
    signals.beat_init.connect(_beat_started, weak=False)
    signals.before_task_publish.connect(_task_sent, weak=False)
    signals.task_prerun.connect(_task_starting, weak=False)
    signals.task_postrun.connect(_task_finished, weak=False)
