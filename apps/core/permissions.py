"""Who may see what of core's own pages."""

from __future__ import annotations

import hmac

from django.conf import settings

# Operators read /metrics with this named permission (organiser admins and read-only organisers
# hold it through their roles) or with the METRICS_TOKEN bearer token.
METRICS_PERMISSION = "core.view_heartbeat"


def can_view_metrics(user, *, authorization: str = "") -> bool:
    """A bearer token equal to METRICS_TOKEN (when one is configured), or a signed-in user with
    METRICS_PERMISSION; never anyone else."""
    token = settings.METRICS_TOKEN
    if token and authorization.startswith("Bearer "):
        return hmac.compare_digest(authorization.removeprefix("Bearer ").encode(), token.encode())
    return bool(user.is_authenticated and user.is_active and user.has_perm(METRICS_PERMISSION))


REOPEN_PERMISSION = "core.reopen_assembly"


def can_reopen_assembly(user) -> bool:
    """Reopening a past edition for changes is a named permission (organiser admins)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(REOPEN_PERMISSION))


def can_prepare_next_edition(user) -> bool:
    """Preparing the next edition creates an assembly: the permission to add one."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("core.add_assembly"))
