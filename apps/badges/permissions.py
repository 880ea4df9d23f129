"""Who may do what with badges: the one place access is decided (named permissions, never
is_staff; focal points by being one)."""

from __future__ import annotations

from apps.delegations.permissions import is_focal_point


def can_manage_badges(user) -> bool:
    """Organisers who issue, revoke and configure badges, zones and categories."""
    return user.has_perm("badges.change_badge")


def can_view_all_badges(user) -> bool:
    return user.has_perm("badges.view_badge")


def can_print_badges(user) -> bool:
    return user.has_perm("badges.print_badge")


def can_scan_badges(user) -> bool:
    """Gate staff (and organisers holding the permission) verify badges and record scans."""
    return user.has_perm("badges.scan_badge")


def can_view_presence(user) -> bool:
    return user.has_perm("badges.view_presence")


def can_view_delegation_badges(user, delegation) -> bool:
    return can_view_all_badges(user) or is_focal_point(user, delegation)


def can_review_media_applications(user) -> bool:
    """Organisers who approve or refuse the media's accreditation requests."""
    return user.has_perm("badges.review_media_application")
