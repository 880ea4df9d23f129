"""The organisers' dashboard on the admin's index: each figure counted on data, linked to the
filtered list that shows the same rows, only for those who may see it, in a fixed number of
queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.roles import CREDENTIALS_COMMITTEE, ORGANISER_READ_ONLY
from apps.agenda.models import Session
from apps.ceremonies.models import Ceremony
from apps.core.dashboard import dashboard
from apps.delegations.models import AccreditationStatus, Credentials, Delegation
from apps.meetings.models import Meeting, MeetingRequest, ScheduleRun
from apps.notifications.models import Notification
from tests.agenda.factories import VenueFactory
from tests.factories import DelegateFactory, DelegationFactory, MemberCountryFactory
from tests.meetings.factories import MeetingRequestFactory, RoomFactory
from tests.notifications.factories import NotificationFactory, SessionFactory
from tests.roles import staff_user

pytestmark = pytest.mark.django_db

# 25 November 2025, 10:00 in Marrakech (UTC+1): the assembly's second day.
NOW = dt.datetime(2025, 11, 25, 9, 0, tzinfo=dt.UTC)


def _figures(user, assembly) -> dict[str, object]:
    return {
        figure.label: figure
        for section in dashboard(user, assembly=assembly, now=NOW)
        for figure in section.figures
    }


def _delegation(assembly, iso2, *, status=Delegation.Status.REGISTERED, **kwargs):
    country = MemberCountryFactory(iso2=iso2, name_en=f"Country {iso2}")
    return DelegationFactory(assembly=assembly, country=country, status=status, **kwargs)


def _complete(assembly, iso2):
    delegation = _delegation(assembly, iso2)
    head = DelegateFactory(
        delegation=delegation,
        accreditation_status=AccreditationStatus.APPROVED,
        accreditation_number=f"GA93-{iso2}-1",
    )
    Credentials.objects.create(
        delegation=delegation,
        letter="credentials/letter.pdf",
        head=head,
        voting_delegate=head,
        status=Credentials.Status.ACCEPTED,
    )
    return delegation


@pytest.fixture
def world(assembly):
    """Three registered delegations (one complete), one invited; delegates and credentials in
    each state; requests waiting for an answer and for a place; a run; the outbox; today's
    sessions and a ceremony."""
    complete = _complete(assembly, "FR")
    draft = _delegation(assembly, "KE")
    DelegateFactory(delegation=draft)  # a draft: not complete
    DelegateFactory(delegation=draft, accreditation_status=AccreditationStatus.SUBMITTED)
    no_letter = _delegation(assembly, "BR")
    head = DelegateFactory(delegation=no_letter, accreditation_status=AccreditationStatus.SUBMITTED)
    Credentials.objects.create(delegation=no_letter, head=head, voting_delegate=head)
    invited = _delegation(assembly, "JP", status=Delegation.Status.INVITED)
    Credentials.objects.create(
        delegation=invited, status=Credentials.Status.CONTESTED, note="Two letters received"
    )
    Credentials.objects.create(delegation=draft, status=Credentials.Status.PROVISIONAL)

    MeetingRequestFactory(assembly=assembly, requester=complete, invitee=draft)
    MeetingRequestFactory(
        assembly=assembly,
        requester=no_letter,
        invitee=complete,
        status=MeetingRequest.Status.COUNTER_PROPOSED,
    )
    MeetingRequestFactory(
        assembly=assembly,
        requester=invited,
        invitee=complete,
        status=MeetingRequest.Status.ACCEPTED,
    )
    placed = MeetingRequestFactory(
        assembly=assembly, requester=no_letter, invitee=draft, status=MeetingRequest.Status.ACCEPTED
    )
    room = RoomFactory(venue=VenueFactory(assembly=assembly))
    Meeting.objects.create(
        request=placed,
        assembly=assembly,
        room=room,
        starts_at=NOW,
        ends_at=NOW + dt.timedelta(minutes=30),
        status=Meeting.Status.CONFIRMED,
    )
    released = MeetingRequestFactory(
        assembly=assembly, requester=invited, invitee=draft, status=MeetingRequest.Status.ACCEPTED
    )
    Meeting.objects.create(
        request=released,
        assembly=assembly,
        room=room,
        starts_at=NOW + dt.timedelta(hours=1),
        ends_at=NOW + dt.timedelta(hours=1, minutes=30),
        status=Meeting.Status.CANCELLED,
    )
    run = ScheduleRun.objects.create(
        assembly=assembly,
        status=ScheduleRun.Status.SUCCEEDED,
        figures={"placed": 181, "requests": 181, "weight": 283, "upper_bound": 283},
    )

    NotificationFactory(status=Notification.Status.PENDING, due_at=NOW - dt.timedelta(minutes=42))
    NotificationFactory(status=Notification.Status.PENDING, due_at=NOW + dt.timedelta(hours=1))
    NotificationFactory(status=Notification.Status.FAILED, due_at=NOW - dt.timedelta(hours=2))

    today = SessionFactory(assembly=assembly, starts_at=NOW)
    SessionFactory(assembly=assembly, starts_at=NOW + dt.timedelta(hours=2))
    SessionFactory(assembly=assembly, starts_at=NOW + dt.timedelta(hours=3), cancelled=True)
    SessionFactory(assembly=assembly, starts_at=NOW + dt.timedelta(days=1))
    Ceremony.objects.create(
        assembly=assembly, kind=Ceremony.Kind.OPENING, session=today, title_en="Opening"
    )
    return {"run": run}


def test_dashboard_counts_each_figure_on_data(world, assembly, organiser):
    figures = _figures(organiser, assembly)

    values = {label: figure.value for label, figure in figures.items()}
    assert values == {
        "delegations registered": 3,
        "of which complete": 1,
        "delegates awaiting a decision": 2,
        "credentials pending": 1,
        "credentials contested": 1,
        "voting roll": 2,
        "meeting requests waiting for an answer": 2,
        "accepted requests waiting for a place": 2,
        "scheduler's last run": "succeeded",
        "messages pending": 2,
        "messages failed": 1,
        "oldest due, not yet sent": "42 minutes",
        "sessions today": 2,
        "ceremonies today": 1,
    }
    assert figures["scheduler's last run"].note == (
        "181 of 181 accepted meetings placed; the best possible, proven."
    )
    assert figures["scheduler's last run"].url == reverse(
        "admin:meetings_schedulerun_change", args=[world["run"].pk]
    )


@pytest.mark.parametrize(
    "label",
    [
        "delegations registered",
        "of which complete",
        "delegates awaiting a decision",
        "credentials pending",
        "credentials contested",
        "meeting requests waiting for an answer",
        "accepted requests waiting for a place",
        "messages pending",
        "messages failed",
        "sessions today",
        "ceremonies today",
    ],
)
def test_dashboard_figure_links_to_a_list_of_as_many_rows(
    world, assembly, organiser, client, label
):
    figure = _figures(organiser, assembly)[label]
    client.force_login(organiser)

    with time_machine.travel(NOW, tick=False):
        response = client.get(figure.url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == figure.value


def test_dashboard_voting_roll_links_to_the_roll(world, assembly, organiser, client):
    figure = _figures(organiser, assembly)["voting roll"]
    client.force_login(organiser)

    page = client.get(figure.url).content.decode()

    assert "Country FR" in page
    assert "Country KE" in page
    assert "Country BR" not in page


def test_dashboard_says_the_gap_to_the_bound(world, assembly, organiser):
    ScheduleRun.objects.filter(pk=world["run"].pk).update(
        figures={"placed": 170, "requests": 181, "weight": 260, "upper_bound": 283}
    )

    note = _figures(organiser, assembly)["scheduler's last run"].note

    assert note == (
        "170 of 181 accepted meetings placed; priority weight 260 of at most 283 possible "
        "(91.9 %): the plan is at most 23 short of the best."
    )


def test_dashboard_shows_only_what_the_role_may_see(world, assembly):
    committee = staff_user("committee@example.org", CREDENTIALS_COMMITTEE)
    bare = staff_user("bare@example.org")

    assert set(_figures(committee, assembly)) == {
        "delegations registered",
        "of which complete",
        "delegates awaiting a decision",
        "credentials pending",
        "credentials contested",
        "voting roll",
    }
    assert _figures(bare, assembly) == {}


def test_admin_index_shows_the_dashboard_in_fixed_queries(
    world, assembly, client, django_assert_max_num_queries
):
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)
    client.force_login(reader)

    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(30):
        page = client.get(reverse("admin:index")).content.decode()

    assert "Today at a glance" in page
    values = {
        label: value
        for value, label in re.findall(
            r'<span class="ga-figure-value"><bdi>([^<]+)</bdi></span>\s*'
            r'<span class="ga-figure-label">([^<]+)</span>',
            page,
        )
    }
    assert len(values) == 12  # the counts; the last run and the oldest due row are words
    assert '<strong class="ga-figure-word"><bdi>42 minutes</bdi></strong>' in page
    assert values["of which complete"] == "1"
    assert values["credentials contested"] == "1"
    assert "181 of 181 accepted meetings placed; the best possible, proven." in page


def test_admin_index_query_count_does_not_grow_with_data(
    world, assembly, client, django_assert_num_queries
):
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)
    client.force_login(reader)
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("admin:index"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as first:
        client.get(reverse("admin:index"))
    for iso2 in ("DE", "IN", "MX"):
        _complete(assembly, iso2)
    SessionFactory(assembly=assembly, starts_at=NOW)

    with time_machine.travel(NOW, tick=False), django_assert_num_queries(len(first)):
        client.get(reverse("admin:index"))


def test_ceremony_list_filters_by_local_day(world, assembly, organiser, client):
    client.force_login(organiser)

    response = client.get(reverse("admin:ceremonies_ceremony_changelist"), {"day": "2025-11-26"})

    assert response.context["cl"].result_count == 0
    assert Session.objects.count() == 4
