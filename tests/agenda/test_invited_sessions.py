"""Defect 6: a "by invitation" session was visible to every delegation. Only the invited
delegations and organisers see it: agenda page, API, .ics files and feeds, the morning digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.roles import CREDENTIALS_COMMITTEE, ORGANISER_READ_ONLY
from apps.agenda import services
from apps.agenda.digest import todays_sessions
from apps.agenda.feeds import feed_token
from apps.agenda.models import CalendarFeed, Session
from tests.agenda.factories import SessionFactory, local
from tests.roles import staff_user

pytestmark = pytest.mark.django_db

SECRET = "Closed-door ministerial"
DAY = dt.date(2025, 11, 25)


@pytest.fixture
def invited(assembly, other_delegation):
    """A published session to which only Kenya (not France) is invited, and an open one."""
    SessionFactory(assembly=assembly, title_en="Opening plenary", starts_at=local(2025, 11, 25, 9))
    session = SessionFactory(
        assembly=assembly,
        title_en=SECRET,
        starts_at=local(2025, 11, 25, 11),
        attendance=Session.Attendance.INVITED,
    )
    session.invited_delegations.add(other_delegation)
    return session


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_agenda_page_hides_it_from_a_delegation_not_invited(client, focal_point, invited):
    client.force_login(focal_point)

    page = client.get(reverse("agenda:agenda"), {"day": DAY.isoformat()}).content.decode()

    assert "Opening plenary" in page
    assert SECRET not in page


def test_agenda_page_shows_it_to_the_invited_delegation(client, other_delegation, invited):
    client.force_login(other_delegation.focal_points.get())

    page = client.get(reverse("agenda:agenda"), {"day": DAY.isoformat()}).content.decode()

    assert SECRET in page


def test_api_list_and_detail_hide_it_from_a_delegation_not_invited(focal_point, invited):
    api = _api(focal_point)

    listed = api.get(reverse("api:agenda-session-list"), {"day": DAY.isoformat()}).json()
    detail = api.get(reverse("api:agenda-session-detail", args=[invited.pk]))

    assert [s["title"] for s in listed["results"]] == ["Opening plenary"]
    assert detail.status_code == 404


def test_api_shows_it_to_the_invited_delegation_and_to_organisers(other_delegation, invited):
    guest = _api(other_delegation.focal_points.get())
    reader = _api(staff_user("reader@example.org", ORGANISER_READ_ONLY))

    for api in (guest, reader):
        detail = api.get(reverse("api:agenda-session-detail", args=[invited.pk]))
        assert detail.json()["title"] == SECRET


def test_credentials_committee_does_not_see_it(invited):
    api = _api(staff_user("committee@example.org", CREDENTIALS_COMMITTEE))

    listed = api.get(reverse("api:agenda-session-list"), {"day": DAY.isoformat()}).json()

    assert SECRET not in [s["title"] for s in listed["results"]]


def test_session_ics_is_404_for_a_delegation_not_invited(client, focal_point, invited):
    client.force_login(focal_point)

    response = client.get(reverse("agenda:session_ics", args=[invited.pk]))

    assert response.status_code == 404
    assert SECRET.encode() not in response.content


def test_feeds_carry_it_only_for_the_invited_delegation(
    client, delegation, other_delegation, invited
):
    services.ensure_feeds(delegation=delegation)
    services.ensure_feeds(delegation=other_delegation)
    ours = feed_token(CalendarFeed.objects.get(delegation=delegation))
    theirs = feed_token(CalendarFeed.objects.get(delegation=other_delegation))

    own = client.get(reverse("agenda:feed", args=[ours])).content.decode()
    guest = client.get(reverse("agenda:feed", args=[theirs])).content.decode()

    assert "Opening plenary" in own
    assert SECRET not in own
    assert SECRET in guest


def test_digest_lists_it_only_for_the_invited(assembly, focal_point, other_delegation, invited):
    not_invited = todays_sessions(recipient=focal_point, assembly=assembly, day=DAY)
    guest = todays_sessions(
        recipient=other_delegation.focal_points.get(), assembly=assembly, day=DAY
    )

    assert [item["text"] for item in not_invited["items"]] == ["Opening plenary"]
    assert [item["text"] for item in guest["items"]] == ["Opening plenary", SECRET]
