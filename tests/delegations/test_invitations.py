"""Invitations of focal points: single use, expiry, bound to one e-mail address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.invitations import accept_invitation
from apps.accounts.models import Invitation, User
from apps.core.errors import ApplicationError
from apps.delegations.services import invite_focal_point
from apps.notifications.models import Notification

PASSWORD = "a-sturdy-passphrase-2025"


@pytest.fixture
def invited(delegation, organiser):
    invitation, token = invite_focal_point(
        delegation=delegation,
        email="New.Focal@Example.org",
        full_name="Nadia Focal",
        by=organiser,
    )
    return invitation, token


def test_invite_creates_inactive_linked_user_and_notifies(invited, delegation, settings):
    from apps.notifications.rendering import render_email

    settings.SITE_URL = "https://ga.example.org/"
    _invitation, token = invited

    user = User.objects.get(email="new.focal@example.org")
    assert not user.is_active
    assert not user.has_usable_password()
    assert delegation.focal_points.filter(pk=user.pk).exists()
    note = Notification.objects.get(kind="accounts.invitation")
    assert token not in str(note.context)
    link = f"https://ga.example.org/accounts/invitation/{token}/"
    assert link in render_email(note).text
    assert note.recipient_email == "new.focal@example.org"
    assert note.language == user.preferred_language


def test_accept_sets_password_and_activates(invited):
    _invitation, token = invited

    user = accept_invitation(token=token, email="new.focal@example.org", password=PASSWORD)

    assert user.is_active
    assert user.check_password(PASSWORD)
    assert Invitation.objects.get().used_at is not None


def test_accept_is_single_use(invited):
    _invitation, token = invited
    accept_invitation(token=token, email="new.focal@example.org", password=PASSWORD)

    with pytest.raises(ApplicationError, match="already been used"):
        accept_invitation(token=token, email="new.focal@example.org", password="other-" + PASSWORD)

    assert User.objects.get(email="new.focal@example.org").check_password(PASSWORD)


def test_accept_expired_refused(invited):
    invitation, token = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    with pytest.raises(ApplicationError, match="expired"):
        accept_invitation(token=token, email="new.focal@example.org", password=PASSWORD)

    assert not User.objects.get(email="new.focal@example.org").is_active


def test_accept_wrong_email_refused(invited):
    _invitation, token = invited

    with pytest.raises(ApplicationError, match="another e-mail address"):
        accept_invitation(token=token, email="someone.else@example.org", password=PASSWORD)

    assert Invitation.objects.get().used_at is None


def test_accept_unknown_token_refused(db):
    with pytest.raises(ApplicationError, match="not valid"):
        accept_invitation(token="nope", email="a@example.org", password=PASSWORD)


def test_new_invitation_voids_the_previous(invited, delegation, organiser):
    _first, old_token = invited
    invite_focal_point(delegation=delegation, email="new.focal@example.org", by=organiser)

    with pytest.raises(ApplicationError, match="expired"):
        accept_invitation(token=old_token, email="new.focal@example.org", password=PASSWORD)


def test_organiser_cannot_be_invited(delegation, organiser):
    with pytest.raises(ApplicationError, match="Organisers"):
        invite_focal_point(delegation=delegation, email=organiser.email, by=organiser)


def test_focal_point_cannot_invite(delegation, focal_point):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        invite_focal_point(delegation=delegation, email="x@example.org", by=focal_point)


def test_accept_page_logs_in_and_lands_on_dashboard(client, invited):
    _invitation, token = invited
    url = reverse("accounts:invitation", kwargs={"token": token})

    response = client.post(
        url,
        {"email": "new.focal@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("delegations:dashboard")
    assert client.get(reverse("delegations:dashboard")).status_code == 200


def test_accept_page_wrong_email_shows_error(client, invited):
    _invitation, token = invited

    response = client.post(
        reverse("accounts:invitation", kwargs={"token": token}),
        {"email": "other@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert "This invitation was sent to another e-mail address." in response.content.decode()
    assert Invitation.objects.get().used_at is None


def test_used_link_page_offers_log_in_and_password_reset_not_a_new_link(client, invited):
    _invitation, token = invited
    accept_invitation(token=token, email="new.focal@example.org", password=PASSWORD)

    response = client.get(reverse("accounts:invitation", kwargs={"token": token}))

    body = response.content.decode()
    assert response.status_code == 410
    assert "already been used" in body
    assert reverse("accounts:login") in body
    assert reverse("accounts:password_reset") in body
    assert "Send me a new link" not in body


def test_expired_link_can_ask_for_new_one(client, invited):
    invitation, token = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now(), created_at=timezone.now() - dt.timedelta(days=20)
    )

    page = client.get(reverse("accounts:invitation", kwargs={"token": token}))
    client.post(reverse("accounts:invitation_reissue", kwargs={"token": token}))

    assert "has expired" in page.content.decode()
    assert Invitation.objects.count() == 2
    fresh = Invitation.objects.order_by("-pk").first()
    assert fresh.email == "new.focal@example.org"
    assert not fresh.is_expired
    assert Notification.objects.filter(kind="accounts.invitation").count() == 2


def test_unknown_link_page_is_404(client, db):
    response = client.get(reverse("accounts:invitation", kwargs={"token": "x" * 40}))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_an_expired_link_brings_one_new_link_only(client, invited):
    invitation, token = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    client.post(reverse("accounts:invitation_reissue", kwargs={"token": token}))
    client.post(reverse("accounts:invitation_reissue", kwargs={"token": token}))

    assert Invitation.objects.count() == 2
