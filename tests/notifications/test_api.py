"""The inbox and preferences API: scoped to the caller, constant queries, clean errors."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.notifications import conf
from apps.notifications.models import NotificationPreference
from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(focal_point):
    client = APIClient()
    client.force_authenticate(focal_point)
    return client


@pytest.mark.parametrize("count", [1, 3])
def test_list_returns_own_notifications_in_constant_queries(
    api, focal_point, assembly, count, django_assert_num_queries
):
    NotificationFactory.create_batch(count, recipient=focal_point, context={"headline": "Hi"})
    NotificationFactory(context={"headline": "Someone else's"})

    # page count, page, assembly
    with django_assert_num_queries(3):
        response = api.get(reverse("api:notification-list"))

    body = response.json()
    assert body["count"] == count
    assert [item["headline"] for item in body["results"]] == ["Hi"] * count
    assert body["results"][0]["read_at"] is None


def test_list_needs_authentication(assembly):
    assert APIClient().get(reverse("api:notification-list")).status_code in (401, 403)


def test_mark_read_returns_the_new_count(api, focal_point, assembly):
    first, _second = NotificationFactory.create_batch(2, recipient=focal_point)

    response = api.post(reverse("api:notification-read", args=[first.pk]))

    assert response.json() == {"unread": 1}
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_read_of_a_foreign_notification_is_404(api, assembly):
    foreign = NotificationFactory(recipient=UserFactory())

    response = api.post(reverse("api:notification-read", args=[foreign.pk]))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_read_all_and_unread_count(api, focal_point, assembly):
    NotificationFactory.create_batch(2, recipient=focal_point)
    assert api.get(reverse("api:notification-unread-count")).json() == {"unread": 2}

    assert api.post(reverse("api:notification-read-all")).json() == {"unread": 0}
    assert api.get(reverse("api:notification-unread-count")).json() == {"unread": 0}


def test_preferences_get_and_patch(api, focal_point, assembly):
    assert api.get(reverse("api:notification-preferences")).json() == dict.fromkeys(
        conf.optional_kinds(), True
    )

    response = api.patch(
        reverse("api:notification-preferences"), {conf.DAILY_DIGEST: False}, format="json"
    )

    assert response.json()[conf.DAILY_DIGEST] is False
    assert NotificationPreference.objects.get(user=focal_point).enabled is False


def test_preferences_refuse_a_non_boolean(api, assembly):
    response = api.patch(
        reverse("api:notification-preferences"), {conf.DAILY_DIGEST: "maybe"}, format="json"
    )

    assert response.status_code == 400
    assert conf.DAILY_DIGEST in response.json()


def test_schema_describes_the_endpoints(api, assembly):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()

    assert "/api/v1/notifications/{id}/read/" in schema["paths"]
    assert "/api/v1/notifications/preferences/" in schema["paths"]


def test_preferences_refuse_a_list(api, assembly):
    response = api.patch(reverse("api:notification-preferences"), [1, 2], format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
