"""Meetings appear in "My programme" and in the calendar feeds, for their two parties only."""

import icalendar
import pytest
from django.urls import reverse

from apps.agenda.feeds import feed_token
from apps.agenda.services import feed_for
from apps.meetings.services import accept_meeting_request, place_meeting, request_meeting


@pytest.fixture
def confirmed_meeting(organiser, morocco, france, rooms, at):
    request = request_meeting(
        requester=morocco,
        invitee=france,
        topic="Maritime security",
        by=morocco.focal_point,
        invitee_head_required=True,
    )
    accept_meeting_request(request=request, by=france.focal_point)
    return place_meeting(
        request=request, room=rooms[0], starts_at=at(1, "11:00"), by=organiser, confirm=True
    )


def feed_events(client, feed) -> list[icalendar.Event]:
    body = client.get(reverse("agenda:feed", args=[feed_token(feed)])).content
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_programme_shows_the_delegations_meeting(client, confirmed_meeting, france):
    client.force_login(france.focal_point)

    page = client.get(reverse("agenda:programme")).content.decode()

    assert "Bilateral meeting with Morocco" in page
    assert "Maritime security" in page
    assert "11:00 Marrakech (UTC+1)" in page


def test_feeds_carry_confirmed_meeting_to_both_parties_only(
    client, confirmed_meeting, morocco, france, kenya
):
    french_events = feed_events(client, feed_for(delegation=france))
    moroccan_events = feed_events(client, feed_for(delegation=morocco))
    kenyan_events = feed_events(client, feed_for(delegation=kenya))

    uid = f"meeting-{confirmed_meeting.pk}@ga-planner"
    french = [e for e in french_events if str(e["UID"]) == uid]
    assert len(french) == 1
    assert str(french[0]["SUMMARY"]) == "Bilateral meeting with Morocco"
    assert french[0].decoded("DTSTART").astimezone(confirmed_meeting.starts_at.tzinfo) == (
        confirmed_meeting.starts_at
    )
    assert [str(e["UID"]) for e in moroccan_events].count(uid) == 1
    assert uid not in [str(e["UID"]) for e in kenyan_events]


def test_head_of_delegation_feed_has_meetings_needing_the_head(
    client, confirmed_meeting, france, morocco
):
    from apps.delegations.models import Delegate
    from tests.factories import DelegateFactory

    french_head = DelegateFactory(delegation=france, function=Delegate.Function.HEAD)
    moroccan_head = DelegateFactory(delegation=morocco, function=Delegate.Function.HEAD)

    uid = f"meeting-{confirmed_meeting.pk}@ga-planner"
    assert uid in [str(e["UID"]) for e in feed_events(client, feed_for(delegate=french_head))]
    assert uid not in [str(e["UID"]) for e in feed_events(client, feed_for(delegate=moroccan_head))]


@pytest.mark.parametrize("count", [1, 3])
def test_programme_query_count_does_not_grow_with_meetings(
    client, organiser, morocco, rooms, at, count, django_assert_num_queries
):
    from tests.factories import DelegationFactory, MemberCountryFactory

    for index in range(count):
        other = DelegationFactory(
            assembly=morocco.assembly, country=MemberCountryFactory(iso2=f"Q{chr(65 + index)}")
        )
        other.focal_points.add(organiser)
        request = request_meeting(
            requester=other, invitee=morocco, topic=f"Topic {index}", by=organiser
        )
        accept_meeting_request(request=request, by=morocco.focal_point)
        place_meeting(
            request=request, room=rooms[index % 2], starts_at=at(index, "15:00"), by=organiser
        )
    client.force_login(morocco.focal_point)

    # session, user, its permissions (own, groups), assembly, delegation, sessions (none: no
    # speakers query), meetings, inbox count
    with django_assert_num_queries(9):
        page = client.get(reverse("agenda:programme")).content.decode()

    assert page.count("Bilateral meeting with") == count
