"""Editions: which assembly a request works on, what belongs to an assembly, and what its
lifecycle still allows delegations to do.

- `admin_edition(request)`: the edition an organiser chose in the administration (the current
  one until they choose another), remembered per user. Every admin list, filter and action of a
  model that belongs to an assembly is scoped to it (`apps.core.admin_editions`).
- `portal_assembly(user)`: the edition a portal page shows: the one of the person's delegation
  (the current one first), else the current one. Portal views ask
  `request_portal_assembly(request)`, which reuses what the middleware resolved.
- `assembly_path(model)`: the ORM path from a model to its assembly ("assembly",
  "delegation__assembly", "ceremony__assembly", ...), found by following foreign keys.
- `delegation_refusal(assembly, action)`: why an action is closed now, or None while it is open.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.models import AdminEdition, Assembly
from apps.core.timezones import format_local

# How deep a chain of foreign keys may go to reach the assembly (Cue → Ceremony → Assembly is 2).
MAX_PATH_DEPTH = 3

# The assembly the current request resolved, so `current_assembly()` does not ask twice.
_request_assembly: contextvars.ContextVar[Assembly | None] = contextvars.ContextVar(
    "request_assembly", default=None
)


_paths: dict[type[models.Model], str | None] = {}


def assembly_path(model: type[models.Model]) -> str | None:
    """The lookup from `model` to its Assembly, or None when the model belongs to no edition.

    Breadth first, so the shortest chain wins (a Meeting's own `assembly`, not its request's).
    Only non-null foreign keys and one-to-ones count: a row that may have no parent belongs to
    no edition through it.
    """
    if model not in _paths:
        _paths[model] = _find_assembly_path(model)
    return _paths[model]


def _find_assembly_path(model: type[models.Model]) -> str | None:
    if model is Assembly:
        return None
    frontier: list[tuple[type[models.Model], str]] = [(model, "")]
    for _depth in range(MAX_PATH_DEPTH):
        following = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                if getattr(field, "null", True):
                    continue
                related = field.related_model
                path = f"{prefix}{field.name}"
                if related is Assembly:
                    return path
                if isinstance(related, type) and related is not current:
                    following.append((related, f"{path}__"))
        frontier = following
    return None


def in_edition(queryset: models.QuerySet, assembly: Assembly | None) -> models.QuerySet:
    """`queryset` limited to `assembly`'s rows (unchanged for a model of no edition)."""
    path = assembly_path(queryset.model)
    if path is None:
        return queryset
    if assembly is None:
        return queryset.none()
    return queryset.filter(**{path: assembly})


def assembly_of(obj: models.Model) -> Assembly | None:
    """The edition `obj` belongs to, following its assembly path."""
    if isinstance(obj, Assembly):
        return obj
    path = assembly_path(type(obj))
    if path is None:
        return None
    current: Any = obj
    for name in path.split("__"):
        current = getattr(current, name, None)
        if current is None:
            return None
    return current


def admin_edition(request) -> Assembly | None:
    """The edition this organiser works on in the administration: their remembered choice,
    else the current assembly (else the latest). Resolved once per request."""
    if hasattr(request, "_admin_edition"):
        cached: Assembly | None = request._admin_edition
        return cached
    assembly: Assembly | None = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        choice = AdminEdition.objects.filter(user=user).select_related("assembly").first()
        assembly = choice.assembly if choice else None
    if assembly is None:
        from apps.core.selectors import current_assembly

        assembly = current_assembly()
    request._admin_edition = assembly
    return assembly


def portal_assembly(user) -> Assembly | None:
    """The edition a portal page shows this person: their delegation's (the current edition's
    first, else their latest), else the current assembly. One query."""
    qs = Assembly.objects.order_by("-is_current", "-number")
    if user is not None and user.is_authenticated:
        from django.apps import apps

        delegation = apps.get_model("delegations", "Delegation")
        mine = delegation.objects.filter(assembly=OuterRef("pk"), focal_points=user)
        qs = qs.annotate(mine=Exists(mine)).order_by("-mine", "-is_current", "-number")
    return qs.first()


def request_portal_assembly(request) -> Assembly | None:
    """The edition a portal page shows: what the middleware resolved for this request
    (`request.assembly`), else `portal_assembly(request.user)`."""
    if hasattr(request, "assembly"):
        resolved: Assembly | None = request.assembly
        return resolved
    return portal_assembly(getattr(request, "user", None))


def remember_request_assembly(assembly: Assembly | None) -> contextvars.Token:
    return _request_assembly.set(assembly)


def forget_request_assembly(token: contextvars.Token) -> None:
    _request_assembly.reset(token)


def request_current_assembly() -> Assembly | None:
    """The current assembly if this request already loaded it (else None: ask the database)."""
    assembly = _request_assembly.get()
    return assembly if assembly is not None and assembly.is_current else None


# --- Lifecycle ---------------------------------------------------------------------------


