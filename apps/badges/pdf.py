"""Badge cards as one PDF (WeasyPrint): A6 or CR80, the category's colour, names in Latin and in
the holder's own script (Arabic shaped, right to left), photo, zones and the signed QR code;
optionally duplex (a back page with the zones and the instructions).

Large batches are laid out in chunks by two worker processes (the machine's two cores), each
chunk written as a PDF and the PDFs joined with poppler's `pdfunite`; without it (or for one
chunk) the chunks are laid out in this process and their pages joined by WeasyPrint."""

from __future__ import annotations

import base64
import io
import mimetypes
import multiprocessing
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import segno
from django.template.loader import render_to_string

from apps.badges import signing
from apps.badges.models import Badge
from apps.badges.pdf_worker import render_chunk
from apps.badges.validity import valid_until

PAPERS = {"a6": ("105mm", "148mm"), "cr80": ("54mm", "85.6mm")}
# WeasyPrint's layout grows faster than the page count: badges are laid out in chunks whose
# pages are then joined into one PDF.
CHUNK = 50
WORKERS = 2
# The photo is printed at most 32 mm high (A6): 300 dpi needs no more than ~380 px.
PHOTO_BOX = (300, 400)
QR_MASK = 3


@dataclass(frozen=True)
class Card:
    """What one card shows, in plain values (the template needs no database)."""

    name: str
    native_name: str
    affiliation: str
    function: str
    number: str
    photo: str
    qr: str
    zones: tuple[str, ...]
    category: str
    colour: str


def badge_token(badge: Badge) -> str:
    expires = int(valid_until(badge.assembly).timestamp())
    return signing.sign_token(badge_id=badge.pk, version=badge.version, expires=expires)


def _shrunk(data: bytes) -> tuple[bytes, str] | None:
    """The photo no larger than the card needs, as a JPEG; None when it is no image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            small = image.width <= PHOTO_BOX[0] and image.height <= PHOTO_BOX[1]
            if small and image.format in {"JPEG", "PNG"}:
                return data, Image.MIME[image.format]
            image.thumbnail(PHOTO_BOX)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=82)
            return out.getvalue(), "image/jpeg"
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def _photo_uri(badge: Badge, cache: dict[str, str]) -> str:
    """The holder's photo as a data URL, read and shrunk once per file and batch."""
    holder = badge.delegate if badge.delegate_id else badge.participant
    photo = getattr(holder, "photo", None)
    if holder is None or not photo:
        return ""
    name = photo.name or ""
    if name in cache:
        return cache[name]
    try:
        with photo.open("rb") as handle:
            data = handle.read()
    except OSError:
        cache[name] = ""
        return ""
    shrunk = _shrunk(data)
    if shrunk is None:
        mime = mimetypes.guess_type(name)[0] or "image/jpeg"
        shrunk = (data, mime)
    cache[name] = f"data:{shrunk[1]};base64,{base64.b64encode(shrunk[0]).decode('ascii')}"
    return cache[name]


def card_for(badge: Badge, *, photos: dict[str, str] | None = None) -> Card:
    holder = badge.holder
    native = " ".join(p for p in (holder.given_names_native, holder.family_name_native) if p)
    if badge.delegate is not None:
        delegate = badge.delegate
        affiliation = delegate.delegation.name
        function = delegate.position or delegate.get_function_display()
        number = delegate.accreditation_number or ""
    else:
        assert badge.participant is not None  # noqa: S101 (a badge has one holder)
        affiliation = badge.participant.organisation
        function = badge.participant.function
        number = badge.participant.accreditation_number or ""
    # A fixed mask: any of the eight is valid, and choosing the "best" one is most of the
    # encoding time (22 ms a code against 8).
    qr = segno.make(badge_token(badge), error="m", mask=QR_MASK).png_data_uri(scale=4, border=2)
    return Card(
        name=badge.holder_name,
        native_name=native,
        affiliation=affiliation,
        function=function,
        number=number,
        photo=_photo_uri(badge, {} if photos is None else photos),
        qr=qr,
        # The card keeps its layout: category and zones in English, whatever the languages of
        # the names kept for the portal (`name_fr`, `name_es`, `name_ar`).
        zones=tuple(zone.name for zone in badge.category.zones.all()),
        category=badge.category.name,
        colour=badge.category.colour,
    )


def _chunks_html(badges: list[Badge], *, paper: str, duplex: bool) -> Iterator[str]:
    """The HTML of each chunk of cards, one at a time (the workers lay out the first chunks
    while the next are built)."""
    width, height = PAPERS[paper]
    photos: dict[str, str] = {}
    for start in range(0, len(badges), CHUNK):
        cards = [card_for(badge, photos=photos) for badge in badges[start : start + CHUNK]]
        yield render_to_string(
            "badges/badges_pdf.html",
            {"cards": cards, "width": width, "height": height, "paper": paper, "duplex": duplex},
        )


def _render_here(htmls: Iterable[str]) -> bytes:
    import weasyprint

    documents = [weasyprint.HTML(string=html).render() for html in htmls]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def _join(pdfs: list[bytes], pdfunite: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="ga-badges-") as folder:
        paths = []
        for n, pdf in enumerate(pdfs):
            path = Path(folder) / f"{n:05d}.pdf"
            path.write_bytes(pdf)
            paths.append(str(path))
        joined = Path(folder) / "badges.pdf"
        # A fixed program on our own files.
        subprocess.run([pdfunite, *paths, str(joined)], check=True, capture_output=True)  # noqa: S603
        return joined.read_bytes()


def _render_in_workers(htmls: Iterable[str], pdfunite: str) -> bytes:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        futures = [pool.submit(render_chunk, html) for html in htmls]
        pdfs = [future.result() for future in futures]
    return _join(pdfs, pdfunite)


def render_badges(badges: Iterable[Badge], *, paper: str, duplex: bool = False) -> bytes:
    badges = list(badges)
    htmls = _chunks_html(badges, paper=paper, duplex=duplex)
    pdfunite = shutil.which("pdfunite")
    # A daemonic process (a Celery prefork worker) may not start processes of its own.
    may_fork = not multiprocessing.current_process().daemon
    if len(badges) > CHUNK and pdfunite is not None and WORKERS > 1 and may_fork:
        return _render_in_workers(htmls, pdfunite)
    return _render_here(htmls)
