"""Imports: the whole file is checked first; one bad row means nothing is written."""

from __future__ import annotations

import io

from django.urls import reverse

from apps.delegations.imports import import_file
from apps.delegations.models import Delegate, Delegation
from tests.factories import MemberCountryFactory, OrganisationFactory

HEADER = "delegation,family_name,given_names,function,email,languages,arrival_date,departure_date"


def run(assembly, organiser, text: str | bytes, *, what="delegates", name="file.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return import_file(assembly=assembly, what=what, name=name, content=content, by=organiser)


def test_import_delegates_writes_all_rows(assembly, organiser, delegation):
    text = (
        f"{HEADER}\n"
        "FR,Dupont,Jeanne,head,j.dupont@interieur.gouv.fr,fr en,2025-11-23,2025-11-28\n"
        "fr,Martin,Paul,Delegate,,fr,,\n"
    )

    report = run(assembly, organiser, text)

    assert report.ok, report.errors
    assert report.written == 2
    jeanne = Delegate.objects.get(family_name="Dupont")
    assert (jeanne.function, jeanne.languages, str(jeanne.arrival_date)) == (
        "head",
        ["fr", "en"],
        "2025-11-23",
    )
    assert jeanne.history.count() == 1


def test_import_malformed_writes_nothing_and_reports_every_error(assembly, organiser, delegation):
    text = (
        f"{HEADER}\n"
        "FR,Dupont,Jeanne,head,not-an-email,fr,2025-11-23,2025-11-20\n"
        "XX,Martin,Paul,delegate,,fr,,\n"
        "FR,,Anne,chef,,fr,23/11/2025,yesterday\n"
        "FR,Durand,Luc,delegate,,fr,,\n"
    )

    report = run(assembly, organiser, text)

    assert not report.ok
    found = {(e.line, e.column) for e in report.errors}
    assert found == {
        (2, "email"),
        (2, "departure_date"),
        (3, "delegation"),
        (4, "family_name"),
        (4, "function"),
        (4, "departure_date"),
    }
    assert "“XX”" in next(e.message for e in report.errors if e.line == 3)
    assert Delegate.objects.count() == 0


def test_import_missing_column_reported(assembly, organiser):
    report = run(assembly, organiser, "delegation,given_names\nFR,Jeanne\n")

    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (1, "family_name", "This column is missing.")
    ]


def test_import_respects_quota(assembly, organiser, delegation):
    delegation.quota = 1
    delegation.save()
    text = f"{HEADER}\nFR,A,B,,,,,\nFR,C,D,,,,,\n"

    report = run(assembly, organiser, text)

    assert [(e.line, e.column) for e in report.errors] == [(3, "delegation")]
    assert Delegate.objects.count() == 0


def test_import_utf8_bom_semicolon(assembly, organiser, delegation):
    text = "\ufeffdelegation;family_name;given_names\nFR;Lefèvre;Élise\n"

    report = run(assembly, organiser, text.encode("utf-8"))

    assert report.ok, report.errors
    assert Delegate.objects.get().given_names == "Élise"


def test_import_latin1(assembly, organiser, delegation):
    text = "delegation;family_name;given_names\nFR;Lefèvre;Hélène\n"

    report = run(assembly, organiser, text.encode("latin-1"))

    assert report.ok, report.errors
    assert Delegate.objects.get().family_name == "Lefèvre"


def test_import_xlsx(assembly, organiser, delegation):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Delegation", "Family name", "Given names", "Arrival date"])
    sheet.append(["FR", "Moreau", "Inès", dt.datetime(2025, 11, 23)])
    buffer = io.BytesIO()
    book.save(buffer)

    report = run(assembly, organiser, buffer.getvalue(), name="people.xlsx")

    assert report.ok, report.errors
    assert str(Delegate.objects.get().arrival_date) == "2025-11-23"


def test_import_broken_xlsx_reported(assembly, organiser):
    report = run(assembly, organiser, b"PK\x03\x04garbage", name="x.xlsx")

    assert report.errors[0].message == "The file is not a readable XLSX workbook."


def test_import_round_trips_formula_protected_values(assembly, organiser, delegation):
    report = run(assembly, organiser, "delegation,family_name,given_names\nFR,'=cmd,'+x\n")

    assert report.ok, report.errors
    assert Delegate.objects.get().family_name == "=cmd"


def test_import_delegations_creates_and_updates(assembly, organiser, delegation):
    MemberCountryFactory(iso2="KE", name_en="Kenya", region="africa")
    OrganisationFactory(acronym="UNODC", name="United Nations Office on Drugs and Crime")
    text = "code,kind,quota\nKE,member,8\nUNODC,observer,3\nFR,member,12\n"

    report = run(assembly, organiser, text, what="delegations")

    assert report.ok, report.errors
    assert report.written == 3
    assert Delegation.objects.get(country__iso2="KE").quota == 8
    assert Delegation.objects.get(organisation__acronym="UNODC").kind == "observer"
    delegation.refresh_from_db()
    assert delegation.quota == 12


def test_import_delegations_errors(assembly, organiser):
    MemberCountryFactory(iso2="KE")
    text = "code,kind,quota\nKE,observer,x\nZZ,member,3\nKE,member,3\n"

    report = run(assembly, organiser, text, what="delegations")

    assert {(e.line, e.column) for e in report.errors} == {
        (2, "kind"),
        (2, "quota"),
        (3, "code"),
        (4, "code"),
    }
    assert Delegation.objects.count() == 0


def test_import_admin_page_shows_errors(client, organiser, assembly, delegation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organiser)
    upload = SimpleUploadedFile("d.csv", b"delegation,family_name,given_names\nXX,A,B\n")

    response = client.post(
        reverse("admin:delegations_import"), {"what": "delegates", "file": upload}
    )

    body = response.content.decode()
    assert "1 error; nothing was imported." in body
    assert "No delegation “XX” at this assembly." in body


def test_import_binary_garbage_reported_not_crashed(assembly, organiser, delegation):
    report = run(assembly, organiser, b"delegation,family_name\x00,given_names\nFR,A,B\n\xff\xfe")

    assert [(e.line, e.column) for e in report.errors] == [(1, "family_name")]
    assert not Delegate.objects.exists()
