"""Every notification kind of this issue has e-mail templates that render in each language."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from apps.delegations.services import (
    approve_accreditation,
    create_delegate,
    decide_credentials,
    invite_focal_point,
    reject_accreditation,
    submit_accreditation,
)
from apps.notifications.models import Notification
from tests.delegations.factories import approved_delegate, pdf_upload

KINDS = [
    "accounts.invitation",
    "delegations.accreditation_submitted",
    "delegations.accreditation_approved",
    "delegations.accreditation_rejected",
    "delegations.credentials_decided",
]


@pytest.fixture
def outbox(delegation, focal_point, organiser, committee_member):
    from apps.delegations.services import designate_delegates, upload_credentials

    invite_focal_point(delegation=delegation, email="x@example.org", by=organiser)
    first, second = (
        create_delegate(delegation=delegation, by=focal_point, family_name=n, given_names="A")
        for n in ("One", "Two")
    )
    submit_accreditation(delegates=[first, second], by=focal_point)
    approve_accreditation(delegate=first, by=organiser)
    reject_accreditation(delegate=second, by=organiser, reason="Duplicate")
    voter = approved_delegate(delegation, organiser, family_name="Voter")
    upload_credentials(delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="M")
    credentials = designate_delegates(
        delegation=delegation, by=focal_point, head=voter, voting_delegate=voter
    )
    decide_credentials(credentials=credentials, status="contested", by=committee_member, note="N")
    return Notification.objects.filter(channel="email")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("kind", KINDS)
def test_email_templates_render(kind, language, outbox, assembly, settings):
    from apps.notifications.rendering import build_context

    settings.SITE_URL = "https://ga.test"
    notification = outbox.filter(kind=kind).first()
    context = build_context(notification, assembly=assembly)

    with translation.override(language):
        subject = render_to_string(f"emails/{kind}.subject.txt", context).strip()
        body = render_to_string(f"emails/{kind}.txt", context)

    assert subject
    assert "\n" not in subject
    if kind == "accounts.invitation":
        assert "https://ga.test/accounts/invitation/" in body
    if kind == "delegations.accreditation_rejected":
        assert "Duplicate" in body
    if kind == "delegations.accreditation_approved":
        assert "93-FR-" in body
