"""Registering delegates, quotas and inviting focal points."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.editions import Action
from apps.core.errors import ApplicationError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import AccreditationStatus, Delegate, Delegation
from apps.delegations.permissions import (
    can_change_delegation_settings,
    can_decide_accreditation,
    can_invite_focal_point,
)
from apps.delegations.selectors import delegation_settings
from apps.delegations.services.common import (
    COUNTED_STATUSES,
    check_manage,
    check_open,
    check_quota,
)

# Fields a focal point fills in; accreditation fields are changed only by the transitions.
DELEGATE_FIELDS = (
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
    "arrival_date",
    "departure_date",
    "photo",
)


def _apply(delegate: Delegate, fields: dict[str, Any]) -> list[str]:
    unknown = set(fields) - set(DELEGATE_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    changed = []
    for name, value in fields.items():
        if getattr(delegate, name) != value:
            setattr(delegate, name, value)
            changed.append(name)
    return changed


def _check_unique_email(delegate: Delegate) -> None:
    """One delegate per e-mail address in a delegation (the database holds it too)."""
    if not delegate.email:
        return
    others = delegate.delegation.delegates.filter(email__iexact=delegate.email).exclude(
        pk=delegate.pk
    )
    if others.exists():
        raise ValidationError(
            {"email": _("Another delegate of this delegation has this e-mail address.")}
        )


def _check_single_head(delegate: Delegate) -> None:
    if delegate.function != Delegate.Function.HEAD:
        return
    others = delegate.delegation.delegates.filter(function=Delegate.Function.HEAD).exclude(
        pk=delegate.pk
    )
    if others.exists():
        raise ApplicationError(
            _("The delegation already has a head; designate the head on the credentials page."),
            extra={"function": [_("Only one head of delegation.")]},
        )


@transaction.atomic
def create_delegate(*, delegation: Delegation, by, **fields: Any) -> Delegate:
    check_manage(by, delegation)
    check_open(by, delegation, Action.REGISTER_DELEGATES)
    Delegation.objects.select_for_update(of=("self",)).filter(pk=delegation.pk).first()
    if delegation.status == Delegation.Status.WITHDRAWN:
        raise ApplicationError(_("This delegation has withdrawn from the assembly."))
    check_quota(delegation, statuses=COUNTED_STATUSES)
    delegate = Delegate(delegation=delegation)
    _apply(delegate, fields)
    _check_single_head(delegate)
    _check_unique_email(delegate)
    delegate.full_clean()
    delegate.save()
    if delegation.status == Delegation.Status.INVITED:
        delegation.status = Delegation.Status.REGISTERING
        delegation.save(update_fields=["status", "updated_at"])
    log_action(delegate, "delegations.delegate.created", by=by, delegation=delegation.code)
    return delegate


@transaction.atomic
def update_delegate(*, delegate: Delegate, by, **fields: Any) -> Delegate:
    check_manage(by, delegate.delegation)
    check_open(by, delegate.delegation, Action.REGISTER_DELEGATES)
    if not delegate.is_editable and not can_decide_accreditation(by, delegate):
        raise ApplicationError(
            _("An approved or withdrawn delegate cannot be changed; ask the organisers to reopen."),
            status=409,
        )
    changed = _apply(delegate, fields)
    if not changed:
        return delegate
    _check_single_head(delegate)
    if "email" in changed:
        _check_unique_email(delegate)
    delegate.full_clean()
    delegate.save()
    log_action(delegate, "delegations.delegate.updated", by=by, fields=sorted(changed))
    return delegate


@transaction.atomic
def delete_delegate(*, delegate: Delegate, by) -> None:
    check_manage(by, delegate.delegation)
    check_open(by, delegate.delegation, Action.REGISTER_DELEGATES)
    if delegate.accreditation_status == AccreditationStatus.APPROVED:
        raise ApplicationError(
            _("An approved delegate cannot be removed; ask the organisers to reopen."),
            status=409,
        )
    log_action(
        delegate.delegation,
        "delegations.delegate.deleted",
        by=by,
        delegate=delegate.full_name,
        delegate_id=delegate.pk,
    )
    try:
        with transaction.atomic():
            delegate.delete()
    except ProtectedError as exc:
        # A ceremony role (or another record kept by the organisers) still names them.
        raise ApplicationError(
            _("This delegate has a part in a ceremony; ask the organisers to release it first."),
            status=409,
        ) from exc


@transaction.atomic
def set_default_quotas(
    *,
    assembly: Assembly,
    by,
    member_quota: int,
    observer_quota: int,
    invitation_days: int | None = None,
) -> None:
    if not can_change_delegation_settings(by):
        raise PermissionDenied
    found = delegation_settings(assembly)
    found.member_quota, found.observer_quota = member_quota, observer_quota
    if invitation_days is not None:
        found.invitation_days = invitation_days
    found.full_clean()
    found.save()
    log_action(
        found,
        "delegations.settings.changed",
        by=by,
        member_quota=member_quota,
        observer_quota=observer_quota,
        invitation_days=found.invitation_days,
    )


@transaction.atomic
def invite_focal_point(*, delegation: Delegation, email: str, full_name: str = "", by):
    """Links the account for `email` to the delegation and e-mails it a single-use link."""
    import datetime as dt

    from apps.accounts.invitations import invite_user

    if not can_invite_focal_point(by, delegation):
        raise PermissionDenied
    settings = delegation_settings(delegation.assembly)
    invitation, token = invite_user(
        email=email,
        full_name=full_name,
        by=by,
        valid_for=dt.timedelta(days=settings.invitation_days),
        next_url=reverse("delegations:dashboard"),
        context={"delegation": delegation.name, "delegation_id": delegation.pk},
    )
    delegation.focal_points.add(invitation.user)
    log_action(delegation, "delegations.focal_point.invited", by=by, email=invitation.email)
    return invitation, token
