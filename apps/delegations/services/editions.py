"""What a delegation carries from one edition to the next, and "copy last year's delegates"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.editions import Action
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import Delegate, Delegation, DelegationSettings
from apps.delegations.services.common import check_manage, check_open
from apps.delegations.services.delegates import (
    create_delegate,
    invite_focal_point,
    set_default_quotas,
)
from apps.delegations.services.registration import register_delegation

# What a delegate's row carries to the next edition: who the person is and how to reach them;
# never their accreditation, badge photo or passport-like data.
COPIED_DELEGATE_FIELDS = (
    "family_name",
    "given_names",
    "family_name_native",
    "given_names_native",
    "honorific",
    "position",
    "function",
    "email",
    "phone",
    "languages",
)


def carry_delegations(*, previous: Assembly, new: Assembly, by: Any) -> dict[str, int]:
    """The member countries and observer organisations stay: one delegation each in the new
    edition ("invited"), with its quota; its focal points are invited again through the
    invitation service (a fresh single-use link), never linked silently. Delegates and
    credentials do not carry over."""
    counts = {
        "delegations": 0,
        "focal_points_invited": 0,
        "focal_points_not_invited": 0,
        "delegation_settings": 0,
    }
    old_settings = DelegationSettings.objects.filter(assembly=previous).first()
    if old_settings is not None:
        set_default_quotas(
            assembly=new,
            member_quota=old_settings.member_quota,
            observer_quota=old_settings.observer_quota,
            invitation_days=old_settings.invitation_days,
            by=by,
        )
        counts["delegation_settings"] = 1
    old = (
        Delegation.objects.filter(assembly=previous)
        .exclude(status=Delegation.Status.WITHDRAWN)
        .select_related("country", "organisation")
        .prefetch_related("focal_points")
        .order_by("pk")
    )
    for delegation in old:
        created = register_delegation(
            assembly=new,
            by=by,
            country=delegation.country,
            organisation=delegation.organisation,
            kind=delegation.kind,
            quota=delegation.quota,
        )
        counts["delegations"] += 1
        for user in delegation.focal_points.all():
            try:
                invite_focal_point(
                    delegation=created, email=user.email, full_name=user.full_name, by=by
                )
            except (ApplicationError, ValidationError):
                counts["focal_points_not_invited"] += 1  # e.g. an organiser's account
            else:
                counts["focal_points_invited"] += 1
    return counts


def previous_delegation_of(delegation: Delegation) -> Delegation | None:
    """The same country's (or organisation's) delegation at the latest earlier edition."""
    qs = Delegation.objects.filter(assembly__number__lt=delegation.assembly.number)
    if delegation.country_id:
        qs = qs.filter(country_id=delegation.country_id)
    elif delegation.organisation_id:
        qs = qs.filter(organisation_id=delegation.organisation_id)
    else:
        return None
    return qs.select_related("assembly").order_by("-assembly__number").first()


@transaction.atomic
def copy_previous_delegates(*, delegation: Delegation, by: Any) -> list[Delegate]:
    """A focal point's choice, never automatic: last edition's delegates as drafts of this
    edition (names and contacts only), skipping anyone already registered by e-mail."""
    check_manage(by, delegation)
    check_open(by, delegation, Action.REGISTER_DELEGATES)
    previous = previous_delegation_of(delegation)
    if previous is None:
        raise ApplicationError(_("Your delegation did not attend an earlier edition."))
    taken = {
        email.lower() for email in delegation.delegates.values_list("email", flat=True) if email
    }
    copied = []
    for old in previous.delegates.order_by("pk"):
        if old.email and old.email.lower() in taken:
            continue
        fields = {name: getattr(old, name) for name in COPIED_DELEGATE_FIELDS}
        copied.append(create_delegate(delegation=delegation, by=by, **fields))
    log_action(
        delegation,
        "delegations.delegates.copied",
        by=by,
        previous=previous.assembly.number,
        count=len(copied),
    )
    return copied
