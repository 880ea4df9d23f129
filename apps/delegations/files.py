"""Uploaded files: checks (extension, size, magic bytes), storage names and protected serving.

The browser's declared type is not trusted: the first bytes of the file must match the kind
of file its name claims to be. Files are stored under random names (never the uploader's), and
are served only through views that check who is asking (see `file_response`).
"""

from __future__ import annotations

import os
import re
import uuid

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
PDF, PNG, JPEG = "pdf", "png", "jpeg"
SIGNATURES = {
    PDF: (b"%PDF-",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    JPEG: (b"\xff\xd8\xff",),
}
EXTENSIONS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}
CONTENT_TYPES: dict[str | None, str] = {
    PDF: "application/pdf",
    PNG: "image/png",
    JPEG: "image/jpeg",
}
SUFFIXES: dict[str | None, str] = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}


def sniff(head: bytes) -> str | None:
    """The kind of file these first bytes start, or None."""
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def _check(upload, *, allowed: set[str], max_bytes: int, what) -> None:
    if not upload:
        return
    name = getattr(upload, "name", "") or ""
    extension = os.path.splitext(name)[1].lower()
    declared = EXTENSIONS.get(extension)
    labels = ", ".join(sorted(kind.upper() for kind in allowed))
    if declared not in allowed:
        raise ValidationError(
            _("The %(what)s must be a file of type %(types)s."),
            params={"what": what, "types": labels},
            code="file_type",
        )
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The %(what)s is larger than %(limit)s MB."),
            params={"what": what, "limit": max_bytes // MB},
            code="file_size",
        )
    if size == 0:
        raise ValidationError(_("The %(what)s is empty."), params={"what": what}, code="empty")
    # A file already stored is not read again on every save.
    if getattr(upload, "_committed", False) and not hasattr(upload, "content_type"):
        return
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if sniff(head) != declared:
        raise ValidationError(
            _("The content of the %(what)s is not a %(type)s file."),
            params={"what": what, "type": declared.upper()},
            code="file_content",
        )


def validate_letter(upload) -> None:
    _check(upload, allowed={PDF, PNG, JPEG}, max_bytes=10 * MB, what=_("letter"))


def validate_photo(upload) -> None:
    _check(upload, allowed={PNG, JPEG}, max_bytes=2 * MB, what=_("photo"))


def _unguessable(folder: str, filename: str) -> str:
    """`<folder>/<random hex><known extension>`: nothing of the uploaded name is kept."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in EXTENSIONS:
        extension = ""
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def letter_upload_to(instance, filename: str) -> str:
    return _unguessable("credentials", filename)


def photo_upload_to(instance, filename: str) -> str:
    return _unguessable("delegates/photos", filename)


def file_response(field_file, *, name: str) -> FileResponse:
    """The stored file, shown inline with the type its content proves (else downloaded).

    `name` is a safe ASCII stem for the download name; the extension follows the content.
    """
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    kind = sniff(handle.read(16))
    handle.seek(0)
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "file"
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
        as_attachment=kind is None,
        filename=f"{name}{SUFFIXES.get(kind, '')}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class _LinkedFile:
    """A stored file shown by a file widget with a link to its protected view."""

    def __init__(self, field_file, url: str):
        self.field_file = field_file
        self.url = url

    def __str__(self) -> str:
        return os.path.basename(self.field_file.name)

    def __bool__(self) -> bool:
        return bool(self.field_file)


class ProtectedFileLinkMixin:
    """For file widgets: the "currently" link goes to `protected_url`, not to MEDIA_URL."""

    protected_url: str | None = None

    def format_value(self, value):
        value = super().format_value(value)
        if self.protected_url and self.is_initial(value):
            return _LinkedFile(value, self.protected_url)
        return value
