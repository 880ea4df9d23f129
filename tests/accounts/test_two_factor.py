"""Organisers log in with a second factor (TOTP with recovery codes), enrolled at first log-in;
the admin's log-in goes the same way; the secret is not readable at rest."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse

from apps.accounts import two_factor
from apps.accounts.models import RecoveryCode, TotpDevice
from apps.core.models import AuditEntry
from tests.factories import UserFactory, enrol_two_factor, two_factor_code

PASSWORD = "a-long-test-password"


@pytest.fixture
def staff(db):
    return UserFactory(email="olga@example.org", is_staff=True, is_superuser=True)


def _password_step(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def _actions(user):
    return list(
        AuditEntry.objects.filter(object_id=str(user.pk), action__startswith="accounts.two_factor")
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    ("moment", "code"),
    [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_totp_matches_rfc_6238_vectors(moment, code):
    secret = b"12345678901234567890"

    assert two_factor.totp(secret, two_factor.current_step(moment)) == code


def test_staff_password_alone_does_not_log_in_and_leads_to_set_up(client, staff):
    response = _password_step(client, staff)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_first_log_in_enrols_shows_recovery_codes_once_and_logs_in(client, staff):
    _password_step(client, staff, next_url="/admin/")
    page = client.get(reverse("accounts:two_factor_setup"))
    shown = re.search(r'class="secret" dir="ltr">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    secret = base64.b32decode(shown.replace(" ", ""))

    done = client.post(
        reverse("accounts:two_factor_setup"),
        {"code": two_factor.totp(secret, two_factor.current_step())},
    )

    body = done.content.decode()
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", body)
    assert len(codes) == 10
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert 'href="/admin/"' in body
    assert client.get(reverse("admin:index")).status_code == 200
    assert _actions(staff) == ["accounts.two_factor.enrolled"]
    stored = str(list(RecoveryCode.objects.values_list("code_hash", flat=True)))
    assert not any(code in stored for code in codes)


def test_an_enrolled_organiser_needs_the_code_and_admin_login_leads_there(client, staff):
    secret = enrol_two_factor(staff)

    to_login = client.get("/admin/login/?next=/admin/accounts/user/")
    password = _password_step(client, staff, next_url="/admin/accounts/user/")
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    right = client.post(reverse("accounts:two_factor_verify"), {"code": two_factor_code(secret)})

    assert to_login["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2Faccounts%2Fuser%2F"
    assert password["Location"] == reverse("accounts:two_factor_verify")
    assert "This code is not right" in wrong.content.decode()
    assert right["Location"] == "/admin/accounts/user/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert _actions(staff) == [
        "accounts.two_factor.enrolled",
        "accounts.two_factor.failed",
        "accounts.two_factor.verified",
    ]


def test_a_code_works_once(client, staff):
    secret = enrol_two_factor(staff)
    code = two_factor_code(secret)

    assert two_factor.verify(user=staff, code=code) == "totp"
    assert two_factor.verify(user=staff, code=code) is None


def test_a_recovery_code_works_once(staff):
    secret = enrol_two_factor(staff)
    codes = two_factor.regenerate_recovery_codes(user=staff, code=two_factor_code(secret))

    assert two_factor.verify(user=staff, code=codes[0].upper()) == "recovery"
    assert two_factor.verify(user=staff, code=codes[0]) is None
    assert two_factor.recovery_codes_left(staff) == 9
    assert "accounts.two_factor.recovery_code_used" in _actions(staff)


def test_wrong_codes_are_throttled(client, staff):
    secret = enrol_two_factor(staff)
    _password_step(client, staff)
    for _n in range(5):
        client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})

    response = client.post(reverse("accounts:two_factor_verify"), {"code": two_factor_code(secret)})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.two_factor.locked_out").exists()


def test_the_secret_is_stored_encrypted_and_never_shown_in_the_admin(client, staff):
    secret = enrol_two_factor(staff)
    readable = base64.b32encode(secret).decode()
    row = TotpDevice.objects.get(user=staff)
    client.force_login(staff)

    page = client.get(reverse("admin:accounts_user_change", args=[staff.pk])).content.decode()

    assert readable not in row.encrypted_secret
    assert readable.lower() not in row.encrypted_secret.lower()
    assert "on since" in page
    assert readable not in page
    assert "encrypted_secret" not in page


def test_two_factor_is_required_of_staff_by_default_in_production(settings):
    from tests.core.test_settings import run_python

    probe = "import django; django.setup(); from django.conf import settings as s; "
    probe += "print(s.TWO_FACTOR_REQUIRED_FOR_STAFF)"
    production = run_python(probe, DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    embedded = run_python(probe, DJANGO_DEBUG="true")

    assert production.stdout.strip() == "True"
    assert embedded.stdout.strip() == "False"


def test_the_demo_organiser_may_skip_only_when_not_required(client, staff, settings):
    _password_step(client, staff)
    refused = client.post(reverse("accounts:two_factor_setup"), {"skip": "1"})
    assert "_auth_user_id" not in client.session
    assert "Skip for now" not in refused.content.decode()

    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = False
    page = client.get(reverse("accounts:two_factor_setup"))
    skipped = client.post(reverse("accounts:two_factor_setup"), {"skip": "1"})

    assert "Skip for now" in page.content.decode()
    assert skipped.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_focal_point_logs_in_with_a_password_until_they_turn_two_factor_on(client, db):
    focal = UserFactory(email="focal.fr@example.org")
    assert _password_step(client, focal)["Location"] == reverse("core:home")
    client.logout()

    secret = enrol_two_factor(focal)
    response = _password_step(client, focal)

    assert response["Location"] == reverse("accounts:two_factor_verify")
    client.post(reverse("accounts:two_factor_verify"), {"code": two_factor_code(secret)})
    assert client.session["_auth_user_id"] == str(focal.pk)


def test_a_focal_point_may_turn_it_off_an_organiser_may_not(client, staff, db):
    focal = UserFactory(email="focal.fr@example.org")
    focal_secret = enrol_two_factor(focal)
    staff_secret = enrol_two_factor(staff)

    client.force_login(focal)
    client.post(reverse("accounts:two_factor_disable"), {"code": two_factor_code(focal_secret)})
    client.force_login(staff)
    refused = client.post(
        reverse("accounts:two_factor_disable"), {"code": two_factor_code(staff_secret)}
    )

    assert not two_factor.is_enabled(focal)
    assert two_factor.is_enabled(staff)
    assert "must keep two-factor" in refused.content.decode()


def test_an_organiser_resets_a_lost_phone_in_the_admin(client, organiser, staff):
    enrol_two_factor(staff)
    other = UserFactory(email="other.organiser@example.org", is_staff=True)
    enrol_two_factor(other)
    client.force_login(staff)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [other.pk]},
    )

    assert not two_factor.is_enabled(other)
    assert AuditEntry.objects.filter(
        action="accounts.two_factor.disabled", object_id=str(other.pk), actor=staff
    ).exists()


def test_the_security_page_renews_recovery_codes_after_a_code(client, db):
    focal = UserFactory(email="focal.fr@example.org")
    secret = enrol_two_factor(focal)
    client.force_login(focal)

    page = client.get(reverse("accounts:security"))
    renewed = client.post(
        reverse("accounts:recovery_codes_renew"), {"code": two_factor_code(secret)}
    )

    assert "10 recovery codes left" in page.content.decode()
    assert len(re.findall(r"<code>[a-z0-9]{5}-[a-z0-9]{5}</code>", renewed.content.decode())) == 10


def test_a_secret_sealed_under_a_retired_key_refuses_codes_without_an_error(
    client, staff, settings
):
    secret = enrol_two_factor(staff)
    settings.SECRET_KEY = "a-new-key-without-fallback"
    _password_step(client, staff)

    response = client.post(reverse("accounts:two_factor_verify"), {"code": two_factor_code(secret)})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
