"""The accreditation of each delegate.

    draft -> submitted -> approved | rejected (reason) ; draft|submitted -> withdrawn
    approved -> withdrawn (organisers) ; approved|rejected|withdrawn -> draft (reopen, organisers)

Every transition is audited; decisions are announced to the delegation's focal points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.core.models import AuditEntry
from apps.core.services import log_action
from apps.delegations.models import AccreditationStatus, Credentials, Delegate, Delegation
from apps.delegations.permissions import can_decide_accreditation
from apps.delegations.services.common import (
    ACTIVE_STATUSES,
    COUNTED_STATUSES,
    check_manage,
    check_quota,
    focal_points,
)
from apps.notifications.services import notify

S = AccreditationStatus


def _locked(delegate: Delegate) -> Delegate:
    """The delegate read again under a row lock, so two decisions cannot cross."""
    fresh = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("delegation__country", "delegation__organisation", "delegation__assembly")
        .get(pk=delegate.pk)
    )
    return fresh


def _forbidden(delegate: Delegate, action: str) -> ApplicationError:
    return ApplicationError(
        _("%(name)s cannot be %(action)s: the accreditation is %(status)s.")
        % {
            "name": delegate.full_name,
            "action": action,
            "status": delegate.get_accreditation_status_display(),
        },
        extra={"accreditation_status": delegate.accreditation_status},
        status=409,
    )


def accreditation_number(delegate: Delegate) -> str:
    """Unique and stable: assembly, delegation code and the delegate's id."""
    delegation = delegate.delegation
    return f"{delegation.assembly.number}-{delegation.code[:6]}-{delegate.pk:06d}"


def _drop_designations(delegate: Delegate, *, by) -> None:
    """A delegate who is no longer approved cannot head, vote or stand in."""
    credentials = Credentials.objects.filter(delegation_id=delegate.delegation_id).first()
    if credentials is None:
        return
    dropped = []
    for field in ("head", "voting_delegate", "alternate"):
        if getattr(credentials, f"{field}_id") == delegate.pk:
            setattr(credentials, field, None)
            dropped.append(field)
    if dropped:
        credentials.save()
        log_action(
            credentials, "delegations.credentials.designation_dropped", by=by, fields=dropped
        )


@transaction.atomic
def submit_accreditation(*, delegates: Iterable[Delegate], by) -> list[Delegate]:
    """Submit one or several draft delegates of one delegation for accreditation."""
    delegates = [_locked(d) for d in delegates]
    if not delegates:
        raise ApplicationError(_("There is no delegate to submit."))
    delegation = delegates[0].delegation
    if any(d.delegation_id != delegation.pk for d in delegates):
        raise ApplicationError(_("Submit the delegates of one delegation at a time."))
    check_manage(by, delegation)
    for delegate in delegates:
        if delegate.accreditation_status != S.DRAFT:
            raise _forbidden(delegate, _("submitted"))
    Delegation.objects.select_for_update(of=("self",)).filter(pk=delegation.pk).first()
    check_quota(delegation, statuses=ACTIVE_STATUSES, adding=len(delegates))
    now = timezone.now()
    for delegate in delegates:
        delegate.accreditation_status = S.SUBMITTED
        delegate.submitted_at = now
        delegate.full_clean()
        delegate.save()
        log_action(delegate, "delegations.accreditation.submitted", by=by)
    notify(
        kind="delegations.accreditation_submitted",
        subject=delegation,
        recipients=focal_points(delegation),
        context={
            "count": len(delegates),
            "names": [d.full_name for d in delegates],
            "submitted_at": now.isoformat(),
        },
    )
    return delegates


def _decide(delegate: Delegate, *, status: str, by, reason: str = "") -> None:
    delegate.accreditation_status = status
    delegate.decided_at = timezone.now()
    delegate.decided_by = by
    delegate.rejection_reason = reason
    delegate.full_clean()
    delegate.save()


@transaction.atomic
def approve_accreditation(*, delegate: Delegate, by) -> Delegate:
    if not can_decide_accreditation(by, delegate):
        raise PermissionDenied
    delegate = _locked(delegate)
    if delegate.accreditation_status != S.SUBMITTED:
        raise _forbidden(delegate, _("approved"))
    # The delegation's row lock makes concurrent approvals count one after the other.
    Delegation.objects.select_for_update(of=("self",)).filter(pk=delegate.delegation_id).first()
    check_quota(delegate.delegation, statuses=[S.APPROVED], adding=1, exclude=[delegate.pk])
    if not delegate.accreditation_number:
        delegate.accreditation_number = accreditation_number(delegate)
    _decide(delegate, status=S.APPROVED, by=by)
    log_action(
        delegate,
        "delegations.accreditation.approved",
        by=by,
        number=delegate.accreditation_number,
    )
    notify(
        kind="delegations.accreditation_approved",
        subject=delegate,
        recipients=focal_points(delegate.delegation),
        context={"number": delegate.accreditation_number, "name": delegate.full_name},
    )
    return delegate


