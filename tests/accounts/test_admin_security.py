"""An organiser admin manages accounts but cannot make themselves (or anyone) a superuser."""

from django.urls import reverse

from apps.accounts.models import User


def _change_data(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language or "en",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-11-01",
        "date_joined_1": "09:00:00",
    }
    data.update(overrides)
    return data


def test_organiser_admin_cannot_change_superuser_password(client, organiser):
    boss = User.objects.create_superuser("boss@example.org", "boss-long-password", full_name="Boss")
    client.force_login(organiser)
    url = reverse("admin:auth_user_password_change", args=[boss.pk])

    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Xy-new-pass-123", "password2": "Xy-new-pass-123"})

    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password("boss-long-password")


def test_organiser_admin_cannot_edit_or_delete_superuser(client, organiser):
    boss = User.objects.create_superuser("boss@example.org", "boss-long-password", full_name="Boss")
    client.force_login(organiser)

    client.post(
        reverse("admin:accounts_user_change", args=[boss.pk]),
        _change_data(boss, full_name="Renamed", is_superuser=""),
    )
    response = client.post(reverse("admin:accounts_user_delete", args=[boss.pk]), {"post": "yes"})

    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.is_superuser
    assert boss.full_name != "Renamed"


def test_organiser_admin_cannot_make_self_superuser(client, organiser):
    client.force_login(organiser)
    groups_before = set(organiser.groups.values_list("pk", flat=True))

    response = client.post(
        reverse("admin:accounts_user_change", args=[organiser.pk]),
        _change_data(organiser, full_name="Olga Superuser", groups=[]),
    )

    assert response.status_code == 302
    organiser.refresh_from_db()
    assert organiser.full_name == "Olga Superuser"
    assert not organiser.is_superuser
    assert set(organiser.groups.values_list("pk", flat=True)) == groups_before


def test_organiser_admin_cannot_make_another_user_superuser(client, organiser):
    other = User.objects.create_user("other@example.org", "a-long-test-password", full_name="O")
    client.force_login(organiser)

    response = client.post(
        reverse("admin:accounts_user_change", args=[other.pk]),
        _change_data(other, full_name="Other"),
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.full_name == "Other"
    assert other.is_staff
    assert not other.is_superuser


def test_superuser_can_still_grant_superuser(client, db):
    boss = User.objects.create_superuser("boss@example.org", "boss-long-password", full_name="Boss")
    other = User.objects.create_user("other@example.org", "a-long-test-password", full_name="O")
    client.force_login(boss)

    client.post(reverse("admin:accounts_user_change", args=[other.pk]), _change_data(other))

    other.refresh_from_db()
    assert other.is_superuser


def test_nobody_makes_an_api_key_for_someone_else_in_the_admin(client, organiser):
    from apps.accounts.models import ApiToken

    other = User.objects.create_user("other@example.org", "a-long-test-password", full_name="O")
    client.force_login(organiser)

    response = client.post(reverse("admin:accounts_apitoken_add"), {"user": other.pk})

    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=other).exists()
