"""Who is an organiser, and the one way to load an object that may lie outside a user's scope.

Access is decided by named permissions and by membership of a delegation, never by `is_staff`.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


@cache
def _project_app_labels() -> frozenset[str]:
    return frozenset(c.label for c in apps.get_app_configs() if c.name.startswith("apps."))


def is_organiser(user) -> bool:
    """Holds at least one of the project's permissions (through a role or granted directly).

    Being staff is not enough: a staff account without a permission is treated like any other
    account that belongs to no delegation, and sees nothing.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    labels = _project_app_labels()
    return any(perm.split(".", 1)[0] in labels for perm in user.get_all_permissions())


_denials: ContextVar[list[tuple[Model, Any]] | None] = ContextVar("access_denials", default=None)


def get_in_scope_or_404(queryset: QuerySet[M], user, **lookup: Any) -> M:
    """The object matching `lookup` among those `queryset` (already scoped to `user`) holds.

    When it is missing there but exists outside the scope, the attempt is audited
    ("core.access.denied", with the model and the ids asked for, nothing else) before the
    same 404 as for an object that does not exist, so its existence does not leak.
    """
    found = queryset.filter(**lookup).first()
    if found is not None:
        return found
    model = queryset.model
    outside = model._default_manager.filter(**lookup).first()
    if outside is not None:
        pending = _denials.get()
        if pending is None:
            _audit_denial(outside, user, lookup)
        else:
            pending.append((outside, (user, lookup)))
    raise Http404


def _audit_denial(obj: Model, user, lookup: dict[str, Any]) -> None:
    from apps.core.services import log_action

    log_action(
        obj,
        "core.access.denied",
        by=user,
        model=obj._meta.label_lower,
        lookup={key: str(value)[:64] for key, value in lookup.items()},
    )


class DeniedAccessAuditMiddleware:
    """Writes the denials a request met once its response is ready: a write view's transaction
    that ends in a 404 is rolled back, and the audit entry must not be rolled back with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending: list[tuple[Model, Any]] = []
        token = _denials.set(pending)
        try:
            return self.get_response(request)
        finally:
            _denials.reset(token)
            for obj, (user, lookup) in pending:
                _audit_denial(obj, user, lookup)
