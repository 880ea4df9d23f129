"""Time the import of a 2,000-row delegates file (CSV and XLSX) into a throwaway test database.

    DJANGO_DEBUG=1 .venv/bin/python bench/delegations_import.py [rows]

Prints the seconds taken to read, check every row and write them (bulk, with history).
"""

from __future__ import annotations

import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

FAMILY = ["Martin", "Bernard", "Haddad", "Otieno", "Silva", "Tanaka", "Müller", "Kowalski"]
GIVEN = ["Claire", "Youssef", "Amina", "João", "Hiroshi", "Anna", "Peter", "Fatou"]


def rows(count: int, codes: list[str]) -> list[list[str]]:
    header = [
        "delegation", "family_name", "given_names", "function", "email", "languages",
        "arrival_date", "departure_date", "position",
    ]  # fmt: skip
    body = [
        [
            codes[i % len(codes)],
            FAMILY[i % len(FAMILY)] + str(i),
            GIVEN[(i // 7) % len(GIVEN)],
            "delegate",
            f"person{i}@police.example.org",
            "en fr",
            "2025-11-23",
            "2025-11-28",
            "Superintendent",
        ]
        for i in range(count)
    ]
    return [header, *body]


def main(count: int) -> None:
    from openpyxl import Workbook

    from apps.accounts.models import User
    from apps.core.models import Assembly
    from apps.delegations.demo import seed_member_countries
    from apps.delegations.imports import import_file
    from apps.delegations.models import Delegate, Delegation, MemberCountry

    assembly = Assembly.objects.create(
        number=93, name="93rd", city="Marrakech", country="Morocco",
        start_date="2025-11-24", end_date="2025-11-27", is_current=True,
    )  # fmt: skip
    organiser = User.objects.create_user("bench@example.org", None, full_name="B", is_staff=True)
    seed_member_countries()
    Delegation.objects.bulk_create(
        [Delegation(assembly=assembly, country=c, quota=100) for c in MemberCountry.objects.all()]
    )
    codes = list(MemberCountry.objects.values_list("iso2", flat=True))
    table = rows(count, codes)

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(table)
    csv_bytes = buffer.getvalue().encode("utf-8-sig")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("delegates")
    for row in table:
        sheet.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)

    for name, content in (("delegates.csv", csv_bytes), ("delegates.xlsx", xlsx.getvalue())):
        Delegate.history.all().delete()
        Delegate.objects.all().delete()
        started = time.perf_counter()
        report = import_file(
            assembly=assembly, what="delegates", name=name, content=content, by=organiser
        )
        elapsed = time.perf_counter() - started
        if not report.ok:
            raise SystemExit(f"import failed: {report.errors[:5]}")
        print(
            f"{name}: {report.written} rows checked and written in {elapsed:.2f} s "
            f"({connection.vendor})"
        )


if __name__ == "__main__":
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
