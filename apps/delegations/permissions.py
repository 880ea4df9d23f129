"""Who may do what with delegations: the one place access is decided.

Organisers are recognised by their named permissions, never by `is_staff`; everyone else by
being a focal point of the delegation.
"""

from __future__ import annotations

from apps.delegations.models import Delegate, Delegation


def is_focal_point(user, delegation: Delegation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return delegation.focal_points.filter(pk=user.pk).exists()


def can_manage_delegation(user, delegation: Delegation) -> bool:
    """Organisers who may change delegates, and the delegation's own focal points."""
    return user.has_perm("delegations.change_delegate") or is_focal_point(user, delegation)


def can_decide_accreditation(user, delegate: Delegate | None = None) -> bool:
    return user.has_perm("delegations.change_delegate")


def can_decide_credentials(user, credentials=None) -> bool:
    return user.has_perm("delegations.change_credentials")


def can_invite_focal_point(user, delegation: Delegation | None = None) -> bool:
    return user.has_perm("delegations.change_delegation")


def can_save_delegation(user, *, creating: bool) -> bool:
    """Organisers who may add (or change) delegations in the administration."""
    return user.has_perm(
        "delegations.add_delegation" if creating else "delegations.change_delegation"
    )


def can_delete_delegation(user) -> bool:
    return user.has_perm("delegations.delete_delegation")


def can_change_delegation_settings(user) -> bool:
    """Organisers who set the assembly's default quotas and invitation validity."""
    return user.has_perm("delegations.change_delegationsettings")


def can_view_all_delegations(user) -> bool:
    return user.has_perm("delegations.view_delegation")


def can_view_voting_roll(user) -> bool:
    """Organisers who may see credentials; the roll lists every delegation's voting delegate."""
    return user.has_perm("delegations.view_credentials")


def can_view_all_credentials(user) -> bool:
    """Organisers (committee, read-only ones) who may open any delegation's credentials letter."""
    return user.has_perm("delegations.view_credentials")


def can_view_all_delegates(user) -> bool:
    """Organisers who may see any delegate (and so their badge photo)."""
    return user.has_perm("delegations.view_delegate")
