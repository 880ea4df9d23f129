"""Visa support letters as PDF (WeasyPrint): the host's letterhead, the text in the letter's
language (Arabic right to left), its reference number and a QR code (segno) that opens the
letter's verification page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from apps.logistics.models import VisaLetter
from apps.logistics.services.visas import letter_passport_number, verification_token


def verification_url(letter: VisaLetter) -> str:
    path = reverse(
        "logistics:visa_verify",
        kwargs={"reference": letter.reference, "token": verification_token(letter)},
    )
    return settings.SITE_URL.rstrip("/") + path


def visa_letter_html(letter: VisaLetter) -> str:
    delegate = letter.delegate
    travel = delegate.travel
    assembly = delegate.delegation.assembly
    url = verification_url(letter)
    with translation.override(letter.language):
        return render_to_string(
            "logistics/visa_letter_pdf.html",
            {
                "letter": letter,
                "assembly": assembly,
                "delegation": delegate.delegation,
                "travel": travel,
                "passport_number": letter_passport_number(letter),
                "start": formats.date_format(assembly.start_date, "j F Y"),
                "end": formats.date_format(assembly.end_date, "j F Y"),
                "issued": formats.date_format(
                    (letter.decided_at or letter.created_at).astimezone(assembly.tz).date(),
                    "j F Y",
                ),
                "expiry": formats.date_format(travel.passport_expiry, "j F Y")
                if travel.passport_expiry
                else "",
                "qr": segno.make(url, error="m").png_data_uri(scale=4, border=2),
                "verify_url": url,
                "rtl": letter.language == "ar",
            },
        )


def visa_letter_pdf(letter: VisaLetter) -> bytes:
    from weasyprint import HTML

    return HTML(string=visa_letter_html(letter)).write_pdf()
