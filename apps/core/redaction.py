"""No log line holds a live token: paths that carry one are logged with it blanked out.

Apps name the routes whose URL carries a secret (`register_secret_route("agenda:feed",
"token")` in AppConfig.ready()); CoreConfig.ready() installs a log-record factory, so every
record made in the process (Django's request log, gunicorn's access log, Celery's) passes
through `redact` when it is created, and no handler, file or test capture sees the token.
"""

from __future__ import annotations

import logging
import re
import threading

from django.urls import NoReverseMatch, reverse

PLACEHOLDER = "SECRETPLACEHOLDER"
REDACTED = "[redacted]"
_routes: list[tuple[str, str, dict[str, str]]] = []
_patterns: list[re.Pattern[str]] | None = None
_building = threading.local()


def register_secret_route(name: str, secret_kwarg: str, **other_kwargs: str) -> None:
    """The route `name`'s `secret_kwarg` is a secret; other kwargs get a sample value."""
    global _patterns
    _routes.append((name, secret_kwarg, other_kwargs))
    _patterns = None


def _build() -> list[re.Pattern[str]]:
    patterns = []
    for name, secret_kwarg, others in _routes:
        kwargs = {key: PLACEHOLDER + key for key in others} | {secret_kwarg: PLACEHOLDER}
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        regex = re.escape(path)
        for key in others:
            regex = regex.replace(re.escape(PLACEHOLDER + key), r"[^/?#\s\"']+")
        before, _sep, after = regex.partition(re.escape(PLACEHOLDER))
        patterns.append(re.compile(f"({before})[^/?#\\s\"']+?({after})"))
    return patterns


def redact(text: str) -> str:
    global _patterns
    if not _routes or getattr(_building, "active", False):
        return text
    if _patterns is None:
        _building.active = True
        try:
            _patterns = _build()
        finally:
            _building.active = False
    for pattern in _patterns:
        text = pattern.sub(rf"\g<1>{REDACTED}\g<2>", text)
    return text


def install_record_factory() -> None:
    """Redact every log record as it is made (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_secrets", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's to report, not ours
            return record
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return record

    factory.redacts_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
