"""Exports of delegations, delegates and the voting roll as CSV or XLSX.

No exported cell starts with a character a spreadsheet would read as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpResponse

from apps.core.models import Assembly
from apps.delegations.models import Delegate, Delegation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|")

DELEGATION_COLUMNS = ["code", "name", "kind", "status", "quota", "region"]
DELEGATE_COLUMNS = [
    "delegation",
    "family_name",
    "given_names",
    "family_name_native",
    "given_names_native",
    "honorific",
    "position",
    "function",
    "email",
    "phone",
    "languages",
    "arrival_date",
    "departure_date",
    "accreditation_status",
    "accreditation_number",
]


def safe(value) -> str:
    """The cell as text, with a leading apostrophe where it would start a formula."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def delegations_rows(queryset: QuerySet[Delegation]) -> list[list[str]]:
    rows = [DELEGATION_COLUMNS]
    from apps.delegations.selectors import delegations_by_name

    for d in delegations_by_name(queryset).select_related("country", "organisation"):
        region = d.country.region if d.country is not None else ""
        rows.append([safe(v) for v in (d.code, d.name, d.kind, d.status, d.quota, region)])
    return rows


def delegates_rows(queryset: QuerySet[Delegate]) -> list[list[str]]:
    rows = [DELEGATE_COLUMNS]
    qs = queryset.select_related("delegation__country", "delegation__organisation").order_by("pk")
    for p in qs:
        values = [p.delegation.code] + [getattr(p, c) for c in DELEGATE_COLUMNS[1:]]
        rows.append([safe(v) for v in values])
    return rows


def voting_roll_rows(assembly: Assembly) -> list[list[str]]:
    from apps.delegations.selectors import voting_roll

    rows = [["iso2", "country", "region", "credentials", "voting_delegate", "alternate", "head"]]
    for c in voting_roll(assembly):
        country = c.delegation.country
        if country is None:  # the roll holds member delegations only, each with its country
            continue
        rows.append(
            [
                safe(v)
                for v in (
                    country.iso2,
                    country.name,
                    country.get_region_display(),
                    c.get_status_display(),
                    c.voting_delegate.full_name if c.voting_delegate else "",
                    c.alternate.full_name if c.alternate else "",
                    c.head.full_name if c.head else "",
                )
            ]
        )
    return rows


def to_csv(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[list[str]], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def voting_roll_csv(assembly: Assembly) -> bytes:
    return to_csv(voting_roll_rows(assembly))


def response(rows: list[list[str]], basename: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        body = to_xlsx(rows, basename)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = to_csv(rows), "text/csv; charset=utf-8"
    result = HttpResponse(body, content_type=content_type)
    result["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return result
