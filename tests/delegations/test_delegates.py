"""Registering, changing and removing delegates."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.errors import ApplicationError
from apps.core.models import AuditEntry
from apps.delegations.models import Delegate, Delegation
from apps.delegations.services import create_delegate, delete_delegate, update_delegate
from tests.delegations.factories import JPEG_BYTES, PDF_BYTES, approved_delegate


def test_create_delegate_marks_delegation_registering(delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="Martin", given_names="Claire"
    )

    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.REGISTERING
    assert delegate.accreditation_status == "draft"
    assert AuditEntry.objects.filter(action="delegations.delegate.created").count() == 1


def test_create_delegate_for_other_delegation_denied(other_delegation, focal_point):
    with pytest.raises(PermissionDenied):
        create_delegate(
            delegation=other_delegation, by=focal_point, family_name="X", given_names="Y"
        )


def test_create_delegate_unknown_field_refused(delegation, focal_point):
    with pytest.raises(ApplicationError, match="Unknown fields"):
        create_delegate(
            delegation=delegation,
            by=focal_point,
            family_name="X",
            given_names="Y",
            accreditation_status="approved",
        )


def test_create_delegate_dates_ordered(delegation, focal_point):
    import datetime as dt

    with pytest.raises(ValidationError):
        create_delegate(
            delegation=delegation,
            by=focal_point,
            family_name="X",
            given_names="Y",
            arrival_date=dt.date(2025, 11, 25),
            departure_date=dt.date(2025, 11, 20),
        )


def test_photo_content_checked(delegation, focal_point):
    with pytest.raises(ValidationError, match="not a JPEG"):
        create_delegate(
            delegation=delegation,
            by=focal_point,
            family_name="X",
            given_names="Y",
            photo=SimpleUploadedFile("me.jpg", PDF_BYTES),
        )
    delegate = create_delegate(
        delegation=delegation,
        by=focal_point,
        family_name="X",
        given_names="Y",
        photo=SimpleUploadedFile("me.jpg", JPEG_BYTES),
    )
    assert delegate.photo.name.endswith(".jpg")


def test_second_head_refused(delegation, focal_point):
    create_delegate(
        delegation=delegation, by=focal_point, family_name="A", given_names="B", function="head"
    )

    with pytest.raises(ApplicationError, match="already has a head"):
        create_delegate(
            delegation=delegation, by=focal_point, family_name="C", given_names="D", function="head"
        )


def test_update_approved_delegate_refused_for_focal_point(delegation, focal_point, organiser):
    delegate = approved_delegate(delegation, organiser)

    with pytest.raises(ApplicationError, match="reopen"):
        update_delegate(delegate=delegate, by=focal_point, position="Director")
    with pytest.raises(ApplicationError, match="reopen"):
        delete_delegate(delegate=delegate, by=focal_point)
    assert Delegate.objects.filter(pk=delegate.pk, position="").exists()


def test_update_delegate_records_changed_fields(delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="A", given_names="B"
    )

    update_delegate(delegate=delegate, by=focal_point, position="Director", phone="+33 1")

    entry = AuditEntry.objects.get(action="delegations.delegate.updated")
    assert entry.data["fields"] == ["phone", "position"]
    assert delegate.history.count() == 2


def test_delete_delegate(delegation, focal_point):
    delegate = create_delegate(
        delegation=delegation, by=focal_point, family_name="A", given_names="B"
    )

    delete_delegate(delegate=delegate, by=focal_point)

    assert not Delegate.objects.filter(pk=delegate.pk).exists()
    assert AuditEntry.objects.filter(action="delegations.delegate.deleted").count() == 1
