"""The morning digest's content: a list of section providers other apps can extend.

A provider is `provider(*, recipient, assembly, day) -> dict | None` returning
{"title": str, "items": [{"starts_at": datetime, "ends_at": datetime | None, "text": str,
"place": str}]}. Apps register theirs with `register_digest_section` in their AppConfig.ready()
(the agenda app adds the day's published sessions), so this app imports none of them; dotted
paths in settings.NOTIFICATIONS_DIGEST_SECTIONS add more. They run at delivery, in the
recipient's language, so the digest shows the programme as it stands at 07:30.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

from apps.notifications import conf

Provider = Callable[..., dict[str, Any] | None]
_registered: list[Provider] = []


def register_digest_section(provider: Provider) -> Provider:
    """Decorator: add `provider` to the digest (idempotent)."""
    if provider not in _registered:
        _registered.append(provider)
    return provider


def providers() -> list[Provider]:
    return [import_string(path) for path in conf.digest_section_paths()] + _registered


def sections(*, recipient, assembly, day: dt.date) -> list[dict[str, Any]]:
    found = []
    for provider in providers():
        section = provider(recipient=recipient, assembly=assembly, day=day)
        if section and section.get("items"):
            found.append(section)
    return found
