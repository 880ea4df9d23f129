"""Credentials: letter checks, designations and the committee's decisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.errors import ApplicationError
from apps.delegations.models import Credentials, Delegate
from apps.delegations.services import (
    create_delegate,
    decide_credentials,
    designate_delegates,
    upload_credentials,
)
from apps.notifications.models import Notification
from tests.delegations.factories import (
    JPEG_BYTES,
    PNG_BYTES,
    approved_delegate,
    pdf_upload,
)
from tests.factories import DelegationFactory, OrganisationFactory

C = Credentials.Status


@pytest.fixture
def ready(delegation, focal_point, organiser):
    """Credentials with a letter, a head and a voting delegate, pending."""
    head = approved_delegate(delegation, organiser, family_name="Head")
    voter = approved_delegate(delegation, organiser, family_name="Voter")
    upload_credentials(
        delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="Minister"
    )
    return designate_delegates(
        delegation=delegation, by=focal_point, head=head, voting_delegate=voter
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("letter.pdf", None), ("scan.png", PNG_BYTES), ("scan.JPG", JPEG_BYTES)],
)
def test_upload_accepts_pdf_and_images(name, content, delegation, focal_point):
    upload = pdf_upload(name) if content is None else SimpleUploadedFile(name, content)

    credentials = upload_credentials(
        delegation=delegation, by=focal_point, letter=upload, issued_by="Minister of Interior"
    )

    assert credentials.status == C.PENDING
    assert credentials.letter.name.startswith("credentials/")
    assert credentials.submitted_at is not None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.docx", b"PK\x03\x04", "must be a file of type"),
        ("letter.pdf", b"MZ\x90\x00 not a pdf at all", "is not a PDF file"),
        ("photo.png", JPEG_BYTES, "is not a PNG file"),
        ("letter.pdf", b"", "empty"),
    ],
)
def test_upload_rejects_bad_letter(name, content, message, delegation, focal_point):
    with pytest.raises(ValidationError, match=message):
        upload_credentials(
            delegation=delegation,
            by=focal_point,
            letter=SimpleUploadedFile(name, content),
            issued_by="x",
        )

    assert not Credentials.objects.exists()


def test_upload_rejects_oversized_letter(delegation, focal_point):
    big = pdf_upload(content=b"%PDF-" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError, match="larger than 10 MB"):
        upload_credentials(delegation=delegation, by=focal_point, letter=big, issued_by="x")


def test_observer_has_no_credentials(assembly, organiser):
    observer = DelegationFactory(
        assembly=assembly, country=None, organisation=OrganisationFactory(), kind="observer"
    )

    with pytest.raises(ApplicationError, match="Only member delegations"):
        upload_credentials(delegation=observer, by=organiser, letter=pdf_upload(), issued_by="x")


def test_designate_sets_head_function(ready):
    head = ready.head

    assert Delegate.objects.get(pk=head.pk).function == Delegate.Function.HEAD
    assert ready.voting_delegate.family_name == "Voter"


def test_designate_moves_head_function(ready, delegation, focal_point):
    new_head = ready.voting_delegate

    designate_delegates(
        delegation=delegation, by=focal_point, head=new_head, voting_delegate=new_head
    )

    heads = delegation.delegates.filter(function=Delegate.Function.HEAD)
    assert list(heads) == [new_head]


def test_designate_rejects_unapproved(delegation, focal_point):
    draft = create_delegate(delegation=delegation, by=focal_point, family_name="D", given_names="R")

    with pytest.raises(ApplicationError) as caught:
        designate_delegates(delegation=delegation, by=focal_point, head=None, voting_delegate=draft)

    assert caught.value.extra["voting_delegate"] == ["Only an approved delegate can be designated."]


def test_designate_rejects_other_delegations_delegate(
    delegation, other_delegation, focal_point, organiser
):
    foreign = approved_delegate(other_delegation, organiser)

    with pytest.raises(ApplicationError) as caught:
        designate_delegates(
            delegation=delegation, by=focal_point, head=foreign, voting_delegate=None
        )

    assert "head" in caught.value.extra


def test_designate_rejects_alternate_equal_voter(delegation, focal_point, organiser):
    voter = approved_delegate(delegation, organiser)

    with pytest.raises(ApplicationError) as caught:
        designate_delegates(
            delegation=delegation, by=focal_point, head=None, voting_delegate=voter, alternate=voter
        )

    assert "alternate" in caught.value.extra


def test_other_focal_point_cannot_designate(delegation, other_focal_point, organiser):
    voter = approved_delegate(delegation, organiser)

    with pytest.raises(PermissionDenied):
        designate_delegates(
            delegation=delegation, by=other_focal_point, head=voter, voting_delegate=voter
        )


# Every committee decision from every state.
DECISIONS = [C.ACCEPTED, C.PROVISIONAL, C.CONTESTED, C.PENDING]


@pytest.mark.parametrize("start", DECISIONS)
@pytest.mark.parametrize("target", DECISIONS)
def test_committee_decision(start, target, ready, committee_member):
    Credentials.objects.filter(pk=ready.pk).update(
        status=start, note="earlier note" if start == C.CONTESTED else ""
    )
    note = "Signed by the wrong authority" if target == C.CONTESTED else ""

    if start == target and target != C.CONTESTED:
        with pytest.raises(ApplicationError, match="already"):
            decide_credentials(credentials=ready, status=target, by=committee_member, note=note)
        return
    decided = decide_credentials(credentials=ready, status=target, by=committee_member, note=note)

    ready.refresh_from_db()
    assert ready.status == decided.status == target
    assert ready.decided_by == committee_member
    assert Notification.objects.filter(kind="delegations.credentials_decided").exists()


def test_contested_requires_note(ready, committee_member):
    with pytest.raises(ApplicationError, match="need a note"):
        decide_credentials(credentials=ready, status=C.CONTESTED, by=committee_member)

    ready.refresh_from_db()
    assert ready.status == C.PENDING


def test_accept_requires_letter(delegation, focal_point, organiser, committee_member):
    voter = approved_delegate(delegation, organiser)
    credentials = designate_delegates(
        delegation=delegation, by=focal_point, head=voter, voting_delegate=voter
    )

    with pytest.raises(ApplicationError, match="No letter"):
        decide_credentials(credentials=credentials, status=C.ACCEPTED, by=committee_member)


def test_accept_requires_voting_delegate(delegation, focal_point, committee_member):
    credentials = upload_credentials(
        delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="Minister"
    )

    with pytest.raises(ApplicationError, match="voting delegate"):
        decide_credentials(credentials=credentials, status=C.ACCEPTED, by=committee_member)
    decided = decide_credentials(credentials=credentials, status=C.PROVISIONAL, by=committee_member)
    assert decided.status == C.PROVISIONAL


def test_unknown_status_rejected(ready, committee_member):
    with pytest.raises(ApplicationError, match="Unknown"):
        decide_credentials(credentials=ready, status="maybe", by=committee_member)


def test_focal_point_cannot_decide(ready, focal_point):
    with pytest.raises(PermissionDenied):
        decide_credentials(credentials=ready, status=C.ACCEPTED, by=focal_point)


def test_new_letter_after_acceptance_returns_to_pending(
    ready, delegation, focal_point, committee_member
):
    decide_credentials(credentials=ready, status=C.ACCEPTED, by=committee_member)

    upload_credentials(delegation=delegation, by=focal_point, letter=pdf_upload(), issued_by="New")

    ready.refresh_from_db()
    assert ready.status == C.PENDING
    assert ready.decided_by is None


def test_history_records_each_change(ready, committee_member):
    decide_credentials(credentials=ready, status=C.ACCEPTED, by=committee_member)

    statuses = list(ready.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-1] == C.ACCEPTED
    assert len(statuses) >= 3
