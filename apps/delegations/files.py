"""Checks of uploaded files: extension, size and the content itself (magic bytes).

The browser's declared type is not trusted: the first bytes of the file must match the kind
of file its name claims to be.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
PDF, PNG, JPEG = "pdf", "png", "jpeg"
SIGNATURES = {
    PDF: (b"%PDF-",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    JPEG: (b"\xff\xd8\xff",),
}
EXTENSIONS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}


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
