"""Reads of delegations, always scoped to what the asking user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.core.models import Assembly
from apps.delegations.models import Delegation, MemberCountry


def delegations_for_user(user, *, assembly: Assembly) -> QuerySet[Delegation]:
    """Organisers see every delegation of the assembly; a focal point only their own."""
    qs = Delegation.objects.filter(assembly=assembly).select_related("country", "organisation")
    if user.is_staff:
        return qs
    return qs.filter(focal_points=user)


def delegation_of(user, *, assembly: Assembly) -> Delegation | None:
    """The delegation a focal point works for at this assembly; None for anyone else."""
    if not user.is_authenticated or user.is_staff:
        return None
    return (
        Delegation.objects.filter(assembly=assembly, focal_points=user)
        .select_related("country", "organisation", "assembly")
        .first()
    )


def member_countries() -> QuerySet[MemberCountry]:
    return MemberCountry.objects.filter(active=True).order_by("name_en")
