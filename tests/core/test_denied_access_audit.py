"""Every denied access to another delegation's object is in the audit log (and still a 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.core.access import get_in_scope_or_404
from apps.core.models import AuditEntry
from apps.delegations.models import AccreditationStatus, Delegation
from apps.delegations.selectors import delegations_for_user
from apps.meetings import services as meeting_services
from tests.factories import DelegateFactory, DelegationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def a(assembly):
    found = DelegationFactory(assembly=assembly, country__iso2="FR", country__name_en="France")
    found.focal_points.add(UserFactory(email="focal.fr@example.org"))
    return found


@pytest.fixture
def b(assembly):
    found = DelegationFactory(assembly=assembly, country__iso2="KE", country__name_en="Kenya")
    found.focal_points.add(UserFactory(email="focal.ke@example.org"))
    return found


def _denials():
    return list(AuditEntry.objects.filter(action="core.access.denied"))


def test_helper_audits_an_object_outside_the_scope_then_404s(assembly, a, b):
    from django.http import Http404

    user = a.focal_points.get()

    with pytest.raises(Http404):
        get_in_scope_or_404(delegations_for_user(user, assembly=assembly), user, pk=b.pk)

    [entry] = _denials()
    assert entry.actor == user
    assert entry.object_id == str(b.pk)
    assert entry.data == {"model": "delegations.delegation", "lookup": {"pk": str(b.pk)}}


def test_helper_does_not_audit_what_does_not_exist(assembly, a):
    from django.http import Http404

    user = a.focal_points.get()
    missing = Delegation.objects.order_by("-pk").first().pk + 100

    with pytest.raises(Http404):
        get_in_scope_or_404(delegations_for_user(user, assembly=assembly), user, pk=missing)

    assert _denials() == []


def test_api_detail_of_b_asked_by_a_is_404_and_one_audit_row(a, b):
    api = APIClient()
    api.force_authenticate(a.focal_points.get())

    response = api.get(reverse("api:delegation-detail", args=[b.pk]))

    assert response.status_code == 404
    assert "Kenya" not in response.content.decode()
    [entry] = _denials()
    assert entry.actor == a.focal_points.get()
    assert entry.data["model"] == "delegations.delegation"


def test_own_object_writes_no_denial(a):
    api = APIClient()
    api.force_authenticate(a.focal_points.get())

    response = api.get(reverse("api:delegation-detail", args=[a.pk]))

    assert response.status_code == 200
    assert _denials() == []


def test_a_refused_write_is_audited_though_its_transaction_rolls_back(a, b):
    delegate = DelegateFactory(delegation=b, family_name="Kiprono")
    api = APIClient()
    api.force_authenticate(a.focal_points.get())

    response = api.post(
        reverse("api:delegate-submit", args=[delegate.pk]), HTTP_IDEMPOTENCY_KEY="retry-1"
    )

    delegate.refresh_from_db()
    assert response.status_code == 404
    assert delegate.accreditation_status == AccreditationStatus.DRAFT
    [entry] = _denials()
    assert entry.data == {"model": "delegations.delegate", "lookup": {"pk": str(delegate.pk)}}


def test_portal_request_of_others_is_audited(client, assembly, a, b, kenya_and_third):
    request = meeting_services.request_meeting(
        requester=b, invitee=kenya_and_third, topic="Private", by=b.focal_points.get()
    )
    client.force_login(a.focal_points.get())

    response = client.get(reverse("api:meeting-request-detail", args=[request.pk]))

    assert response.status_code == 404
    assert b"Private" not in response.content
    assert [e.data["model"] for e in _denials()] == ["meetings.meetingrequest"]


def test_the_audit_entry_holds_no_secret(client, a, b):
    client.force_login(a.focal_points.get())

    client.get(reverse("api:delegation-detail", args=[b.pk]) + "?token=s3cr3t-value")

    [entry] = _denials()
    assert "s3cr3t" not in str(entry.data)


@pytest.fixture
def kenya_and_third(assembly):
    third = DelegationFactory(assembly=assembly, country__iso2="JP", country__name_en="Japan")
    third.focal_points.add(UserFactory(email="focal.jp@example.org"))
    return third
