"""Who may do what with elections and votes: the one place access is decided."""

from __future__ import annotations

from apps.delegations.models import Delegation


def can_view_all_elections(user) -> bool:
    """Organisers (read-only ones included) see every election, round, roll and count."""
    return user.has_perm("elections.view_election")


def can_manage_elections(user) -> bool:
    """Create seats and resolutions, open and close votes, take the roll call, issue codes."""
    return user.has_perm("elections.change_election")


def can_count_paper_ballots(user) -> bool:
    """A teller enters the count of a paper round."""
    return user.has_perm("elections.add_papercount")


def can_certify_round(user) -> bool:
    """The named permission that certifies a result."""
    return user.has_perm("elections.certify_round")


def can_act_for_delegation(user, delegation: Delegation) -> bool:
    """A focal point nominates for, and votes on behalf of, their delegation's voting delegate."""
    if not getattr(user, "is_authenticated", False):
        return False
    return delegation.focal_points.filter(pk=user.pk).exists()
