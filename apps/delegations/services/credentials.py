"""Credentials: the letter, the designations (head, voting delegate, alternate) and the
committee's decision (pending, accepted, provisional, contested with a note)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.editions import Action
from apps.core.errors import ApplicationError
from apps.core.services import log_action
from apps.delegations.models import AccreditationStatus, Credentials, Delegate, Delegation
from apps.delegations.permissions import can_decide_credentials
from apps.delegations.services.common import check_manage, check_open, focal_points
from apps.notifications.services import notify

DESIGNATIONS = ("head", "voting_delegate", "alternate")


def _credentials_for(delegation: Delegation) -> Credentials:
    if not delegation.is_member:
        raise ApplicationError(_("Only member delegations present credentials."))
    credentials, _created = Credentials.objects.select_for_update(of=("self",)).get_or_create(
        delegation=delegation
    )
    return credentials


def _back_to_pending(credentials: Credentials, *, by, why: str) -> None:
    """A change after the committee decided sends the credentials back for review."""
    if credentials.status != Credentials.Status.PENDING:
        log_action(
            credentials,
            "delegations.credentials.reset",
            by=by,
            previous=credentials.status,
            why=why,
        )
        credentials.status = Credentials.Status.PENDING
        credentials.decided_at = None
        credentials.decided_by = None


@transaction.atomic
def upload_credentials(
    *,
    delegation: Delegation,
    by,
    letter,
    issued_by: str,
    issued_on: dt.date | None = None,
) -> Credentials:
    check_manage(by, delegation)
    check_open(by, delegation, Action.SEND_CREDENTIALS)
    if not letter:
        raise ApplicationError(_("Attach the letter."), extra={"letter": [_("Required.")]})
    credentials = _credentials_for(delegation)
    credentials.letter = letter
    credentials.issued_by = (issued_by or "").strip()
    credentials.issued_on = issued_on
    credentials.submitted_at = timezone.now()
    _back_to_pending(credentials, by=by, why="new letter")
    credentials.full_clean()
    credentials.save()
    log_action(credentials, "delegations.credentials.uploaded", by=by, issued_by=issued_by)
    return credentials


@transaction.atomic
def designate_delegates(
    *,
    delegation: Delegation,
    by,
    head: Delegate | None,
    voting_delegate: Delegate | None,
    alternate: Delegate | None = None,
) -> Credentials:
    """Head, voting delegate and alternate: approved delegates of this delegation."""
    check_manage(by, delegation)
    check_open(by, delegation, Action.SEND_CREDENTIALS)
    chosen = {"head": head, "voting_delegate": voting_delegate, "alternate": alternate}
    errors = {}
    for field, delegate in chosen.items():
        if delegate is None:
            continue
        if delegate.delegation_id != delegation.pk:
            errors[field] = [_("Choose a delegate of this delegation.")]
        elif delegate.accreditation_status != AccreditationStatus.APPROVED:
            errors[field] = [_("Only an approved delegate can be designated.")]
    if voting_delegate is not None and alternate is not None and voting_delegate == alternate:
        errors["alternate"] = [_("The alternate cannot be the voting delegate.")]
    if errors:
        raise ApplicationError(_("Check the designations."), extra=errors)
    credentials = _credentials_for(delegation)
    changed = [f for f, d in chosen.items() if getattr(credentials, f"{f}_id") != (d and d.pk)]
    if not changed:
        return credentials
    for field, delegate in chosen.items():
        setattr(credentials, field, delegate)
    if head is not None:
        # The designated head carries the function; a former head becomes a delegate.
        delegation.delegates.filter(function=Delegate.Function.HEAD).exclude(pk=head.pk).update(
            function=Delegate.Function.DELEGATE
        )
        if head.function != Delegate.Function.HEAD:
            head.function = Delegate.Function.HEAD
            head.save(update_fields=["function", "updated_at"])
    _back_to_pending(credentials, by=by, why="designations changed")
    credentials.full_clean()
    credentials.save()
    log_action(
        credentials,
        "delegations.credentials.designated",
        by=by,
        **{f: (d.pk if d else None) for f, d in chosen.items()},
    )
    return credentials


@transaction.atomic
def decide_credentials(*, credentials: Credentials, status: str, by, note: str = "") -> Credentials:
    """The credentials committee's decision; contested needs a note, accepting a letter and
    a voting delegate."""
    if not can_decide_credentials(by, credentials):
        raise PermissionDenied
    credentials = (
        Credentials.objects.select_for_update(of=("self",))
        .select_related("delegation__country", "delegation__assembly")
        .get(pk=credentials.pk)
    )
    note = (note or "").strip()
    if status not in Credentials.Status.values:
        raise ApplicationError(_("Unknown credentials status."), extra={"status": [status]})
    if status == credentials.status and note == credentials.note:
        raise ApplicationError(
            _("The credentials are already %(status)s.")
            % {"status": credentials.get_status_display()},
            status=409,
        )
    if status == Credentials.Status.CONTESTED and not note:
        raise ApplicationError(
            _("Contested credentials need a note."), extra={"note": [_("Required.")]}
        )
    if status in (Credentials.Status.ACCEPTED, Credentials.Status.PROVISIONAL):
        if not credentials.letter:
            raise ApplicationError(_("No letter has been uploaded."), status=409)
        if status == Credentials.Status.ACCEPTED and credentials.voting_delegate_id is None:
            raise ApplicationError(
                _("Credentials are accepted once a voting delegate is designated."), status=409
            )
    previous = credentials.status
    credentials.status = status
    credentials.note = note
    credentials.decided_at = timezone.now()
    credentials.decided_by = by
    credentials.full_clean()
    credentials.save()
    log_action(
        credentials, "delegations.credentials.decided", by=by, status=status, previous=previous
    )
    notify_kwargs = {"status": status, "status_label": str(credentials.get_status_display())}
    if note:
        notify_kwargs["note"] = note
    notify(
        kind="delegations.credentials_decided",
        subject=credentials,
        recipients=focal_points(credentials.delegation),
        context=notify_kwargs,
    )
    return credentials


@transaction.atomic
def delete_credentials(*, credentials: Credentials, by) -> None:
    """An organiser removes a delegation's credentials record (its country leaves the roll)."""
    if not by.has_perm("delegations.delete_credentials"):
        raise PermissionDenied
    log_action(
        credentials,
        "delegations.credentials.deleted",
        by=by,
        delegation=credentials.delegation.code,
        status=credentials.status,
    )
    credentials.delete()
