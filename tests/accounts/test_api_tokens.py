"""Personal API keys: shown once, stored hashed, listed by prefix, revocable; DRF's authtoken
(keys in clear, shown in its admin) is gone, its keys carried over hashed."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.api_tokens import create_api_token, revoke_api_token
from apps.accounts.models import ApiToken
from apps.core.models import AuditEntry
from tests.factories import UserFactory


@pytest.fixture
def focal(db):
    return UserFactory(email="focal.fr@example.org")


def _me(key):
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_focal_point_makes_a_key_sees_it_once_and_uses_it(client, focal):
    client.force_login(focal)

    made = client.post(reverse("accounts:api_key_create"), {"name": "Travel desk export"})
    key = re.search(r'id="new-key" type="text" readonly value="([^"]+)"', made.content.decode())[1]
    later = client.get(reverse("accounts:security")).content.decode()

    assert made.status_code == 201
    assert key.startswith("gap_")
    assert key not in later
    assert "Travel desk export" in later
    assert f"gap_{ApiToken.objects.get().prefix}_" in later
    assert _me(key).json()["email"] == "focal.fr@example.org"
    assert ApiToken.objects.get().last_used_at is not None


def test_only_a_hash_of_the_key_is_stored(focal):
    token, key = create_api_token(user=focal, name="script")

    row = ApiToken.objects.values().get(pk=token.pk)

    assert key not in str(row)
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert AuditEntry.objects.filter(action="accounts.api_token.created").exists()


def test_a_revoked_key_or_an_inactive_account_is_refused(focal):
    token, key = create_api_token(user=focal, name="script")
    _other, other_key = create_api_token(user=focal, name="other")

    revoke_api_token(token=token, by=focal)
    revoked = _me(key)
    focal.is_active = False
    focal.save()
    inactive = _me(other_key)

    assert revoked.status_code == inactive.status_code == 401
    assert revoked["WWW-Authenticate"] == "Token"


def test_a_key_revoked_from_the_portal_stops_at_once(client, focal):
    token, key = create_api_token(user=focal, name="script")
    client.force_login(focal)

    client.post(reverse("accounts:api_key_revoke", args=[token.pk]))

    assert _me(key).status_code == 401


def test_someone_elses_key_cannot_be_revoked_from_the_portal(client, focal):
    other = UserFactory(email="other@example.org")
    token, key = create_api_token(user=other, name="theirs")
    client.force_login(focal)

    response = client.post(reverse("accounts:api_key_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert _me(key).status_code == 200


def test_admin_lists_keys_by_name_and_prefix_and_revokes(client, organiser, focal):
    token, key = create_api_token(user=focal, name="script")
    client.force_login(organiser)

    listing = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    detail = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert token.prefix in listing
    assert key not in listing + detail
    assert token.key_hash not in listing + detail
    assert _me(key).status_code == 401


def test_authtoken_is_not_installed():
    from django.apps import apps

    assert not apps.is_installed("rest_framework.authtoken")


@pytest.mark.django_db(transaction=True)
def test_migration_carries_authtoken_keys_over_hashed_and_drops_their_table():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_derived_invitation_tokens_two_factor_api_keys")])
    user = UserFactory(email="legacy@example.org")
    legacy_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
            "user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, CURRENT_TIMESTAMP, %s)", [legacy_key, user.pk]
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert "authtoken_token" not in connection.introspection.table_names()
    assert _me(legacy_key).json()["email"] == "legacy@example.org"
    assert legacy_key not in str(list(ApiToken.objects.values()))


@pytest.mark.parametrize("count", [1, 3])
def test_security_page_queries_do_not_grow_with_keys(
    client, focal, count, django_assert_num_queries
):
    for n in range(count):
        create_api_token(user=focal, name=f"key {n}")
    client.force_login(focal)
    client.get(reverse("accounts:security"))

    with django_assert_num_queries(9):
        response = client.get(reverse("accounts:security"))

    assert response.content.decode().count("gap_") == count


@pytest.mark.parametrize("count", [1, 3])
def test_admin_key_list_queries_do_not_grow(client, organiser, count, django_assert_num_queries):
    for n in range(count):
        create_api_token(user=UserFactory(), name=f"key {n}")
    client.force_login(organiser)
    client.get(reverse("admin:accounts_apitoken_changelist"))

    with django_assert_num_queries(10):
        response = client.get(reverse("admin:accounts_apitoken_changelist"))

    assert response.content.decode().count("key ") >= count
