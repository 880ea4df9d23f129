"""Portal pages: the agenda by day, My programme, the calendars page."""

import pytest
from django.urls import reverse

from apps.agenda.feeds import feed_token
from apps.agenda.models import CalendarFeed, Session, SessionSpeaker
from tests.agenda.factories import RoomFactory, SessionFactory, local
from tests.factories import DelegateFactory


def _sessions(assembly, venue, count):
    for n in range(count):
        room = RoomFactory(venue=venue, code=f"S{n}", name=f"Side room {n}")
        session = SessionFactory(
            assembly=assembly,
            room=room,
            title_en=f"Session {n}",
            starts_at=local(2025, 11, 25, 9 + n),
            interpretation_languages=["ar", "en"],
        )
        SessionSpeaker.objects.create(session=session, name=f"Guest {n}", role="chair")


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_page_query_count_is_constant(
    client, assembly, venue, focal_point, count, django_assert_num_queries
):
    _sessions(assembly, venue, count)
    client.force_login(focal_point)

    # session, user, current assembly, sessions, speakers, rooms of the filter, inbox count
    with django_assert_num_queries(9):
        response = client.get(reverse("agenda:agenda"), {"day": "2025-11-25"})

    assert response.status_code == 200
    assert response.content.decode().count("Guest ") == count


def test_agenda_shows_local_time_with_zone(client, assembly, focal_point):
    SessionFactory(assembly=assembly, title_en="Plenary", starts_at=local(2025, 11, 25, 9))
    client.force_login(focal_point)

    response = client.get(reverse("agenda:agenda"), {"day": "2025-11-25"})

    assert "09:00 Marrakech (UTC+1)" in response.content.decode()


def test_agenda_hides_drafts_from_delegations(client, assembly, focal_point):
    SessionFactory(assembly=assembly, title_en="Secret draft", visibility="draft")
    SessionFactory(assembly=assembly, title_en="Published plenary")
    client.force_login(focal_point)

    body = client.get(reverse("agenda:agenda"), {"day": "2025-11-25"}).content.decode()

    assert "Published plenary" in body
    assert "Secret draft" not in body


def test_agenda_filters_by_kind_and_room(client, assembly, venue, focal_point):
    room = RoomFactory(venue=venue, code="S1", name="Side room")
    SessionFactory(assembly=assembly, title_en="Plenary one")
    SessionFactory(assembly=assembly, title_en="Cyber side event", kind="side_event", room=room)
    client.force_login(focal_point)

    by_kind = client.get(reverse("agenda:agenda"), {"day": "2025-11-25", "kind": "side_event"})
    by_room = client.get(reverse("agenda:agenda"), {"day": "2025-11-25", "room": room.pk})

    assert [s.title_en for s in by_kind.context["sessions"]] == ["Cyber side event"]
    assert [s.title_en for s in by_room.context["sessions"]] == ["Cyber side event"]


def test_agenda_bad_filter_input_is_not_an_error(client, assembly, focal_point):
    client.force_login(focal_point)

    response = client.get(reverse("agenda:agenda"), {"day": "not-a-day", "room": "x"})

    assert response.status_code == 200
    assert response.context["day"] == assembly.start_date


def test_agenda_in_arabic_renders_right_to_left_with_arabic_title(client, assembly, focal_point):
    SessionFactory(assembly=assembly, title_en="Opening ceremony", title_ar="حفل الافتتاح")
    SessionFactory(
        assembly=assembly, title_en="Untranslated plenary", starts_at=local(2025, 11, 25, 11)
    )
    focal_point.preferred_language = "ar"
    focal_point.save()
    client.force_login(focal_point)

    body = client.get(reverse("agenda:agenda"), {"day": "2025-11-25"}).content.decode()

    assert '<html lang="ar" dir="rtl">' in body
    assert "حفل الافتتاح" in body
    assert "Untranslated plenary" in body  # English where the translation is missing


def test_agenda_needs_login(client, assembly):
    response = client.get(reverse("agenda:agenda"))

    assert response.status_code == 302