@transaction.atomic
def reject_accreditation(*, delegate: Delegate, by, reason: str) -> Delegate:
    if not can_decide_accreditation(by, delegate):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Give the reason for the rejection."), extra={"reason": [_("Required.")]}
        )
    delegate = _locked(delegate)
    if delegate.accreditation_status != S.SUBMITTED:
        raise _forbidden(delegate, _("rejected"))
    _decide(delegate, status=S.REJECTED, by=by, reason=reason)
    log_action(delegate, "delegations.accreditation.rejected", by=by, reason=reason)
    notify(
        kind="delegations.accreditation_rejected",
        subject=delegate,
        recipients=focal_points(delegate.delegation),
        context={"reason": reason, "name": delegate.full_name},
    )
    return delegate


@transaction.atomic
def withdraw_accreditation(*, delegate: Delegate, by) -> Delegate:
    """Focal points withdraw a draft or submitted delegate; organisers also an approved one."""
    delegate = _locked(delegate)
    check_manage(by, delegate.delegation)
    allowed = [S.DRAFT, S.SUBMITTED]
    if can_decide_accreditation(by, delegate):
        allowed.append(S.APPROVED)
    if delegate.accreditation_status not in allowed:
        raise _forbidden(delegate, _("withdrawn"))
    previous = delegate.accreditation_status
    previous_decided_at, previous_decided_by = delegate.decided_at, delegate.decided_by_id
    _decide(delegate, status=S.WITHDRAWN, by=by)
    _drop_designations(delegate, by=by)
    log_action(
        delegate,
        "delegations.accreditation.withdrawn",
        by=by,
        previous=previous,
        previous_decided_at=previous_decided_at.isoformat() if previous_decided_at else None,
        previous_decided_by=previous_decided_by,
    )
    return delegate


# How long "Undo" is offered after a withdrawal.
UNDO_WITHDRAWAL_WINDOW = dt.timedelta(minutes=10)


def withdrawal_undoable_until(delegate: Delegate) -> dt.datetime | None:
    """Until when the withdrawal of `delegate` may be undone (None: it is not withdrawn)."""
    if delegate.accreditation_status != S.WITHDRAWN or delegate.decided_at is None:
        return None
    return delegate.decided_at + UNDO_WITHDRAWAL_WINDOW


@transaction.atomic
def restore_accreditation(*, delegate: Delegate, by) -> Delegate:
    """Undo a withdrawal shortly after it: the delegate is back in the state they were in.

    Offered for `UNDO_WITHDRAWAL_WINDOW`; a focal point restores a draft or submitted delegate,
    organisers also an approved one. The place in the quota must still be free; designations
    dropped by the withdrawal are not made again.
    """
    delegate = _locked(delegate)
    check_manage(by, delegate.delegation)
    until = withdrawal_undoable_until(delegate)
    if until is None:
        raise _forbidden(delegate, _("restored"))
    if timezone.now() > until:
        raise ApplicationError(
            _("The withdrawal of %(name)s can no longer be undone; add the delegate again.")
            % {"name": delegate.full_name},
            status=409,
        )
    entry = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Delegate),
            object_id=str(delegate.pk),
            action="delegations.accreditation.withdrawn",
        )
        .order_by("-at", "-pk")
        .first()
    )
    data = entry.data if entry is not None else {}
    previous = data.get("previous")
    if previous not in (S.DRAFT, S.SUBMITTED, S.APPROVED):
        raise _forbidden(delegate, _("restored"))
    if previous == S.APPROVED and not can_decide_accreditation(by, delegate):
        raise PermissionDenied
    Delegation.objects.select_for_update(of=("self",)).filter(pk=delegate.delegation_id).first()
    check_quota(delegate.delegation, statuses=COUNTED_STATUSES, adding=1, exclude=[delegate.pk])
    decided_at = data.get("previous_decided_at")
    delegate.accreditation_status = previous
    delegate.decided_at = dt.datetime.fromisoformat(decided_at) if decided_at else None
    delegate.decided_by_id = data.get("previous_decided_by")
    delegate.full_clean()
    delegate.save()
    log_action(delegate, "delegations.accreditation.restored", by=by, status=previous)
    return delegate


@transaction.atomic
def reopen_accreditation(*, delegate: Delegate, by) -> Delegate:
    """Organisers reopen a decision: the delegate is a draft again, editable by the delegation."""
    if not can_decide_accreditation(by, delegate):
        raise PermissionDenied
    delegate = _locked(delegate)
    if delegate.accreditation_status not in (S.APPROVED, S.REJECTED, S.WITHDRAWN):
        raise _forbidden(delegate, _("reopened"))
    previous = delegate.accreditation_status
    delegate.accreditation_status = S.DRAFT
    delegate.submitted_at = None
    delegate.decided_at = None
    delegate.decided_by = None
    delegate.rejection_reason = ""
    delegate.full_clean()
    delegate.save()
    _drop_designations(delegate, by=by)
    log_action(delegate, "delegations.accreditation.reopened", by=by, previous=previous)
    return delegate
