"""Defect 4: 30 wrong passwords in 15 s, then the right one, were accepted. Log-in, password
reset, invitation renewal and API keys are now throttled per account and per address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from apps.accounts import throttle
from apps.accounts.api_tokens import create_api_token
from apps.accounts.models import Invitation
from apps.core.models import AuditEntry
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


def _login(client, email, password, address="203.0.113.7"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, db):
    user = UserFactory(email="focal.fr@example.org")

    answers = [_login(client, user.email, f"wrong-{n}") for n in range(30)]
    right = _login(client, user.email, PASSWORD)

    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert {a.status_code for a in answers[5:]} == {429}
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "try again in 15 minutes" in right.content.decode()


def test_lock_is_per_account_other_accounts_from_elsewhere_still_log_in(client, db):
    victim = UserFactory(email="victim@example.org")
    other = UserFactory(email="other@example.org")
    for n in range(5):
        _login(client, victim.email, f"wrong-{n}")

    response = _login(client, other.email, PASSWORD, address="198.51.100.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_one_address_trying_many_accounts_is_locked(client, db):
    users = [UserFactory() for _n in range(21)]
    for user in users[:20]:
        _login(client, user.email, "wrong")

    response = _login(client, users[20].email, PASSWORD)
    elsewhere = _login(client, users[20].email, PASSWORD, address="198.51.100.9")

    assert response.status_code == 429
    assert elsewhere.status_code == 302


def test_lock_ends_after_its_time(client, db, monkeypatch):
    user = UserFactory(email="focal.fr@example.org")
    for n in range(5):
        _login(client, user.email, f"wrong-{n}")
    assert _login(client, user.email, PASSWORD).status_code == 429

    later = throttle.time.time() + throttle.LOGIN.per_account.lockout + 1
    monkeypatch.setattr(throttle.time, "time", lambda: later)

    assert _login(client, user.email, PASSWORD).status_code == 302


def test_failed_log_ins_and_the_lock_out_are_audited_without_the_password(client, db):
    user = UserFactory(email="focal.fr@example.org")
    for n in range(5):
        _login(client, user.email, f"secret-guess-{n}")
    _login(client, "not-an-email secret-guess", "x")

    failed = AuditEntry.objects.filter(action="accounts.login.failed")
    locked = AuditEntry.objects.get(action="accounts.login.locked_out")
    assert failed.count() == 6
    assert locked.object_id == str(user.pk)
    assert locked.data["scopes"] == ["account"]
    assert locked.data["address"] == "203.0.113.7"
    stored = str(list(AuditEntry.objects.values_list("object_repr", "data")))
    assert "secret-guess" not in stored


def test_admin_log_in_goes_through_the_same_throttled_page(client, db):
    staff = UserFactory(email="olga@example.org", is_staff=True)
    for n in range(5):
        _login(client, staff.email, f"wrong-{n}")

    to_login = client.get("/admin/login/?next=/admin/")
    response = _login(client, staff.email, PASSWORD)

    assert to_login.status_code == 302
    assert to_login["Location"].startswith(reverse("accounts:login"))
    assert response.status_code == 429


def test_password_reset_is_throttled_per_account_and_says_when(client, db, mailoutbox):
    UserFactory(email="focal.ke@example.org")

    answers = [
        client.post(reverse("accounts:password_reset"), {"email": "focal.ke@example.org"})
        for _n in range(5)
    ]

    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3
    assert "try again in 60 minutes" in answers[-1].content.decode()


def test_password_reset_is_throttled_per_address(client, db, mailoutbox):
    for n in range(12):
        client.post(reverse("accounts:password_reset"), {"email": f"someone{n}@example.org"})

    response = client.post(reverse("accounts:password_reset"), {"email": "last@example.org"})

    assert response.status_code == 429


def test_invitation_renewal_is_throttled(client, organiser, delegation):
    from apps.delegations.services import invite_focal_point

    tokens = []
    for n in range(11):
        _invitation, token = invite_focal_point(
            delegation=delegation, email=f"person{n}@example.org", by=organiser
        )
        tokens.append(token)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))

    answers = [
        client.post(reverse("accounts:invitation_reissue", kwargs={"token": t})) for t in tokens
    ]

    assert [a.status_code for a in answers] == [200] * 10 + [429]
    assert "Please wait before asking again" in answers[-1].content.decode()
    assert Invitation.objects.filter(expires_at__gt=timezone.now()).count() == 10


@pytest.fixture
def api(db):
    from rest_framework.test import APIClient

    return APIClient(REMOTE_ADDR="203.0.113.7")


def test_wrong_api_keys_lock_the_address_with_a_json_429(api, organiser):
    _token, key = create_api_token(user=organiser, name="script")
    for n in range(30):
        api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token gap_{n:012x}_wrong")

    refused = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    elsewhere = api.get(
        "/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR="198.51.100.9"
    )

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 800
    assert "try again in 15 minutes" in refused.json()["detail"]
    assert elsewhere.status_code == 200


def test_wrong_guesses_at_one_key_lock_that_key(api, organiser):
    token, key = create_api_token(user=organiser, name="script")
    for n in range(10):
        api.get(
            "/api/v1/me/",
            HTTP_AUTHORIZATION=f"Token gap_{token.prefix}_guess{n}",
            REMOTE_ADDR=f"198.51.100.{n}",
        )

    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 429
    assert AuditEntry.objects.filter(action="accounts.api_token.locked_out").exists()


def test_requests_with_a_key_are_rate_limited_per_account(api, organiser, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    _token, key = create_api_token(user=organiser, name="script")
    rates = {"api_key": "3/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    try:
        codes = [
            api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code for _n in range(4)
        ]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    assert codes == [200, 200, 200, 429]


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.7"),
        (
            1,
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"},
            "203.0.113.7",
        ),
        (1, {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
        (0, {"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"),
    ],
)
def test_client_address(settings, proxies, meta, expected):
    settings.GA_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", **meta)

    assert throttle.client_address(request) == expected


@pytest.mark.redis
def test_the_throttle_works_on_redis(settings, monkeypatch):
    """Production keeps the counters in Redis, shared by every web process."""
    from django.core.cache.backends.redis import RedisCache

    redis = RedisCache(settings.CELERY_BROKER_URL, {"KEY_PREFIX": "ga-test-throttle"})
    monkeypatch.setattr(throttle, "cache", redis)
    account = f"redis-{timezone.now().timestamp()}@example.org"
    try:
        locked = [throttle.hit(throttle.LOGIN, account=account) for _n in range(5)]
        wait = throttle.retry_after(throttle.LOGIN, account=account)
    finally:
        throttle.clear(throttle.LOGIN, account=account)

    assert locked == [[], [], [], [], ["account"]]
    assert 890 < wait <= 900
    assert throttle.retry_after(throttle.LOGIN, account=account) == 0


def test_settings_use_redis_as_the_cache_when_told(tmp_path):
    from tests.core.test_settings import run_python

    probe = "import django; django.setup(); from django.conf import settings as s; "
    probe += "print(s.CACHES['default']['BACKEND'])"
    embedded = run_python(probe, DJANGO_DEBUG="true", GA_VAR_DIR=str(tmp_path))
    production = run_python(
        probe,
        DJANGO_DEBUG="true",
        GA_VAR_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/3",
    )

    assert embedded.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
    assert production.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
