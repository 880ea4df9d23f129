"""Helpers the delegation services share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from apps.core.editions import check_delegation_may
from apps.core.errors import ApplicationError
from apps.delegations.models import AccreditationStatus, Delegation
from apps.delegations.permissions import can_manage_delegation
from apps.delegations.selectors import COUNTED, focal_points_of, quota_of


def check_manage(user, delegation: Delegation) -> None:
    if not can_manage_delegation(user, delegation):
        raise PermissionDenied


def check_open(user, delegation: Delegation, action: str) -> None:
    """Refuse a focal point's change once the edition's state or deadline has closed `action`;
    organisers who manage delegates still correct what needs correcting."""
    if user.has_perm("delegations.change_delegate"):
        return
    check_delegation_may(delegation.assembly, action)


def focal_points(delegation: Delegation) -> list:
    """Active focal points: those told of accreditation and credentials decisions."""
    return focal_points_of(delegation, active_only=True)


def check_quota(delegation: Delegation, *, statuses, adding: int = 1, exclude=()) -> None:
    """Raise unless `adding` more delegates in `statuses` stay within the delegation's quota."""
    quota = quota_of(delegation)
    used = (
        delegation.delegates.filter(accreditation_status__in=list(statuses))
        .exclude(pk__in=[pk for pk in exclude if pk])
        .count()
    )
    if used + adding > quota:
        raise ApplicationError(
            _(
                "The delegation's quota is %(quota)d people; %(used)d places are already "
                "taken. Ask the organisers to raise the quota."
            )
            % {"quota": quota, "used": used},
            extra={"quota": quota, "used": used},
            status=409,
        )


COUNTED_STATUSES = COUNTED
ACTIVE_STATUSES = (AccreditationStatus.SUBMITTED, AccreditationStatus.APPROVED)