@pytest.mark.parametrize("count", [1, 3, 12])
def test_programme_query_count_is_constant(
    client, assembly, venue, focal_point, count, django_assert_num_queries
):
    _sessions(assembly, venue, count)
    client.force_login(focal_point)

    # session, user, its permissions (user's and groups'), current assembly, delegation,
    # sessions (with rooms), meetings, inbox count
    with django_assert_num_queries(9):
        response = client.get(reverse("agenda:programme"))

    body = response.content.decode()
    assert body.count("Session ") == count
    # The labels the page computes once per item are the sessions' own.
    assert body.count(f">{Session.Kind.PLENARY.label}<") == count


def test_programme_lists_own_invitations_only(client, assembly, focal_point, other_delegation):
    SessionFactory(assembly=assembly, title_en="General plenary")
    theirs = SessionFactory(assembly=assembly, title_en="Their working group", attendance="invited")
    theirs.invited_delegations.add(other_delegation)
    client.force_login(focal_point)

    body = client.get(reverse("agenda:programme")).content.decode()

    assert "General plenary" in body
    assert "Their working group" not in body


def test_programme_print_view_is_standalone(client, assembly, focal_point):
    SessionFactory(assembly=assembly, title_en="General plenary")
    client.force_login(focal_point)

    body = client.get(reverse("agenda:programme_print")).content.decode()

    assert "General plenary" in body
    assert "site-header" not in body


def test_programme_is_404_for_user_without_delegation(client, assembly, organiser):
    client.force_login(organiser)

    assert client.get(reverse("agenda:programme")).status_code == 404


def test_calendars_page_lists_delegation_and_delegate_feeds(client, delegation, focal_point):
    DelegateFactory(delegation=delegation, family_name="Martin", given_names="Claire")
    client.force_login(focal_point)

    body = client.get(reverse("agenda:calendars")).content.decode()

    tokens = [feed_token(feed) for feed in CalendarFeed.objects.all()]
    assert len(tokens) == 2
    for token in tokens:
        assert f"/agenda/feeds/{token}.ics" in body
    assert "Claire MARTIN" in body


def test_calendars_rotate_own_feed(client, delegation, focal_point):
    client.force_login(focal_point)
    client.get(reverse("agenda:calendars"))
    feed = CalendarFeed.objects.get(delegation=delegation)
    old = feed_token(feed)

    response = client.post(reverse("agenda:calendars"), {"feed": feed.pk})

    feed.refresh_from_db()
    assert response.status_code == 302
    assert feed_token(feed) != old


def test_calendars_rotate_foreign_feed_is_404(client, delegation, focal_point, other_delegation):
    from apps.agenda.services import feed_for

    foreign = feed_for(delegation=other_delegation)
    token = feed_token(foreign)
    client.force_login(focal_point)

    response = client.post(reverse("agenda:calendars"), {"feed": foreign.pk})

    foreign.refresh_from_db()
    assert response.status_code == 404
    assert feed_token(foreign) == token


def test_session_ics_download_hides_drafts(client, assembly, focal_point):
    draft = SessionFactory(assembly=assembly, visibility="draft")
    published = SessionFactory(assembly=assembly, title_en="Gala dinner")
    client.force_login(focal_point)

    assert client.get(reverse("agenda:session_ics", args=[draft.pk])).status_code == 404
    response = client.get(reverse("agenda:session_ics", args=[published.pk]))
    assert b"SUMMARY:Gala dinner" in response.content


@pytest.mark.parametrize("count", [1, 3])
def test_calendars_page_query_count_is_constant(
    client, delegation, focal_point, count, django_assert_num_queries
):
    for n in range(count):
        DelegateFactory(delegation=delegation, family_name=f"Name{n}")
    client.force_login(focal_point)
    client.get(reverse("agenda:calendars"))  # the first visit makes the feeds

    # session, user, current assembly, delegation, savepoint, 2 checks, release, feeds, inbox
    with django_assert_num_queries(12):
        response = client.get(reverse("agenda:calendars"))

    assert response.content.decode().count("webcal://") == count + 1
