"""Sending Celery tasks by name.

A service asks for background work by the task's registered name, so it never imports the module
that defines the task (which imports the service back): the dependency runs one way, from
`tasks.py` to the services. Tests replace `send_task` to record what would be sent.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import transaction


def send_task(name: str, *args: Any, **options: Any) -> None:
    """Publish task `name` with positional `args` now (options: countdown-free, e.g. expires)."""
    current_app.send_task(name, args=list(args), **options)


def send_task_on_commit(name: str, *args: Any, **options: Any) -> None:
    """Publish task `name` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_task(name, *args, **options))
