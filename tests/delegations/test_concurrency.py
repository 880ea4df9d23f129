"""The quota holds when two organisers approve at the same moment (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from apps.core.errors import ApplicationError


@pytest.mark.postgres
def test_concurrent_approvals_respect_quota(transactional_db, django_user_model):
    from apps.delegations.models import Delegate
    from apps.delegations.services import approve_accreditation
    from tests.factories import AssemblyFactory, DelegationFactory, MemberCountryFactory

    organiser = django_user_model.objects.create_superuser(
        "boss@example.org", "x" * 20, full_name="Boss"
    )
    delegation = DelegationFactory(
        assembly=AssemblyFactory(is_current=True), country=MemberCountryFactory(iso2="FR"), quota=1
    )
    delegates = [
        Delegate.objects.create(
            delegation=delegation,
            family_name=f"P{i}",
            given_names="Q",
            accreditation_status="submitted",
        )
        for i in range(4)
    ]
    barrier = threading.Barrier(len(delegates))
    outcomes: list[str] = []

    def approve(delegate):
        try:
            barrier.wait()
            approve_accreditation(delegate=delegate, by=organiser)
            outcomes.append("approved")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(d,)) for d in delegates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "refused", "refused", "refused"]
    assert Delegate.objects.filter(accreditation_status="approved").count() == 1
