"""Rooming lists as CSV, XLSX and PDF (in the hotel's chosen language); the passport export as
CSV. Every cell that starts like a formula is defused (a spreadsheet would run it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from apps.logistics.models import Hotel
from apps.logistics.selectors import RoomingRow

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def rooming_header() -> list[str]:
    return [
        _("Guests"),
        _("Delegation"),
        _("Room type"),
        _("Check-in"),
        _("Check-out"),
        _("Needs"),
    ]


def rooming_cells(rows: Iterable[RoomingRow]) -> list[list[str]]:
    return [
        [
            "; ".join(f"{guest.family_name.upper()} {guest.given_names}" for guest in row.guests),
            row.delegation.name,
            row.room_type,
            row.check_in.isoformat(),
            row.check_out.isoformat(),
            row.needs,
        ]
        for row in rows
    ]


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.create_sheet(index=0)
    workbook.remove(workbook.worksheets[1])
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rooming_pdf(hotel: Hotel, rows: list[RoomingRow]) -> bytes:
    from weasyprint import HTML

    language = hotel.language or "en"
    with translation.override(language):
        html = render_to_string(
            "logistics/rooming_list_pdf.html",
            {
                "hotel": hotel,
                "assembly": hotel.assembly,
                "header": rooming_header(),
                "rows": rooming_cells(rows),
                "language": language,
                "rtl": language == "ar",
            },
        )
    return HTML(string=html).write_pdf()
