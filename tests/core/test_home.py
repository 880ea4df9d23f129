"""The delegation's home page: status, deadlines and what needs doing, each a link."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from apps.delegations.models import Delegate
from apps.delegations.services import create_delegate
from apps.meetings import services as meeting_services
from tests.delegations.factories import approved_delegate
from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

# Before the 93rd assembly's deadlines.
BEFORE = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def france(assembly):
    delegation = DelegationFactory(
        assembly=assembly, country=MemberCountryFactory(iso2="FR", name_en="France")
    )
    delegation.focal_point = UserFactory(full_name="Françoise Focal")
    delegation.focal_points.add(delegation.focal_point)
    return delegation


@pytest.fixture
def kenya(assembly):
    delegation = DelegationFactory(
        assembly=assembly, country=MemberCountryFactory(iso2="KE", name_en="Kenya")
    )
    delegation.focal_point = UserFactory()
    delegation.focal_points.add(delegation.focal_point)
    return delegation


@time_machine.travel(BEFORE, tick=False)
def test_home_shows_status_todo_and_deadlines_as_links(client, assembly, france, kenya):
    assembly.registration_deadline = dt.datetime(2025, 11, 1, 17, 0, tzinfo=dt.UTC)
    assembly.save()
    create_delegate(
        delegation=france, by=france.focal_point, family_name="Dupont", given_names="Jeanne"
    )
    meeting_services.request_meeting(
        requester=kenya, invitee=france, topic="Wildlife", by=kenya.focal_point
    )
    NotificationFactory(recipient=france.focal_point)
    client.force_login(france.focal_point)

    body = client.get("/").content.decode()

    # What needs doing: each a link to the page where it is done.
    assert f'<a href="{reverse("delegations:dashboard")}#delegates-title">1 delegate' in body
    assert (
        f'<a href="{reverse("delegations:credentials")}#letter-title">Credentials missing' in body
    )
    assert (
        f'<a href="{reverse("meetings:requests")}?status=awaiting#incoming-title">1 meeting '
        "request awaits your answer</a>"
    ) in body
    assert f'<a href="{reverse("notifications:inbox")}">1 unread message</a>' in body
    # Status of the delegation.
    assert "1 of 10 places used; 0 approved, 0 awaiting a decision" in body
    # Deadlines of the edition, in the assembly's zone.
    assert (
        f'<a href="{reverse("delegations:dashboard")}">Registering and changing delegates</a>'
    ) in body
    assert "until Sat 1 Nov 2025, 18:00 Marrakech (UTC+1)" in body
    # Not a repeat of the navigation.
    assert "Your delegation's work for the assembly" not in body


def test_home_still_to_do_agrees_with_the_delegation_table(client, assembly, france, organiser):
    head = approved_delegate(
        france, organiser, family_name="Alami", given_names="Said", function=Delegate.Function.HEAD
    )
    client.force_login(france.focal_point)

    home = client.get("/").content.decode()
    overview = client.get(reverse("delegations:dashboard")).content.decode()

    expected = "Designate Said ALAMI as head of delegation on the credentials"
    assert expected in home
    assert expected in overview
    assert "head of delegation not designated" not in home.lower()
    assert head.pk


def test_home_of_one_delegation_shows_nothing_of_another(client, assembly, france, kenya):
    create_delegate(
        delegation=kenya, by=kenya.focal_point, family_name="Otieno", given_names="Amos"
    )
    client.force_login(france.focal_point)

    body = client.get("/").content.decode()

    assert "No delegates registered yet" in body
    assert "1 delegate not yet submitted" not in body
    assert "Kenya" not in body


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_is_constant(client, assembly, france, count, django_assert_num_queries):
    for index in range(count):
        create_delegate(
            delegation=france,
            by=france.focal_point,
            family_name=f"Person{index}",
            given_names="A",
        )
        asking = DelegationFactory(
            assembly=assembly, country=MemberCountryFactory(iso2=f"Q{'ABC'[index]}")
        )
        asking.focal_points.add(UserFactory())
        meeting_services.request_meeting(
            requester=asking, invitee=france, topic="t", by=asking.focal_points.first()
        )
    client.force_login(france.focal_point)

    with django_assert_num_queries(15):
        response = client.get("/")

    assert f"{count} meeting request" in response.content.decode()
