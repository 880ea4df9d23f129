"""No log line holds a live token: paths that carry one are logged with the token blanked."""

from __future__ import annotations

import logging

from django.urls import reverse

from apps.core.redaction import REDACTED, redact


def test_paths_with_a_secret_are_redacted_wherever_they_appear():
    feed = reverse("agenda:feed", args=["12.AbC-dEf_123"])
    invitation = reverse("accounts:invitation", args=["7.xyz"])
    renew = reverse("accounts:invitation_reissue", args=["7.xyz"])
    reset = reverse("accounts:password_reset_confirm", args=["MTI", "cz3k-0a1b2c3d4e5f"])

    line = f'"GET {feed} HTTP/1.1" 200; {invitation}?a=1 {renew} {reset}'

    assert redact(line) == (
        f'"GET /agenda/feeds/{REDACTED}.ics HTTP/1.1" 200; /accounts/invitation/{REDACTED}/?a=1 '
        f"/accounts/invitation/{REDACTED}/renew/ /accounts/password-reset/MTI/{REDACTED}/"
    )
    assert redact("/agenda/ /accounts/login/") == "/agenda/ /accounts/login/"


def test_every_log_record_is_redacted_when_made(caplog):
    caplog.set_level(logging.INFO)

    logging.getLogger("gunicorn.access").info(
        '%s "%s %s" %s', "127.0.0.1", "GET", "/agenda/feeds/12.secretmac.ics", 200
    )

    assert "secretmac" not in caplog.text
    assert f"/agenda/feeds/{REDACTED}.ics" in caplog.text


def test_django_request_log_of_a_used_invitation_holds_no_token(client, db, caplog):
    caplog.set_level(logging.INFO)

    client.get(reverse("accounts:invitation", args=["12.notarealmac"]))
    client.get(reverse("agenda:feed", args=["12.notarealmac"]))

    assert "Not Found" in caplog.text
    assert "notarealmac" not in caplog.text
