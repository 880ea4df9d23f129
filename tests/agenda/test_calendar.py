"""The iCalendar feeds: they parse, carry the VTIMEZONE and the right instants, follow changes."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from apps.agenda import services
from apps.agenda.calendar import CalendarEvent, register_feed_source
from apps.agenda.calendar import _sources as feed_sources
from apps.agenda.feeds import feed_token
from tests.agenda.factories import SessionFactory, local
from tests.factories import DelegateFactory


@pytest.fixture
def feed(delegation):
    return services.feed_for(delegation=delegation)


def _get(client, feed):
    return client.get(reverse("agenda:feed", args=[feed_token(feed)]))


def _events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_feed_parses_with_vtimezone_and_utc_instants(client, assembly, hall, feed):
    SessionFactory(
        assembly=assembly,
        room=hall,
        title_en="Plenary session",
        starts_at=local(2025, 11, 25, 9),
        ends_at=local(2025, 11, 25, 10, 30),
    )

    response = _get(client, feed)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events = _events(response)
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Africa/Casablanca"]
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Plenary session"
    assert event["DTSTART"].params["TZID"] == "Africa/Casablanca"
    start = event.decoded("DTSTART")
    assert start.replace(tzinfo=None) == dt.datetime(2025, 11, 25, 9, 0)
    assert start.astimezone(dt.UTC) == dt.datetime(2025, 11, 25, 8, 0, tzinfo=dt.UTC)
    assert b"DTSTART;TZID=Africa/Casablanca:20251125T090000" in response.content
    assert "Plenary hall" in str(event["LOCATION"])


def test_feed_vtimezone_converts_with_its_own_rules(client, assembly, feed):
    """A client without tzdata relies on the VTIMEZONE: its offset in November is +01:00."""
    SessionFactory(assembly=assembly, starts_at=local(2025, 11, 25, 9))

    calendar, _ = _events(_get(client, feed))

    vtimezone = next(iter(calendar.walk("VTIMEZONE")))
    offsets = {sub["TZOFFSETTO"].to_ical() for sub in vtimezone.subcomponents}
    assert "+0100" in offsets
    assert vtimezone.to_tz().utcoffset(dt.datetime(2025, 11, 25, 9)) == dt.timedelta(hours=1)


def test_feed_rejects_wrong_token(client, feed):
    response = client.get(reverse("agenda:feed", args=["not-the-token"]))

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_feed_old_token_stops_working_after_rotation(client, feed):
    old = feed_token(feed)
    services.rotate_feed_token(feed=feed)

    assert client.get(reverse("agenda:feed", args=[old])).status_code == 404
    assert _get(client, feed).status_code == 200


def test_feed_keeps_uid_and_raises_sequence_on_change(client, assembly, feed):
    session = SessionFactory(assembly=assembly)
    _, [before] = _events(_get(client, feed))

    services.move_session(
        session=session, starts_at=local(2025, 11, 26, 9), ends_at=local(2025, 11, 26, 10)
    )

    _, [after] = _events(_get(client, feed))
    assert str(after["UID"]) == str(before["UID"]) == f"agenda-session-{session.pk}@ga-planner"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART").astimezone(dt.UTC).day == 26


def test_feed_shows_cancelled_session_as_cancelled(client, assembly, feed):
    session = SessionFactory(assembly=assembly)
    services.cancel_session(session=session)

    _, [event] = _events(_get(client, feed))

    assert str(event["STATUS"]) == "CANCELLED"


def test_feed_holds_only_the_delegations_sessions(client, assembly, feed, other_delegation):
    SessionFactory(assembly=assembly, title_en="For everyone")
    SessionFactory(assembly=assembly, title_en="Draft", visibility="draft")
    mine = SessionFactory(assembly=assembly, title_en="Invited: us", attendance="invited")
    mine.invited_delegations.add(feed.delegation)
    theirs = SessionFactory(assembly=assembly, title_en="Invited: them", attendance="invited")
    theirs.invited_delegations.add(other_delegation)

    _, events = _events(_get(client, feed))

    assert sorted(str(e["SUMMARY"]) for e in events) == ["For everyone", "Invited: us"]


def test_delegate_feed_leaves_heads_only_sessions_to_the_head(client, assembly, delegation):
    SessionFactory(assembly=assembly, title_en="Heads' lunch", attendance="heads")
    SessionFactory(assembly=assembly, title_en="Plenary", attendance="all")
    head = DelegateFactory(delegation=delegation, function="head")
    expert = DelegateFactory(delegation=delegation, function="expert")

    head_events = _events(_get(client, services.feed_for(delegate=head)))[1]
    expert_events = _events(_get(client, services.feed_for(delegate=expert)))[1]

    assert sorted(str(e["SUMMARY"]) for e in head_events) == ["Heads' lunch", "Plenary"]
    assert [str(e["SUMMARY"]) for e in expert_events] == ["Plenary"]


def test_feed_takes_events_from_registered_sources(client, assembly, feed):
    def meetings(*, delegation, delegate=None):
        return [
            CalendarEvent(
                uid="meeting-1@ga-planner",
                summary=f"Bilateral with KE for {delegation.code}",
                starts_at=local(2025, 11, 25, 15),
                ends_at=local(2025, 11, 25, 15, 30),
            )
        ]

    register_feed_source(meetings)
    try:
        _, events = _events(_get(client, feed))
    finally:
        feed_sources.remove(meetings)

    assert [str(e["SUMMARY"]) for e in events] == ["Bilateral with KE for FR"]


def test_session_to_ics_is_a_single_event_calendar(assembly):
    session = SessionFactory(assembly=assembly, title_en="Gala dinner")

    calendar = icalendar.Calendar.from_ical(session.to_ics())

    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Gala dinner"]
    assert len(list(calendar.walk("VTIMEZONE"))) == 1


def test_feed_is_well_formed_rfc5545(client, assembly, hall, feed):
    """CRLF line ends, lines folded at 75 octets, one VCALENDAR with VERSION and PRODID."""
    SessionFactory(
        assembly=assembly,
        room=hall,
        title_en="Plenary with a very long title " * 4,
        title_ar="جلسة عامة",
        description_en="Line one\nLine two, with commas; and semicolons",
    )

    content = _get(client, feed).content

    lines = content.split(b"\r\n")
    assert content.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert b"VERSION:2.0" in lines
    assert any(line.startswith(b"PRODID:") for line in lines)
    assert content.count(b"BEGIN:VTIMEZONE") == 1
    assert content.index(b"BEGIN:VTIMEZONE") < content.index(b"BEGIN:VEVENT")
    assert b"DTSTAMP:" in content
