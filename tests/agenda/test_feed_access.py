"""Defect 5: a calendar feed outlived the access it came from. Its address changes when a focal
point who could copy it is removed or deactivated; the token is never stored."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.agenda import services
from apps.agenda.feeds import feed_by_token, feed_token
from apps.agenda.models import CalendarFeed
from apps.core.models import AuditEntry
from tests.factories import DelegateFactory, UserFactory


@pytest.fixture
def feeds(delegation):
    DelegateFactory(delegation=delegation, family_name="Martin")
    services.ensure_feeds(delegation=delegation)
    return [
        *list(CalendarFeed.objects.filter(delegate__delegation=delegation)),
        CalendarFeed.objects.get(delegation=delegation),
    ]


def _open(client, token):
    return client.get(reverse("agenda:feed", args=[token]))


def _all_closed(client, tokens):
    return all(_open(client, token).status_code == 404 for token in tokens)


def test_removing_a_focal_point_ends_the_addresses_they_copied(client, feeds, delegation):
    leaving = delegation.focal_points.get()
    staying = UserFactory(email="second.focal@example.org")
    delegation.focal_points.add(staying)
    copied = [feed_token(feed) for feed in feeds]
    assert all(_open(client, t).status_code == 200 for t in copied)

    delegation.focal_points.remove(leaving)

    assert _all_closed(client, copied)
    fresh = [feed_token(feed) for feed in CalendarFeed.objects.filter(pk__in=[f.pk for f in feeds])]
    assert all(_open(client, t).status_code == 200 for t in fresh)
    assert AuditEntry.objects.filter(action="agenda.feeds.rotated").count() == 1


def test_removing_from_the_user_side_or_clearing_also_ends_them(client, feeds, delegation):
    focal = delegation.focal_points.get()
    copied = [feed_token(feed) for feed in feeds]

    focal.delegations.remove(delegation)
    after_remove = [
        feed_token(f) for f in CalendarFeed.objects.filter(pk__in=[f.pk for f in feeds])
    ]
    delegation.focal_points.clear()

    assert _all_closed(client, copied)
    assert _all_closed(client, after_remove)


def test_deactivating_a_focal_point_ends_the_addresses(client, feeds, delegation):
    focal = delegation.focal_points.get()
    copied = [feed_token(feed) for feed in feeds]

    focal.is_active = False
    focal.save()

    assert _all_closed(client, copied)


def test_deactivating_in_the_admin_ends_the_addresses(client, organiser, feeds, delegation):
    focal = delegation.focal_points.get()
    copied = [feed_token(feed) for feed in feeds]
    client.force_login(organiser)

    client.post(
        reverse("admin:accounts_user_change", args=[focal.pk]),
        {
            "email": focal.email,
            "full_name": focal.full_name,
            "preferred_language": "en",
            "date_joined_0": "2025-11-01",
            "date_joined_1": "09:00:00",
        },
    )

    focal.refresh_from_db()
    assert not focal.is_active
    assert _all_closed(client, copied)


def test_deleting_a_focal_point_ends_the_addresses(client, feeds, delegation):
    copied = [feed_token(feed) for feed in feeds]

    delegation.focal_points.get().delete()

    assert _all_closed(client, copied)


def test_other_delegations_feeds_are_untouched(client, feeds, delegation, other_delegation):
    theirs = services.feed_for(delegation=other_delegation)
    token = feed_token(theirs)

    delegation.focal_points.get().delete()

    assert _open(client, token).status_code == 200


def test_a_saved_user_that_stays_active_changes_nothing(feeds, delegation):
    focal = delegation.focal_points.get()
    copied = [feed_token(feed) for feed in feeds]

    focal.full_name = "Renamed"
    focal.save()
    focal.save(update_fields=["last_login"])

    assert [feed_by_token(t) for t in copied] == feeds


def test_the_feed_token_is_not_stored(feeds):
    tokens = [feed_token(feed) for feed in feeds]

    rows = str(list(CalendarFeed.objects.values()))

    assert not any(token.partition(".")[2] in rows for token in tokens)


def test_admin_shows_no_address(client, organiser, feeds):
    client.force_login(organiser)
    feed = feeds[0]

    page = client.get(reverse("admin:agenda_calendarfeed_change", args=[feed.pk])).content.decode()

    assert feed_token(feed).partition(".")[2] not in page
    assert "/agenda/feeds/" not in page
