"""The organisers' meeting rules, and expiring only the requests named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from apps.core.selectors import audit_entries_for
from apps.meetings import services
from apps.meetings.models import MeetingRequest

pytestmark = pytest.mark.django_db
DEADLINE = dt.datetime(2025, 11, 20, 17, tzinfo=dt.UTC)


def test_set_meeting_rules_sets_the_deadline_new_requests_carry(
    assembly, organiser, morocco, france
):
    rules = services.set_meeting_rules(assembly=assembly, by=organiser, response_deadline=DEADLINE)

    request = services.request_meeting(
        requester=morocco, invitee=france, topic="Cybercrime", by=organiser
    )

    assert request.respond_by == DEADLINE
    assert audit_entries_for(rules).get().action == "meetings.rules.changed"


def test_set_meeting_rules_refuses_a_focal_point(assembly, morocco):
    with pytest.raises(PermissionDenied):
        services.set_meeting_rules(
            assembly=assembly, by=morocco.focal_point, response_deadline=DEADLINE
        )


def test_expire_meeting_requests_with_ids_expires_only_those(
    assembly, organiser, morocco, france, kenya
):
    services.set_meeting_rules(assembly=assembly, by=organiser, response_deadline=DEADLINE)
    first = services.request_meeting(requester=morocco, invitee=france, topic="One", by=organiser)
    second = services.request_meeting(requester=morocco, invitee=kenya, topic="Two", by=organiser)

    expired = services.expire_meeting_requests(ids=[first.pk])

    statuses = dict(MeetingRequest.objects.values_list("pk", "status"))
    assert expired == 1
    assert statuses == {first.pk: "expired", second.pk: "requested"}
