"""Health checks for /healthz: the database, the broker, and when worker and beat last ran."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from apps.core.models import Heartbeat


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def check_broker() -> str:
    from config.celery import app

    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        folder = settings.CELERY_FILESYSTEM_BROKER_DIR / "queue"
        return "ok" if folder.is_dir() else "error: broker folder missing"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def last_seen() -> dict[str, str]:
    return {hb.component: hb.seen_at.isoformat() for hb in Heartbeat.objects.all()}
