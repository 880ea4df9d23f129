"""Factories of the delegations tests (the shared ones live in tests/factories.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf_upload(name: str = "letter.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def approved_delegate(delegation, organiser, **fields):
    from apps.delegations.services import (
        approve_accreditation,
        create_delegate,
        submit_accreditation,
    )

    focal = delegation.focal_points.first() or organiser
    fields.setdefault("family_name", "Approved")
    fields.setdefault("given_names", "Person")
    delegate = create_delegate(delegation=delegation, by=focal, **fields)
    submit_accreditation(delegates=[delegate], by=focal)
    return approve_accreditation(delegate=delegate, by=organiser)
