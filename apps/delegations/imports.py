"""Imports of delegations and delegates from CSV or XLSX.

The whole file is read and checked first; if any row is wrong nothing is written and every
error names its line, its column and the reason. CSV may be UTF-8 (with or without BOM) or
Latin-1, separated by commas or semicolons.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.exports import FORMULA_STARTS
from apps.delegations.models import (
    AccreditationStatus,
    Delegate,
    Delegation,
    MemberCountry,
    Organisation,
)
from apps.delegations.selectors import COUNTED, delegation_settings

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)d") % {"line": self.line}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    written: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message))


class FileError(Exception):
    pass


# Reading ---------------------------------------------------------------------------------


def _header(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        # What our own export protected against formulas comes back as it was.
        if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]
    return value


def read_table(name: str, content: bytes) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """Headers and (line number, row) pairs of a CSV or XLSX file."""
    if len(content) > MAX_BYTES:
        raise FileError(_("The file is larger than 10 MB."))
    if content.startswith(b"PK\x03\x04") or name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content)
    else:
        rows = _csv_rows(content)
    if not rows:
        raise FileError(_("The file is empty."))
    headers = [_header(h) for h in rows[0]]
    table = []
    for index, raw in enumerate(rows[1:], start=2):
        values = [_cell(v) for v in raw]
        if all(v in ("", None) for v in values):
            continue
        table.append((index, dict(zip(headers, values, strict=False))))
    if len(table) > MAX_ROWS:
        raise FileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    return headers, table


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileError(
            _("The file is not a readable CSV file (%(error)s).") % {"error": exc}
        ) from exc


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise FileError(_("The file is not a readable XLSX workbook.")) from exc
    sheet = book.worksheets[0]
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


# Checking values -------------------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": text})


def _choice(value: Any, choices, column: str) -> str:
    text = str(value or "").strip()
    for code, label in choices:
        if text.lower() in (code, str(label).lower()):
            return code
    raise ValueError(
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": text, "choices": ", ".join(code for code, _label in choices)}
    )


def _text(value: Any, max_length: int, *, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValueError(_("This value is required."))
    if len(text) > max_length:
        raise ValueError(_("At most %(max)d characters.") % {"max": max_length})
    return text


def _missing_columns(headers: list[str], required: list[str], report: ImportReport) -> bool:
    for column in required:
        if column not in headers:
            report.add(1, column, _("This column is missing."))
    return bool(report.errors)


# Delegates -------------------------------------------------------------------------------

DELEGATE_TEXT = {
    "family_name": (100, True),
    "given_names": (150, True),
    "family_name_native": (100, False),
    "given_names_native": (150, False),
    "honorific": (100, False),
    "position": (200, False),
    "phone": (40, False),
}


def _delegations_by_code(assembly: Assembly) -> dict[str, Delegation]:
    found = {}
    for delegation in Delegation.objects.filter(assembly=assembly).select_related(
        "country", "organisation", "assembly"
    ):
        found[delegation.code.upper()] = delegation
    return found


def check_delegates(assembly: Assembly, headers, table, report: ImportReport) -> list[Delegate]:
    if _missing_columns(headers, ["delegation", "family_name", "given_names"], report):
        return []
    delegations = _delegations_by_code(assembly)
    settings = delegation_settings(assembly)
    used: dict[int, int] = dict(
        Delegate.objects.filter(delegation__assembly=assembly, accreditation_status__in=COUNTED)
        .order_by()
        .values_list("delegation_id")
        .annotate(n=Count("pk"))
    )
    heads = set(
        Delegate.objects.filter(
            delegation__assembly=assembly, function=Delegate.Function.HEAD
        ).values_list("delegation_id", flat=True)
    )
    emails = {
        (delegation_id, email.lower())
        for delegation_id, email in Delegate.objects.filter(delegation__assembly=assembly)
        .exclude(email="")
        .values_list("delegation_id", "email")
    }
    new: list[Delegate] = []
    for line, row in table:
        errors_before = len(report.errors)
        code = str(row.get("delegation") or "").strip().upper()
        delegation = delegations.get(code)
        if delegation is None:
            report.add(
                line, "delegation", _("No delegation “%(code)s” at this assembly.") % {"code": code}
            )
        values: dict[str, Any] = {}
        for column, (max_length, required) in DELEGATE_TEXT.items():
            try:
                values[column] = _text(row.get(column), max_length, required=required)
            except ValueError as exc:
                report.add(line, column, str(exc))
        try:
            values["function"] = (
                _choice(row.get("function"), Delegate.Function.choices, "function")
                if row.get("function")
                else Delegate.Function.DELEGATE
            )
        except ValueError as exc:
            report.add(line, "function", str(exc))
        email = str(row.get("email") or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                report.add(
                    line, "email", _("“%(value)s” is not an e-mail address.") % {"value": email}
                )
        values["email"] = email.lower()
        languages = [x for x in re.split(r"[\s,;/]+", str(row.get("languages") or "")) if x]
        if any(not re.fullmatch(r"[a-zA-Z]{2,3}", x) for x in languages):
            report.add(line, "languages", _("Give language codes such as “en, fr”."))
        values["languages"] = [x.lower() for x in languages]
        for column in ("arrival_date", "departure_date"):
            try:
                values[column] = _date(row.get(column))
            except ValueError as exc:
                report.add(line, column, str(exc))
        arrival, departure = values.get("arrival_date"), values.get("departure_date")
        if arrival and departure and departure < arrival:
            report.add(line, "departure_date", _("Departure cannot be before arrival."))
        if delegation is not None and len(report.errors) == errors_before:
            candidate = Delegate(
                delegation=delegation, accreditation_status=AccreditationStatus.DRAFT, **values
            )
            _check_like_the_service(candidate, line, report)
            key = (delegation.pk, values["email"])
            if values["email"] and key in emails:
                report.add(
                    line,
                    "email",
                    _("%(code)s already has a delegate with this e-mail address.") % {"code": code},
                )
            emails.add(key)
        if delegation is not None and len(report.errors) == errors_before:
            quota = settings.quota_for(delegation)
            used[delegation.pk] = used.get(delegation.pk, 0) + 1
            if used[delegation.pk] > quota:
                report.add(
                    line,
                    "delegation",
                    _("%(code)s would exceed its quota of %(quota)d.")
                    % {"code": code, "quota": quota},
                )
            if values["function"] == Delegate.Function.HEAD:
                if delegation.pk in heads:
                    report.add(line, "function", _("%(code)s already has a head.") % {"code": code})
                heads.add(delegation.pk)
            new.append(candidate)
    return new


def _check_like_the_service(delegate: Delegate, line: int, report: ImportReport) -> None:
    """The model's own field checks (bounds, invisible characters, travel dates), which the
    portal and the API apply through the service."""
    errors: dict[str, list[str]] = {}
    for check in (lambda: delegate.clean_fields(exclude=["delegation", "photo"]), delegate.clean):
        try:
            check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    for field, messages in errors.items():
        for message in dict.fromkeys(messages):
            report.add(line, field, message)


# Delegations -----------------------------------------------------------------------------


def check_delegations(assembly: Assembly, headers, table, report: ImportReport):
    if _missing_columns(headers, ["code"], report):
        return [], []
    countries = {c.iso2: c for c in MemberCountry.objects.all()}
    organisations = {(o.acronym or "").upper(): o for o in Organisation.objects.all()}
    existing = _delegations_by_code(assembly)
    seen: set[str] = set()
    to_create, to_update = [], []
    for line, row in table:
        errors_before = len(report.errors)
        code = str(row.get("code") or "").strip().upper()
        if code in seen:
            report.add(line, "code", _("“%(code)s” appears twice in the file.") % {"code": code})
        seen.add(code)
        country = countries.get(code) if len(code) == 2 else None
        organisation = None if country else organisations.get(code)
        if country is None and organisation is None:
            report.add(
                line,
                "code",
                _(
                    "“%(code)s” is neither a member country's ISO code "
                    "nor a known organisation's acronym."
                )
                % {"code": code},
            )
        default_kind = Delegation.Kind.MEMBER if country else Delegation.Kind.OBSERVER
        kind: str = default_kind
        status: str | None = None
        try:
            kind = (
                _choice(row.get("kind"), Delegation.Kind.choices, "kind")
                if row.get("kind")
                else default_kind
            )
        except ValueError as exc:
            report.add(line, "kind", str(exc))
        try:
            status = (
                _choice(row.get("status"), Delegation.Status.choices, "status")
                if row.get("status")
                else None
            )
        except ValueError as exc:
            report.add(line, "status", str(exc))
        quota = row.get("quota")
        if quota in ("", None):
            quota = None
        else:
            try:
                quota = int(float(str(quota).replace(",", ".")))
                if quota < 0 or quota > 1000:
                    raise ValueError
            except ValueError:
                report.add(
                    line,
                    "quota",
                    _("“%(value)s” is not a whole number between 0 and 1000.")
                    % {"value": row.get("quota")},
                )
        if kind and country and kind == Delegation.Kind.OBSERVER:
            report.add(line, "kind", _("A member country's delegation is a member or the host."))
        if kind and organisation and kind in (Delegation.Kind.MEMBER, Delegation.Kind.HOST):
            report.add(
                line,
                "kind",
                _("An organisation's delegation is an observer or the General Secretariat."),
            )
        if len(report.errors) != errors_before:
            continue
        found = existing.get(code)
        if found is None:
            to_create.append(
                Delegation(
                    assembly=assembly,
                    country=country,
                    organisation=organisation,
                    kind=kind,
                    status=status or Delegation.Status.INVITED,
                    quota=quota,
                )
            )
        else:
            found.kind, found.quota = kind, quota
            if status:
                found.status = status
            to_update.append(found)
    return to_create, to_update


# Writing ---------------------------------------------------------------------------------


def import_file(*, assembly: Assembly, what: str, name: str, content: bytes, by) -> ImportReport:
    """Check the whole file; write every row, or nothing if any row is wrong."""
    report = ImportReport()
    try:
        headers, table = read_table(name, content)
    except FileError as exc:
        report.add(0, "", str(exc))
        return report
    if what == "delegates":
        delegates = check_delegates(assembly, headers, table, report)
        if report.ok:
            with transaction.atomic():
                bulk_create_with_history(delegates, Delegate, batch_size=500, default_user=by)
                Delegation.objects.filter(
                    pk__in={d.delegation_id for d in delegates}, status=Delegation.Status.INVITED
                ).update(status=Delegation.Status.REGISTERING)
                log_action(
                    assembly,
                    "delegations.delegates.imported",
                    by=by,
                    rows=len(delegates),
                    file=name,
                )
            report.written = len(delegates)
    elif what == "delegations":
        to_create, to_update = check_delegations(assembly, headers, table, report)
        if report.ok:
            with transaction.atomic():
                bulk_create_with_history(to_create, Delegation, default_user=by)
                for delegation in to_update:
                    delegation.save(update_fields=["kind", "quota", "status", "updated_at"])
                log_action(
                    assembly,
                    "delegations.delegations.imported",
                    by=by,
                    created=len(to_create),
                    updated=len(to_update),
                    file=name,
                )
            report.written = len(to_create) + len(to_update)
    else:
        report.add(0, "", _("Choose what the file holds."))
    return report
