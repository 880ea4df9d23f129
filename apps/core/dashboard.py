"""The organisers' dashboard (the admin's index): one figure per thing an organiser watches.

Apps register their sections in `AppConfig.ready()` (core never imports them), each a function
of the assembly shown, the user and the moment, returning its figures: one cheap query each,
and only those the user's permissions cover. Each figure links to the admin list it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from apps.core.models import Assembly


@dataclass(frozen=True)
class Figure:
    """One number (or short text) with what it counts and where the list of it is."""

    label: str
    value: Any
    url: str
    note: str = ""
    # "warn" when the figure asks for someone to act (failures, late rows, a failed run).
    tone: str = ""

    @property
    def is_count(self) -> bool:
        """A count is shown big before its label; a word ("succeeded") after it."""
        return isinstance(self.value, int)


@dataclass(frozen=True)
class Section:
    title: str
    figures: list[Figure] = field(default_factory=list)


SectionProvider = Callable[[Assembly, Any, dt.datetime], Section | None]

_providers: list[tuple[int, SectionProvider]] = []


def register_section(provider: SectionProvider, *, order: int = 100) -> None:
    """Add a section; lower `order` comes first. Registering twice changes nothing."""
    if all(existing is not provider for _order, existing in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda item: item[0])


def dashboard(user, *, assembly: Assembly | None, now: dt.datetime | None = None) -> list[Section]:
    """The sections `user` may see for `assembly`, in order; empty ones left out, two of the
    same title (one app's "Today" beside another's) joined."""
    if assembly is None or not user.is_active:
        return []
    now = now or timezone.now()
    joined: dict[str, list[Figure]] = {}
    for _order, provider in _providers:
        section = provider(assembly, user, now)
        if section is not None and section.figures:
            joined.setdefault(section.title, []).extend(section.figures)
    return [Section(title, figures) for title, figures in joined.items()]


def local_today(assembly: Assembly, now: dt.datetime) -> dt.date:
    """The date at the assembly's venue at `now`."""
    return now.astimezone(assembly.tz).date()


def changelist_url(name: str, **params: Any) -> str:
    """The admin list `<app>_<model>` filtered by `params` (lookups as the list's filters name
    them)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url
