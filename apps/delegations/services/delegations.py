"""Organisers' creates, edits and deletions of delegations (the admin's form), checked and
audited like every other change."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.services import log_action
from apps.delegations.models import Delegation
from apps.delegations.permissions import can_delete_delegation, can_save_delegation


@transaction.atomic
def save_delegation(*, delegation: Delegation, by, changed: Iterable[str] = ()) -> Delegation:
    """Create or edit a delegation with the values already set on it; `changed` names the
    fields the organiser changed, for the audit entry."""
    creating = delegation.pk is None
    if not can_save_delegation(by, creating=creating):
        raise PermissionDenied
    delegation.full_clean()
    delegation.save()
    action = "delegations.delegation.created" if creating else "delegations.delegation.updated"
    log_action(delegation, action, by=by, fields=sorted(changed))
    return delegation


@transaction.atomic
def delete_delegation(*, delegation: Delegation, by) -> None:
    if not can_delete_delegation(by):
        raise PermissionDenied
    log_action(delegation, "delegations.delegation.deleted", by=by, delegation=delegation.code)
    try:
        with transaction.atomic():
            delegation.delete()
    except ProtectedError as exc:
        raise ApplicationError(
            _("This delegation is still referred to (meetings, ceremonies); it cannot be removed."),
            status=409,
        ) from exc
