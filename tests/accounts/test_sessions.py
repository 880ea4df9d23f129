"""Sessions: rotated at log-in; organisers' end after 12 hours or 1 hour idle, focal points'
last longer; deactivating a user, changing a password or making someone an organiser ends
their other sessions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts import sessions
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"
HOUR = 3600


@pytest.fixture
def clock(monkeypatch):
    """The session policy's clock, moved by hand."""
    now = [sessions.time.time()]
    monkeypatch.setattr(sessions.time, "time", lambda: now[0])
    return now


def _signed_in(client) -> bool:
    return client.get(reverse("accounts:security")).status_code == 200


def test_log_in_rotates_the_session_key(client, db):
    user = UserFactory(email="focal.fr@example.org")
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key

    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})

    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(user.pk)


def test_organiser_session_ends_after_an_idle_hour(client, organiser, clock):
    client.force_login(organiser)
    clock[0] += 59 * 60
    assert _signed_in(client)

    clock[0] += 61 * 60
    response = client.get(reverse("accounts:security"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_organiser_session_ends_twelve_hours_after_log_in_even_if_busy(client, organiser, clock):
    client.force_login(organiser)
    for _step in range(23):
        clock[0] += 30 * 60
        assert _signed_in(client)

    clock[0] += 31 * 60

    assert not _signed_in(client)


def test_focal_point_session_lasts_days(client, db, clock):
    client.force_login(UserFactory(email="focal.fr@example.org"))
    clock[0] += 3 * 24 * HOUR
    assert _signed_in(client)

    clock[0] += 15 * 24 * HOUR

    assert not _signed_in(client)


def test_idle_limit_is_also_the_cookie_lifetime(client, organiser):
    client.force_login(organiser)
    client.get(reverse("accounts:security"))

    assert client.session.get_expiry_age() == HOUR


def test_deactivating_a_user_ends_their_sessions(client, organiser, db):
    focal = UserFactory(email="focal.fr@example.org")
    focal_client = Client()
    focal_client.force_login(focal)
    assert _signed_in(focal_client)

    focal.is_active = False
    focal.save()

    assert not _signed_in(focal_client)


def test_changing_the_password_ends_the_other_sessions_only(db):
    focal = UserFactory(email="focal.fr@example.org")
    here, elsewhere = Client(), Client()
    here.force_login(focal)
    elsewhere.force_login(focal)

    here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nairobi-2025-safe",
            "new_password2": "Nairobi-2025-safe",
        },
    )

    assert _signed_in(here)
    assert not _signed_in(elsewhere)


def test_an_organiser_resetting_a_password_in_the_admin_ends_the_sessions(client, organiser, db):
    focal = UserFactory(email="focal.fr@example.org")
    focal_client = Client()
    focal_client.force_login(focal)
    client.force_login(organiser)

    client.post(
        reverse("admin:auth_user_password_change", args=[focal.pk]),
        {"password1": "Xy-new-pass-123", "password2": "Xy-new-pass-123", "usable_password": "true"},
    )

    assert not _signed_in(focal_client)


def test_becoming_an_organiser_ends_the_sessions(db):
    user = UserFactory(email="new.organiser@example.org")
    other_client = Client()
    other_client.force_login(user)

    user.is_staff = True
    user.save()

    assert not _signed_in(other_client)
