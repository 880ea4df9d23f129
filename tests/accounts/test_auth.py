import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import CREDENTIALS_COMMITTEE, ORGANISER_ADMIN, ORGANISER_READ_ONLY
from tests.factories import UserFactory


def test_login_with_email_in_any_case(client, db):
    UserFactory(email="focal.fr@example.org")

    response = client.post(
        reverse("accounts:login"),
        {"username": "Focal.FR@Example.org", "password": "a-long-test-password"},
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_login_with_wrong_password_says_so(client, db):
    UserFactory(email="focal.fr@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "focal.fr@example.org", "password": "nope"}
    )

    assert "Please enter a correct e-mail address and password" in response.content.decode()


def test_email_is_unique_whatever_its_case(db):
    User.objects.create_user("a.b@example.org", "pw-123456789", full_name="A B")

    with pytest.raises(Exception, match="already exists"):
        User.objects.create_user("A.B@example.org", "pw-123456789", full_name="A B again")


def test_password_reset_link_sets_password_once(client, db, mailoutbox, settings):
    settings.SITE_URL = "https://ga.example.org"
    user = UserFactory(email="focal.ke@example.org")

    client.post(reverse("accounts:password_reset"), {"email": "focal.ke@example.org"})
    link = re.search(r"https://ga\.example\.org(\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nairobi-2025-safe", "new_password2": "Nairobi-2025-safe"},
    )
    reused = client.get(link, follow=True)

    user.refresh_from_db()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["focal.ke@example.org"]
    assert user.check_password("Nairobi-2025-safe")
    assert "already been used or has expired" in reused.content.decode()


def test_roles_exist_with_their_permissions(db):
    from apps.accounts.roles import sync_roles

    sync_roles()

    admin_perms = set(
        Group.objects.get(name=ORGANISER_ADMIN).permissions.values_list("codename", flat=True)
    )
    read_only = set(
        Group.objects.get(name=ORGANISER_READ_ONLY).permissions.values_list("codename", flat=True)
    )
    committee = set(
        Group.objects.get(name=CREDENTIALS_COMMITTEE).permissions.values_list("codename", flat=True)
    )
    assert {"add_assembly", "change_delegation", "view_auditentry"} <= admin_perms
    assert "change_auditentry" not in admin_perms
    assert read_only
    assert all(code.startswith("view_") for code in read_only)
    assert "view_delegation" in committee
    assert "change_delegation" not in committee
