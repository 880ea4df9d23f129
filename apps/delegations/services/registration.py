"""Registering a delegation at an assembly: a member country's or an observer organisation's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import Delegation, MemberCountry, Organisation


def can_register_delegation(user) -> bool:
    """Organisers with the named permission; kept beside its only service until it has others."""
    return bool(user is not None and user.has_perm("delegations.add_delegation"))


@transaction.atomic
def register_delegation(
    *,
    assembly: Assembly,
    by,
    country: MemberCountry | None = None,
    organisation: Organisation | None = None,
    kind: str = Delegation.Kind.MEMBER,
    status: str = Delegation.Status.INVITED,
    quota: int | None = None,
) -> Delegation:
    """One delegation per country (or organisation) and assembly; the model's checks apply."""
    if not can_register_delegation(by):
        raise PermissionDenied
    delegation = Delegation(
        assembly=assembly,
        country=country,
        organisation=organisation,
        kind=kind,
        status=status,
        quota=quota,
    )
    delegation.full_clean()
    delegation.save()
    log_action(delegation, "delegations.delegation.registered", by=by, kind=kind, status=status)
    return delegation


@transaction.atomic
def add_focal_point(*, delegation: Delegation, user, by) -> None:
    """Links an existing account to the delegation as focal point (no invitation sent)."""
    if not (by is not None and by.has_perm("delegations.change_delegation")):
        raise PermissionDenied
    if delegation.focal_points.filter(pk=user.pk).exists():
        return
    delegation.focal_points.add(user)
    log_action(delegation, "delegations.focal_point.added", by=by, email=user.email)
