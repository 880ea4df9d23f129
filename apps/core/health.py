"""Health of the running system: liveness (`/healthz`) and readiness (`/healthz/ready`).

Readiness fails, naming the check, when the database or the broker does not answer, when the
worker's or beat's heartbeat is older than its period allows, or when a section registered by
another app (the outbox, the scheduler runs) reports a problem. Apps register sections in their
`AppConfig.ready()`, so core never imports them; the metrics endpoint reads the same figures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from apps.core.models import Heartbeat

logger = logging.getLogger(__name__)

# Components whose heartbeat readiness requires: the worker runs `core.record_heartbeat` (beat
# sends it every 30 s); beat records its own when it sends a task (at most every 10 s).
HEARTBEAT_COMPONENTS = ("worker", "beat")


@dataclass(frozen=True)
class Section:
    """Figures of one part of the system and the problems they show (empty when healthy)."""

    figures: Callable[[], dict[str, Any]]
    problems: Callable[[dict[str, Any]], list[str]]


_sections: dict[str, Section] = {}


def register_section(
    name: str,
    *,
    figures: Callable[[], dict[str, Any]],
    problems: Callable[[dict[str, Any]], list[str]],
) -> None:
    _sections[name] = Section(figures=figures, problems=problems)


def sections() -> dict[str, Section]:
    return dict(_sections)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def check_broker() -> str:
    """Connects to the broker named by the settings (the filesystem broker: its folder)."""
    from config.celery import app

    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem"):
        folder = settings.CELERY_FILESYSTEM_BROKER_DIR / "queue"
        return "ok" if folder.is_dir() else "error: broker folder missing"
    try:
        with app.connection_for_write(url=url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def last_seen() -> dict[str, str]:
    return {hb.component: hb.seen_at.isoformat() for hb in Heartbeat.objects.all()}


def check_heartbeats(*, now: dt.datetime | None = None) -> dict[str, str]:
    """Per component, "ok" or why it looks dead: never seen, or last seen too long ago."""
    now = now or timezone.now()
    seen = dict(Heartbeat.objects.values_list("component", "seen_at"))
    limit = settings.GA_HEALTH_HEARTBEAT_MAX_AGE
    results = {}
    for component in HEARTBEAT_COMPONENTS:
        at = seen.get(component)
        if at is None:
            results[component] = "error: never seen"
        elif (age := (now - at).total_seconds()) > limit:
            results[component] = f"error: last seen {age:.0f} s ago (limit {limit} s)"
        else:
            results[component] = "ok"
    return results


def readiness() -> tuple[bool, dict[str, Any]]:
    """Every check; (ready, body). Checks that need the database are skipped without it."""
    checks: dict[str, str] = {"database": check_database(), "broker": check_broker()}
    figures: dict[str, dict[str, Any]] = {}
    if checks["database"] == "ok":
        try:
            checks.update(check_heartbeats())
        except Exception as exc:  # the database went away since: say so, never a 500
            checks.update(dict.fromkeys(HEARTBEAT_COMPONENTS, f"error: {exc.__class__.__name__}"))
        for name, section in sections().items():
            try:
                figures[name] = section.figures()
                problems = section.problems(figures[name])
            except Exception as exc:
                logger.warning("health section %s failed", name, exc_info=True)
                problems = [exc.__class__.__name__]
            checks[name] = "error: " + "; ".join(problems) if problems else "ok"
    failing = [name for name, result in checks.items() if result != "ok"]
    body: dict[str, Any] = {
        "status": "error" if failing else "ok",
        "failing": failing,
        "checks": checks,
        **figures,
    }
    if checks["database"] == "ok":
        with contextlib.suppress(DatabaseError):
            body["heartbeats"] = last_seen()
    return not failing, body
