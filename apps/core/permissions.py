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
