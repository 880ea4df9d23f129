"""Quotas: the assembly default per kind, the per-delegation override, where they bite."""

from __future__ import annotations

import pytest

from apps.core.errors import ApplicationError
from apps.delegations.models import AccreditationStatus, Delegate
from apps.delegations.selectors import quota_of
from apps.delegations.services import (
    approve_accreditation,
    create_delegate,
    reject_accreditation,
    set_default_quotas,
    submit_accreditation,
)
from tests.factories import DelegationFactory, OrganisationFactory


def add(delegation, by, n: int) -> list[Delegate]:
    return [
        create_delegate(delegation=delegation, by=by, family_name=f"P{i}", given_names="Q")
        for i in range(n)
    ]


def test_default_quota_by_kind(assembly, delegation, organiser):
    observer = DelegationFactory(
        assembly=assembly, country=None, organisation=OrganisationFactory(), kind="observer"
    )

    set_default_quotas(assembly=assembly, by=organiser, member_quota=6, observer_quota=2)

    assert (quota_of(delegation), quota_of(observer)) == (6, 2)


def test_override_wins(delegation):
    delegation.quota = 3

    assert quota_of(delegation) == 3


def test_adding_beyond_quota_refused(delegation, focal_point):
    delegation.quota = 2
    delegation.save()
    add(delegation, focal_point, 2)

    with pytest.raises(ApplicationError, match="quota is 2") as caught:
        add(delegation, focal_point, 1)

    assert caught.value.status == 409
    assert delegation.delegates.count() == 2


def test_rejected_delegate_frees_a_place(delegation, focal_point, organiser):
    delegation.quota = 1
    delegation.save()
    (first,) = add(delegation, focal_point, 1)
    submit_accreditation(delegates=[first], by=focal_point)
    reject_accreditation(delegate=first, by=organiser, reason="Not eligible")

    (second,) = add(delegation, focal_point, 1)

    assert second.accreditation_status == AccreditationStatus.DRAFT


def test_approval_beyond_lowered_quota_refused(delegation, focal_point, organiser):
    first, second = add(delegation, focal_point, 2)
    submit_accreditation(delegates=[first, second], by=focal_point)
    approve_accreditation(delegate=first, by=organiser)
    delegation.quota = 1
    delegation.save()

    with pytest.raises(ApplicationError, match="quota"):
        approve_accreditation(delegate=second, by=organiser)

    second.refresh_from_db()
    assert second.accreditation_status == AccreditationStatus.SUBMITTED


def test_submitting_beyond_lowered_quota_refused(delegation, focal_point):
    delegates = add(delegation, focal_point, 3)
    delegation.quota = 2
    delegation.save()

    with pytest.raises(ApplicationError, match="quota"):
        submit_accreditation(delegates=delegates, by=focal_point)

    assert not delegation.delegates.filter(accreditation_status="submitted").exists()