class Action:
    """What a delegation may do, each closed by a state or a deadline of the edition."""

    REGISTER_DELEGATES = "register_delegates"
    SEND_CREDENTIALS = "send_credentials"
    REQUEST_MEETINGS = "request_meetings"
    ANSWER_MEETINGS = "answer_meetings"


# The states in which each action is open, and the deadline that closes it earlier.
_OPEN_IN: dict[str, tuple[tuple[str, ...], str | None]] = {
    Action.REGISTER_DELEGATES: ((Assembly.State.REGISTRATION_OPEN,), "registration_deadline"),
    Action.SEND_CREDENTIALS: (
        (
            Assembly.State.REGISTRATION_OPEN,
            Assembly.State.REGISTRATION_CLOSED,
            Assembly.State.RUNNING,
        ),
        "credentials_deadline",
    ),
    Action.REQUEST_MEETINGS: (
        (
            Assembly.State.REGISTRATION_OPEN,
            Assembly.State.REGISTRATION_CLOSED,
            Assembly.State.RUNNING,
        ),
        "meeting_requests_deadline",
    ),
    Action.ANSWER_MEETINGS: (
        (
            Assembly.State.REGISTRATION_OPEN,
            Assembly.State.REGISTRATION_CLOSED,
            Assembly.State.RUNNING,
        ),
        None,
    ),
}


def _action_label(action: str) -> str:
    return {
        Action.REGISTER_DELEGATES: _("Registering and changing delegates"),
        Action.SEND_CREDENTIALS: _("Sending credentials"),
        Action.REQUEST_MEETINGS: _("Asking for bilateral meetings"),
        Action.ANSWER_MEETINGS: _("Answering bilateral meeting requests"),
    }[action]


def format_deadline(instant: dt.datetime, assembly: Assembly) -> str:
    """'Mon 9 Nov 2026, 18:00 Hong Kong (UTC+8)': a deadline always shows its year."""
    return format_local(instant, assembly.tz, assembly.display_city, "%a %-d %b %Y, %H:%M")


def delegation_refusal(
    assembly: Assembly | None, action: str, *, now: dt.datetime | None = None
) -> str | None:
    """Why `action` is closed for delegations of `assembly` now, or None while it is open."""
    if assembly is None:
        return None
    states, deadline_field = _OPEN_IN[action]
    label = _action_label(action)
    if assembly.state not in states:
        return _("%(action)s is closed: the %(assembly)s is in the state “%(state)s”.") % {
            "action": label,
            "assembly": assembly.display_name,
            "state": assembly.get_state_display(),
        }
    deadline = getattr(assembly, deadline_field) if deadline_field else None
    if deadline is not None and (now or timezone.now()) >= deadline:
        return _("%(action)s closed on %(deadline)s.") % {
            "action": label,
            "deadline": format_deadline(deadline, assembly),
        }
    return None


def check_delegation_may(assembly: Assembly | None, action: str) -> None:
    """Raise ApplicationError (a 400 in the API, a message in the portal) when closed."""
    from apps.core.errors import ApplicationError

    reason = delegation_refusal(assembly, action)
    if reason is not None:
        raise ApplicationError(reason)


@dataclass(frozen=True)
class ClosedAction:
    label: str
    reason: str


def closed_notices(assembly: Assembly | None) -> list[str]:
    """The portal's notices of what is closed: one for everything the edition's state closes
    (an ended edition closes four things for one reason), one per passed deadline."""
    by_state = [
        _action_label(action)
        for action in _OPEN_IN
        if assembly is not None and assembly.state not in _OPEN_IN[action][0]
    ]
    notices = [
        closed.reason
        for closed in closed_actions(assembly)
        if len(by_state) < 2 or closed.label not in by_state
    ]
    if assembly is not None and len(by_state) >= 2:
        notices.insert(
            0,
            _("The %(assembly)s is in the state “%(state)s”. Closed: %(actions)s.")
            % {
                "assembly": assembly.display_name,
                "state": assembly.get_state_display(),
                "actions": "; ".join(by_state),
            },
        )
    return notices


def closed_actions(assembly: Assembly | None) -> list[ClosedAction]:
    """What is closed for delegations now, and why: the portal shows it plainly."""
    closed = []
    for action in _OPEN_IN:
        reason = delegation_refusal(assembly, action)
        if reason is not None:
            closed.append(ClosedAction(label=_action_label(action), reason=reason))
    return closed


# --- Carrying an edition over to the next ------------------------------------------------

# Each app registers what it carries from one edition to the next (AppConfig.ready), so core
# need not import the apps above it: fn(previous=..., new=..., by=...) -> {what: count}.
CarryOver = Callable[..., dict[str, int]]
_carry_overs: list[tuple[str, CarryOver]] = []


def register_carry_over(name: str, fn: CarryOver) -> None:
    if all(existing != name for existing, _fn in _carry_overs):
        _carry_overs.append((name, fn))


def carry_overs() -> list[tuple[str, CarryOver]]:
    return list(_carry_overs)
