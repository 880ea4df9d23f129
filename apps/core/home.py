"""The portal's home page for a delegation: its status, its deadlines and what needs doing.

Apps register a provider in `AppConfig.ready()` (core never imports them), a function of the
user and the assembly returning a `HomeSection` (or None when it has nothing for this user):
a few status lines, the deadlines of the edition that concern it, and the things still to do,
each a link to the page where it is done. A provider reads through its app's selectors, in a
constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from apps.core.editions import _OPEN_IN, _action_label, delegation_refusal, format_deadline
from apps.core.models import Assembly


@dataclass(frozen=True)
class HomeItem:
    text: str
    url: str
    tone: str = ""  # "warn": it waits for the delegation


@dataclass(frozen=True)
class Deadline:
    label: str
    at: dt.datetime | None
    when: str  # the deadline in the assembly's zone, with its name
    url: str
    closed: str = ""  # why it is closed, when it is

    @property
    def is_open(self) -> bool:
        return not self.closed


@dataclass(frozen=True)
class HomeSection:
    title: str
    status: list[str] = field(default_factory=list)
    todo: list[HomeItem] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


HomeProvider = Callable[[Any, Assembly], HomeSection | None]
_providers: list[tuple[int, HomeProvider]] = []


def register_home_section(provider: HomeProvider, *, order: int = 100) -> None:
    """Add a section to the delegation's home page; lower `order` first; twice changes nothing."""
    if all(existing is not provider for _order, existing in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda item: item[0])


def deadline(assembly: Assembly, action: str, *, url: str) -> Deadline:
    """The edition's deadline for `action` (see apps.core.editions), open or closed and why."""
    _states, field_name = _OPEN_IN[action]
    at = getattr(assembly, field_name) if field_name else None
    return Deadline(
        label=_action_label(action),
        at=at,
        when=format_deadline(at, assembly) if at else _("no deadline"),
        url=url,
        closed=delegation_refusal(assembly, action) or "",
    )


def home_sections(user, *, assembly: Assembly | None) -> list[HomeSection]:
    if assembly is None or not user.is_authenticated:
        return []
    found = []
    for _order, provider in _providers:
        section = provider(user, assembly)
        if section is not None:
            found.append(section)
    return found


def all_deadlines(sections: list[HomeSection]) -> list[Deadline]:
    """Every section's deadlines, open ones first, soonest first; those without a date last."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    items = [d for section in sections for d in section.deadlines]
    return sorted(items, key=lambda d: (not d.is_open, d.at or far))
