"""The accreditation state machine: every allowed and every forbidden transition."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from apps.core.errors import ApplicationError
from apps.core.models import AuditEntry
from apps.delegations.models import AccreditationStatus, Delegate
from apps.delegations.services import (
    approve_accreditation,
    create_delegate,
    reject_accreditation,
    reopen_accreditation,
    submit_accreditation,
    withdraw_accreditation,
)
from apps.notifications.models import Notification

S = AccreditationStatus
STATES = list(S.values)


def in_state(delegation, status: str) -> Delegate:
    delegate = Delegate.objects.create(
        delegation=delegation, family_name="State", given_names=status
    )
    fields = {"accreditation_status": status}
    if status == S.APPROVED:
        fields["accreditation_number"] = f"T-{delegate.pk}"
    if status == S.REJECTED:
        fields["rejection_reason"] = "earlier"
    Delegate.objects.filter(pk=delegate.pk).update(**fields)
    delegate.refresh_from_db()
    return delegate


def run(action: str, delegate: Delegate, *, focal_point, organiser):
    if action == "submit":
        return submit_accreditation(delegates=[delegate], by=focal_point)[0]
    if action == "approve":
        return approve_accreditation(delegate=delegate, by=organiser)
    if action == "reject":
        return reject_accreditation(delegate=delegate, by=organiser, reason="Not a police officer")
    if action == "withdraw_focal":
        return withdraw_accreditation(delegate=delegate, by=focal_point)
    if action == "withdraw_organiser":
        return withdraw_accreditation(delegate=delegate, by=organiser)
    if action == "reopen":
        return reopen_accreditation(delegate=delegate, by=organiser)
    raise AssertionError(action)


ALLOWED = {
    ("submit", S.DRAFT): S.SUBMITTED,
    ("approve", S.SUBMITTED): S.APPROVED,
    ("reject", S.SUBMITTED): S.REJECTED,
    ("withdraw_focal", S.DRAFT): S.WITHDRAWN,
    ("withdraw_focal", S.SUBMITTED): S.WITHDRAWN,
    ("withdraw_organiser", S.DRAFT): S.WITHDRAWN,
    ("withdraw_organiser", S.SUBMITTED): S.WITHDRAWN,
    ("withdraw_organiser", S.APPROVED): S.WITHDRAWN,
    ("reopen", S.APPROVED): S.DRAFT,
    ("reopen", S.REJECTED): S.DRAFT,
    ("reopen", S.WITHDRAWN): S.DRAFT,
}
ACTIONS = ["submit", "approve", "reject", "withdraw_focal", "withdraw_organiser", "reopen"]
ALL_PAIRS = [(action, state) for action in ACTIONS for state in STATES]


@pytest.mark.parametrize(("action", "state"), [p for p in ALL_PAIRS if p in ALLOWED])
def test_transition_allowed(action, state, delegation, focal_point, organiser):
    delegate = in_state(delegation, state)

    result = run(action, delegate, focal_point=focal_point, organiser=organiser)

    delegate.refresh_from_db()
    assert delegate.accreditation_status == ALLOWED[(action, state)]
    assert result.accreditation_status == ALLOWED[(action, state)]
    assert (
        AuditEntry.objects.filter(
            object_id=str(delegate.pk), action__startswith="delegations.accreditation."
        ).count()
        == 1
    )


@pytest.mark.parametrize(("action", "state"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_transition_forbidden(action, state, delegation, focal_point, organiser):
    delegate = in_state(delegation, state)

    with pytest.raises(ApplicationError) as caught:
        run(action, delegate, focal_point=focal_point, organiser=organiser)

    assert caught.value.status == 409
    delegate.refresh_from_db()
    assert delegate.accreditation_status == state
    assert not AuditEntry.objects.filter(object_id=str(delegate.pk)).exists()


def test_approve_gives_unique_number_and_notifies(delegation, focal_point, organiser):
    first, second = in_state(delegation, S.SUBMITTED), in_state(delegation, S.SUBMITTED)

    approve_accreditation(delegate=first, by=organiser)
    approve_accreditation(delegate=second, by=organiser)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.accreditation_number == f"93-FR-{first.pk:06d}"
    assert first.accreditation_number != second.accreditation_number
    assert first.decided_by == organiser
    assert first.decided_at is not None
    notes = Notification.objects.filter(kind="delegations.accreditation_approved")
    assert {n.recipient for n in notes} == {focal_point}
    first_note = notes.get(object_id=str(first.pk), channel="email")
    assert first_note.context["number"] == first.accreditation_number


def test_reopen_keeps_number_and_approve_again_reuses_it(delegation, focal_point, organiser):
    delegate = in_state(delegation, S.SUBMITTED)
    approve_accreditation(delegate=delegate, by=organiser)
    number = Delegate.objects.get(pk=delegate.pk).accreditation_number

    reopen_accreditation(delegate=delegate, by=organiser)
    submit_accreditation(delegates=[delegate], by=focal_point)
    approve_accreditation(delegate=delegate, by=organiser)

    delegate.refresh_from_db()
    assert delegate.accreditation_number == number
    assert delegate.decided_by == organiser


def test_reject_requires_reason(delegation, organiser):
    delegate = in_state(delegation, S.SUBMITTED)

    with pytest.raises(ApplicationError, match="reason"):
        reject_accreditation(delegate=delegate, by=organiser, reason="   ")

    delegate.refresh_from_db()
    assert delegate.accreditation_status == S.SUBMITTED


def test_reject_records_reason_and_notifies(delegation, focal_point, organiser):
    delegate = in_state(delegation, S.SUBMITTED)

    reject_accreditation(delegate=delegate, by=organiser, reason="Duplicate entry")

    delegate.refresh_from_db()
    assert delegate.rejection_reason == "Duplicate entry"
    note = Notification.objects.get(kind="delegations.accreditation_rejected", channel="email")
    assert note.context["reason"] == "Duplicate entry"


def test_reopen_clears_decision(delegation, organiser):
    delegate = in_state(delegation, S.SUBMITTED)
    reject_accreditation(delegate=delegate, by=organiser, reason="Wrong passport name")

    reopen_accreditation(delegate=delegate, by=organiser)

    delegate.refresh_from_db()
    assert (delegate.rejection_reason, delegate.decided_by, delegate.decided_at) == ("", None, None)


def test_focal_point_cannot_decide(delegation, focal_point):
    delegate = in_state(delegation, S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        approve_accreditation(delegate=delegate, by=focal_point)
    with pytest.raises(PermissionDenied):
        reject_accreditation(delegate=delegate, by=focal_point, reason="x")
    with pytest.raises(PermissionDenied):
        reopen_accreditation(delegate=delegate, by=focal_point)


def test_read_only_organiser_cannot_approve(delegation, read_only_organiser):
    delegate = in_state(delegation, S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        approve_accreditation(delegate=delegate, by=read_only_organiser)


def test_other_focal_point_cannot_submit(delegation, other_delegation, other_focal_point):
    delegate = in_state(delegation, S.DRAFT)

    with pytest.raises(PermissionDenied):
        submit_accreditation(delegates=[delegate], by=other_focal_point)


def test_submit_all_notifies_once_with_names(delegation, focal_point):
    delegates = [
        create_delegate(delegation=delegation, by=focal_point, family_name=f"N{i}", given_names="A")
        for i in range(3)
    ]

    submit_accreditation(delegates=delegates, by=focal_point)

    assert set(delegation.delegates.values_list("accreditation_status", flat=True)) == {S.SUBMITTED}
    note = Notification.objects.get(kind="delegations.accreditation_submitted", channel="email")
    assert note.context["count"] == 3
    assert note.context["names"] == [d.full_name for d in delegates]


def test_submit_rejects_mixed_delegations(delegation, other_delegation, organiser):
    mine, theirs = in_state(delegation, S.DRAFT), in_state(other_delegation, S.DRAFT)

    with pytest.raises(ApplicationError):
        submit_accreditation(delegates=[mine, theirs], by=organiser)

    assert Delegate.objects.filter(accreditation_status=S.SUBMITTED).count() == 0


def test_withdrawing_voting_delegate_drops_designation(delegation, focal_point, organiser):
    from apps.delegations.services import designate_delegates
    from tests.delegations.factories import approved_delegate

    voter = approved_delegate(delegation, organiser)
    credentials = designate_delegates(
        delegation=delegation, by=focal_point, head=voter, voting_delegate=voter
    )

    withdraw_accreditation(delegate=voter, by=organiser)

    credentials.refresh_from_db()
    assert (credentials.head_id, credentials.voting_delegate_id) == (None, None)
