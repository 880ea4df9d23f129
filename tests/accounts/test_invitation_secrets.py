"""Defect 1: a read-only organiser could take over a focal point's account.

The chain was: the invitation link (token included) stored in the outbox row's context, shown
by the notification admin to the "Organiser read-only" group; a used link accepted by
`…/renew/` for an already-active account, whose fresh token appeared in a new outbox row.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from apps.accounts.invitations import accept_invitation, find_invitation, invitation_token
from apps.accounts.models import Invitation
from apps.delegations.services import invite_focal_point
from apps.notifications.models import Notification
from apps.notifications.rendering import render_email

PASSWORD = "a-sturdy-passphrase-2025"


def _invite(delegation, organiser, email="new.focal@example.org"):
    return invite_focal_point(delegation=delegation, email=email, by=organiser)


def test_outbox_row_holds_no_token_and_the_email_still_carries_the_link(
    delegation, organiser, settings
):
    settings.SITE_URL = "https://ga.example.org"
    _invitation, token = _invite(delegation, organiser)

    row = Notification.objects.get(kind="accounts.invitation")
    email = render_email(row)

    assert token not in str(row.context)
    assert "url" not in row.context
    assert f"https://ga.example.org/accounts/invitation/{token}/" in email.text
    assert f"https://ga.example.org/accounts/invitation/{token}/" in email.html


def test_read_only_organiser_sees_no_link_in_the_notification_admin(
    client, delegation, organiser, read_only_organiser
):
    _invitation, token = _invite(delegation, organiser)
    row = Notification.objects.get(kind="accounts.invitation")
    client.force_login(read_only_organiser)

    listing = client.get(reverse("admin:notifications_notification_changelist"))
    detail = client.get(reverse("admin:notifications_notification_change", args=[row.pk]))

    assert listing.status_code == detail.status_code == 200
    mac = token.partition(".")[2]
    assert mac not in listing.content.decode()
    assert mac not in detail.content.decode()
    assert "accounts/invitation/" + token.partition(".")[0] not in detail.content.decode()


def test_notification_admin_hides_keys_that_could_name_a_secret(client, organiser):
    from apps.notifications.services import notify

    notify(
        kind="notifications.generic",
        subject=None,
        recipients=[organiser],
        channels=("portal",),
        context={"message": "Hello <b>there</b>", "reset_url": "https://x/secret-value"},
    )
    row = Notification.objects.get()
    client.force_login(organiser)

    body = client.get(
        reverse("admin:notifications_notification_change", args=[row.pk])
    ).content.decode()

    assert "secret-value" not in body
    assert "Hello &lt;b&gt;there&lt;/b&gt;" in body
    assert "(hidden)" in body


def test_renewing_a_used_link_of_an_active_account_sends_nothing(client, delegation, organiser):
    """The takeover: anonymous POST to …/renew/ with a link used days ago."""
    invitation, token = _invite(delegation, organiser)
    user = accept_invitation(token=token, email="new.focal@example.org", password=PASSWORD)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    rows_before = Notification.objects.count()

    response = client.post(reverse("accounts:invitation_reissue", kwargs={"token": token}))

    assert response.status_code == 200
    assert Invitation.objects.count() == 1
    assert Notification.objects.count() == rows_before
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_renewing_an_expired_link_of_an_active_account_sends_nothing(client, delegation, organiser):
    invitation, token = _invite(delegation, organiser)
    accept_invitation(token=token, email="new.focal@example.org", password=PASSWORD)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )

    page = client.get(reverse("accounts:invitation", kwargs={"token": token}))
    client.post(reverse("accounts:invitation_reissue", kwargs={"token": token}))

    body = page.content.decode()
    assert "Send me a new link" not in body
    assert reverse("accounts:password_reset") in body
    assert Invitation.objects.count() == 1


def test_expired_link_of_a_deactivated_account_sends_nothing(client, delegation, organiser):
    invitation, token = _invite(delegation, organiser)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now(), created_at=timezone.now() - dt.timedelta(days=20)
    )
    invitation.user.set_password("set-elsewhere-2025")
    invitation.user.save()

    client.post(reverse("accounts:invitation_reissue", kwargs={"token": token}))

    assert Invitation.objects.count() == 1


def test_only_the_newest_expired_link_may_be_renewed(client, delegation, organiser):
    _first, first_token = _invite(delegation, organiser)
    _invite(delegation, organiser)  # the organiser sends another: the first one is closed
    Invitation.objects.update(expires_at=timezone.now())

    page = client.get(reverse("accounts:invitation", kwargs={"token": first_token}))
    client.post(reverse("accounts:invitation_reissue", kwargs={"token": first_token}))

    assert "no longer works" in page.content.decode()
    assert Invitation.objects.count() == 2


def test_a_forged_token_opens_nothing(delegation, organiser, settings):
    invitation, token = _invite(delegation, organiser)
    pk, _dot, mac = token.partition(".")

    assert find_invitation(token) == invitation
    other = "B" if mac.endswith("A") else "A"
    assert find_invitation(f"{pk}.{mac[:-1]}{other}") is None
    assert find_invitation(f"{int(pk) + 1}.{mac}") is None
    assert find_invitation(f"②.{mac}") is None
    assert find_invitation(mac) is None
    settings.SECRET_KEY = "another-key-entirely"
    assert find_invitation(token) is None


def test_a_token_made_before_a_key_rotation_still_opens(delegation, organiser, settings):
    invitation, token = _invite(delegation, organiser)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-new-key-after-rotation"

    assert find_invitation(token) == invitation
    assert invitation_token(invitation) != token
