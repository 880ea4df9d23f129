"""Who may do what with ceremonies: the one place access is decided."""

from __future__ import annotations

from apps.ceremonies.models import Ceremony


def can_manage_ceremonies(user) -> bool:
    return user.has_perm("ceremonies.change_ceremony")


def can_view_ceremonies(user) -> bool:
    """Organisers who may see every ceremony, role and call time (read-only ones included).

    Other accounts (the credentials committee, staff without permissions) are scoped like
    focal points: to nothing.
    """
    return user.has_perm("ceremonies.view_ceremony")


def can_view_console(user, ceremony: Ceremony | None = None) -> bool:
    """Organisers (read-only ones included, e.g. the AV desk) follow the live console."""
    return can_view_ceremonies(user)


def can_run_ceremony(user, ceremony: Ceremony | None = None) -> bool:
    """Only organisers allowed to change ceremonies press "next" on the live console."""
    return can_manage_ceremonies(user)
