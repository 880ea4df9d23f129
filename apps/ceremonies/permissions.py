"""Who may do what with ceremonies: the one place access is decided."""

from __future__ import annotations

from apps.ceremonies.models import Ceremony


def can_manage_ceremonies(user) -> bool:
    return bool(
        user.is_authenticated and user.is_staff and user.has_perm("ceremonies.change_ceremony")
    )


def can_view_console(user, ceremony: Ceremony | None = None) -> bool:
    """Organisers (read-only ones included, e.g. the AV desk) follow the live console."""
    return bool(
        user.is_authenticated and user.is_staff and user.has_perm("ceremonies.view_ceremony")
    )


def can_run_ceremony(user, ceremony: Ceremony | None = None) -> bool:
    """Only organisers allowed to change ceremonies press "next" on the live console."""
    return can_manage_ceremonies(user)
