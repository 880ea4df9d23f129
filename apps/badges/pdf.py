"""Badge cards as one PDF (WeasyPrint): A6 or CR80, the category's colour, names in Latin and in
the holder's own script (Arabic shaped, right to left), photo, zones and the signed QR code."""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string

from apps.badges import signing
from apps.badges.models import Badge
from apps.badges.validity import valid_until

PAPERS = {"a6": ("105mm", "148mm"), "cr80": ("54mm", "85.6mm")}
# WeasyPrint's layout grows faster than the page count: badges are laid out in chunks whose
# pages are then joined into one PDF.
CHUNK = 50


@dataclass
class Card:
    badge: Badge
    name: str
    native_name: str
    affiliation: str
    function: str
    number: str
    photo: str
    qr: str
    zones: list[str]


def badge_token(badge: Badge) -> str:
    expires = int(valid_until(badge.assembly).timestamp())
    return signing.sign_token(badge_id=badge.pk, version=badge.version, expires=expires)


def _photo_uri(badge: Badge) -> str:
    delegate = badge.delegate
    if delegate is None or not delegate.photo:
        return ""
    try:
        with delegate.photo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(delegate.photo.name or "")[0] or "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def card_for(badge: Badge) -> Card:
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
    qr = segno.make(badge_token(badge), error="m").png_data_uri(scale=5, border=2)
    return Card(
        badge=badge,
        name=badge.holder_name,
        native_name=native,
        affiliation=affiliation,
        function=function,
        number=number,
        photo=_photo_uri(badge),
        qr=qr,
        zones=[zone.name for zone in badge.category.zones.all()],
    )


def render_badges(badges: Iterable[Badge], *, paper: str) -> bytes:
    import weasyprint

    width, height = PAPERS[paper]
    badges = list(badges)
    documents = []
    for start in range(0, len(badges), CHUNK):
        cards = [card_for(badge) for badge in badges[start : start + CHUNK]]
        html = render_to_string(
            "badges/badges_pdf.html",
            {"cards": cards, "width": width, "height": height, "paper": paper},
        )
        documents.append(weasyprint.HTML(string=html).render())
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
