"""The inbox and the preferences page: scoped to the signed-in user, constant query counts."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from apps.notifications import conf
from apps.notifications.models import Notification, NotificationPreference
from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.mark.parametrize("count", [1, 3])
def test_inbox_lists_own_portal_notifications_in_constant_queries(
    signed_in, focal_point, assembly, count, django_assert_num_queries
):
    NotificationFactory.create_batch(
        count, recipient=focal_point, context={"headline": "Hi", "message": "Hello"}
    )
    NotificationFactory(context={"headline": "Someone else's"})
    NotificationFactory(recipient=focal_point, channel="email", context={"headline": "E-mail"})
    NotificationFactory(recipient=focal_point, status="pending", context={"headline": "Later"})

    # session, user, page count, assembly, page, unread count, assembly of the layout
    with django_assert_num_queries(8):
        response = signed_in.get(reverse("notifications:inbox"))

    body = response.content.decode()
    assert body.count('<span dir="auto">Hi</span>') == count
    assert body.count('<div class="inbox-body" dir="auto"><p>Hello</p></div>') == count
    assert "Someone else" not in body
    assert "E-mail" not in body
    assert "Later" not in body
    assert f"{count} unread notification" in body


def test_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_mark_read_sets_read_time_and_lowers_the_count(signed_in, focal_point, assembly):
    first, second = NotificationFactory.create_batch(2, recipient=focal_point)

    response = signed_in.post(reverse("notifications:mark_read", args=[first.pk]), follow=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert "1 unread notification" in response.content.decode()


def test_mark_read_of_another_users_notification_is_404(signed_in, assembly):
    foreign = NotificationFactory(recipient=UserFactory())

    response = signed_in.post(reverse("notifications:mark_read", args=[foreign.pk]))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_mark_read_ignores_an_outside_next_url(signed_in, focal_point, assembly):
    item = NotificationFactory(recipient=focal_point)

    response = signed_in.post(
        reverse("notifications:mark_read", args=[item.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("notifications:inbox")


def test_mark_all_read_touches_only_own_notifications(signed_in, focal_point, assembly):
    NotificationFactory.create_batch(2, recipient=focal_point)
    foreign = NotificationFactory(recipient=UserFactory())

    signed_in.post(reverse("notifications:mark_all_read"))

    assert not Notification.objects.filter(recipient=focal_point, read_at__isnull=True).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_header_shows_the_unread_count(signed_in, focal_point, assembly):
    NotificationFactory.create_batch(2, recipient=focal_point)

    body = signed_in.get(reverse("core:home")).content.decode()

    assert 'aria-label="2 unread">2</span>' in body


def test_preferences_default_to_on_and_save_a_choice(signed_in, focal_point, assembly):
    page = signed_in.get(reverse("notifications:preferences")).content.decode()
    assert page.count("checked") == len(conf.optional_kinds())

    signed_in.post(
        reverse("notifications:preferences"),
        {conf.MEETING_REMINDER: "on", conf.SESSION_REMINDER: "on"},
    )

    assert list(NotificationPreference.objects.values_list("kind", "enabled")) == [
        (conf.DAILY_DIGEST, False)
    ]


def test_inbox_in_arabic_is_right_to_left(client, assembly):
    user = UserFactory(preferred_language="ar")
    NotificationFactory(recipient=user, context={"headline": "مرحبا"})
    client.force_login(user)

    body = client.get(reverse("notifications:inbox")).content.decode()

    assert 'dir="rtl"' in body
    assert "<h1>صندوق الوارد</h1>" in body


def test_context_processor_count_is_used_by_the_header(rf, focal_point, assembly):
    from django.template import RequestContext, Template

    from apps.notifications.context_processors import inbox

    NotificationFactory.create_batch(3, recipient=focal_point)
    request = rf.get("/")
    request.user = focal_point
    template = Template("{% load notifications %}{% unread_count as n %}{{ n }}")

    assert template.render(RequestContext(request, inbox(request))) == "3"


def test_inbox_links_to_the_page_named_in_the_context(signed_in, focal_point, assembly):
    NotificationFactory(
        recipient=focal_point,
        context={
            "headline": "Request received",
            "url": "/meetings/requests/7/",
            "message": "Kenya",
        },
    )

    body = signed_in.get(reverse("notifications:inbox")).content.decode()

    assert '<a href="/meetings/requests/7/" dir="auto">Request received</a>' in body
    assert '<div class="inbox-body" dir="auto"><p>Kenya</p></div>' in body


def test_inbox_does_not_link_outside_the_site(signed_in, focal_point, assembly):
    NotificationFactory(
        recipient=focal_point, context={"headline": "Odd", "url": "javascript:alert(1)"}
    )

    body = signed_in.get(reverse("notifications:inbox")).content.decode()

    assert "javascript:" not in body


def test_inbox_shows_the_body_and_links_to_the_request_it_is_about(
    signed_in, focal_point, assembly
):
    item = NotificationFactory(
        recipient=focal_point,
        kind="meetings.request_received",
        context={
            "requester": "France",
            "invitee": "Morocco",
            "topic": "Maritime <b>security</b>",
            "duration_minutes": 30,
            "request_id": 4321,
        },
    )

    body = signed_in.get(reverse("notifications:inbox")).content.decode()

    # The e-mail's text, escaped, without its greeting, signature and bare links.
    assert "France asks Morocco for a bilateral meeting of 30 minutes." in body
    assert "Topic: Maritime &lt;b&gt;security&lt;/b&gt;" in body
    assert "Dear Fatima Focal" not in body
    assert "All times are local" not in body
    link = reverse("meetings:request_detail", args=[4321])
    assert f'<a href="{link}" dir="auto">' in body
    # "Open" marks the message read and goes there.
    assert f'<input type="hidden" name="next" value="{link}">' in body
    response = signed_in.post(reverse("notifications:mark_read", args=[item.pk]), {"next": link})
    assert response.url == link
    item.refresh_from_db()
    assert item.read_at is not None


def test_inbox_links_a_message_without_a_link_to_its_subjects_page(
    signed_in, focal_point, assembly
):
    from apps.delegations.models import Delegate
    from tests.factories import DelegateFactory

    delegate = DelegateFactory(delegation__assembly=assembly)
    NotificationFactory(
        recipient=focal_point,
        kind="notifications.test",
        content_type=ContentType.objects.get_for_model(Delegate),
        object_id=str(delegate.pk),
        read_at=timezone.now(),
    )

    body = signed_in.get(reverse("notifications:inbox")).content.decode()

    link = reverse("delegations:delegate_detail", args=[delegate.pk])
    assert f'<a class="button button-small" href="{link}">Open' in body
    assert 'class="card inbox-item read"' in body
    assert "unread" not in body.split("inbox-item read", 1)[1].split("</li>", 1)[0]
