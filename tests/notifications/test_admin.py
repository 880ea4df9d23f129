"""The organisers' outbox: counts per status, filters, resend failed, cancel pending."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.models import AuditEntry
from apps.notifications.models import Notification, ReminderRule
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db
Status = Notification.Status


@pytest.fixture
def admin_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.mark.parametrize("count", [1, 3])
def test_outbox_shows_counts_per_status_in_constant_queries(
    admin_client, assembly, count, django_assert_num_queries
):
    NotificationFactory.create_batch(count, status=Status.FAILED, channel="email")
    NotificationFactory(status=Status.PENDING)

    with django_assert_num_queries(15):
        response = admin_client.get(reverse("admin:notifications_notification_changelist"))

    body = response.content.decode()
    assert f'<a href="?status__exact=failed"><strong>{count}</strong> failed</a>' in body
    assert '<a href="?status__exact=pending"><strong>1</strong> pending</a>' in body


def test_outbox_filters_by_status(admin_client, assembly):
    NotificationFactory(status=Status.FAILED, kind="a.failed_one")
    NotificationFactory(status=Status.SENT, kind="a.sent_one")

    response = admin_client.get(
        reverse("admin:notifications_notification_changelist") + "?status__exact=failed"
    )

    assert [n.kind for n in response.context["cl"].result_list] == ["a.failed_one"]


def test_resend_action_puts_failed_rows_back_to_pending(admin_client, organiser, assembly):
    failed = NotificationFactory(status=Status.FAILED, attempts=5, channel="email")
    sent = NotificationFactory(status=Status.SENT)

    admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
    )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PENDING, 0)
    assert sent.status == Status.SENT
    logged = AuditEntry.objects.exclude(action="accounts.login.succeeded")
    assert logged.get().action == "notifications.notification.resent"


def test_cancel_action_cancels_pending_rows_only(admin_client, assembly):
    pending = NotificationFactory(status=Status.PENDING)
    sent = NotificationFactory(status=Status.SENT)

    admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "cancel", "_selected_action": [pending.pk, sent.pk]},
    )

    assert dict(Notification.objects.values_list("pk", "status")) == {
        pending.pk: Status.CANCELLED,
        sent.pk: Status.SENT,
    }


def test_reminder_rules_are_editable(admin_client, assembly):
    rule = ReminderRule.objects.get(subject_kind="meeting", offset_minutes=60)

    response = admin_client.post(
        reverse("admin:notifications_reminderrule_change", args=[rule.pk]),
        {
            "name": "Bilateral meeting: 2 hours before",
            "subject_kind": "meeting",
            "active": "on",
            "offset_minutes": "120",
            "time_of_day": "",
            "audience": "all",
            "channels": "email",
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.offset_minutes, rule.channels) == (120, "email")


def test_a_digest_rule_without_time_is_refused(admin_client, assembly):
    response = admin_client.post(
        reverse("admin:notifications_reminderrule_add"),
        {"name": "Digest", "subject_kind": "digest", "audience": "all", "channels": "email"},
    )

    assert "A digest needs a time of day" in response.content.decode()
    assert not ReminderRule.objects.filter(name="Digest").exists()


def test_outbox_shows_and_filters_rows_possibly_sent_twice(admin_client, assembly):
    twice = NotificationFactory(status=Status.SENT, possibly_duplicate=True, kind="a.twice")
    NotificationFactory(status=Status.SENT, kind="a.once")
    url = reverse("admin:notifications_notification_changelist")

    page = admin_client.get(url).content.decode()
    flagged = admin_client.get(url + "?possibly_duplicate__exact=1")

    assert '<a href="?possibly_duplicate__exact=1"><strong>1</strong> possibly sent twice</a>' in (
        page
    )
    assert [n.pk for n in flagged.context["cl"].result_list] == [twice.pk]


def test_outbox_says_when_the_relay_is_down_and_what_waits(admin_client, assembly):
    import datetime as dt

    from django.utils import timezone

    from apps.notifications.models import MailRelayStatus

    now = timezone.now()
    MailRelayStatus.objects.create(
        pk=1, down_since=now - dt.timedelta(minutes=7), last_error="ConnectionRefusedError: <x>"
    )
    NotificationFactory(status=Status.PENDING, due_at=now - dt.timedelta(minutes=5))

    page = admin_client.get(reverse("admin:notifications_notification_changelist"))

    body = page.content.decode()
    assert "The mail relay has not answered for 7 minutes" in body
    assert '<bdi dir="ltr">ConnectionRefusedError: &lt;x&gt;</bdi>' in body
    assert "1 notification is due and waiting; the oldest has waited 5 min." in body
