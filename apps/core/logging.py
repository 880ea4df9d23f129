"""Structured logs: a request id on every record, and a JSON formatter for production.

The request id comes from `RequestIdMiddleware` (a sane `X-Request-ID` from the proxy, or a new
one), travels in the headers of every Celery task sent while the request is handled
(`apps/core/celery_signals.py`) and is set again while the worker runs that task, so the web's
and the worker's lines of one request share it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and . _ : - up to 128 characters: anything else is replaced by a new id, so a
# client cannot write arbitrary text into every log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


def clear_request_id(**kwargs) -> None:
    """Receiver of `request_finished`: the thread's next lines belong to no request."""
    _request_id.set("")


def request_id_from(header: str | None) -> str:
    """The client's (or proxy's) id when it is sane, else a new random one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def install_record_factory() -> None:
    """Every log record gets `request_id` ("" outside a request or task); idempotent."""
    current = logging.getLogRecordFactory()
    if getattr(current, "adds_request_id", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        record.request_id = _request_id.get()
        return record

    factory.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, the Celery
    task when there is one, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            entry["request_id"] = request_id
        task = _current_task()
        if task is not None:
            entry["task"] = task.name
            entry["task_id"] = task.request.id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _current_task():
    from celery import current_task

    task = current_task._get_current_object()
    return task if task is not None and task.request.id else None
