"""The printed badge: a valid PDF whose QR code, read back by a real decoder, verifies; the
Arabic name comes out in reading order."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import zxingcpp
from PIL import Image

from apps.badges import services
from apps.badges.models import Badge, Reason
from apps.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _pages_as_images(pdf: bytes, tmp_path) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (tmp_path / "badges.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", str(tmp_path / "badges.pdf"), str(tmp_path / "page")],
        check=True,
    )
    return [Image.open(path) for path in sorted(tmp_path.glob("page*.png"))]


def _text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("paper", ["a6", "cr80"])
def test_badge_pdf_qr_decodes_to_a_token_that_verifies(
    badge, zones, organiser, during, tmp_path, paper
):
    pdf = services.print_badges(badges=[badge], by=organiser, paper=paper)

    assert pdf.startswith(b"%PDF-")
    [page] = _pages_as_images(pdf, tmp_path)
    [found] = zxingcpp.read_barcodes(page)
    verdict = services.verify_token(token=found.text, zone=zones["plenary"])
    assert (verdict.admitted, verdict.reason, verdict.badge) == (True, Reason.OK, badge)
    badge.refresh_from_db()
    assert (badge.printed_by, badge.printed_at is not None) == (organiser, True)


def test_badge_pdf_names_in_latin_and_arabic_order(badge, organiser, during):
    text = _text(services.print_badges(badges=[badge], by=organiser, paper="a6"))

    assert "Karim HADDAD" in text
    assert "كريم حداد" in text
    assert "Egypt" in text
    assert badge.delegate.accreditation_number in text
    assert "Plenary hall" in text


def test_bulk_pdf_one_page_per_badge(badge, categories, organiser, delegation, during, tmp_path):
    from tests.delegations.factories import approved_delegate

    other = approved_delegate(delegation, organiser, family_name="Other", given_names="Omar")
    second = services.issue_badge(category=categories["head"], delegate=other, by=organiser)
    from apps.badges.selectors import badges_to_print

    batch = list(badges_to_print(assembly=delegation.assembly, not_printed=True))
    pdf = services.print_badges(badges=batch, by=organiser, paper="cr80")

    pages = _pages_as_images(pdf, tmp_path)
    tokens = [zxingcpp.read_barcodes(page)[0].text for page in pages]
    assert len(tokens) == 2
    assert Badge.objects.filter(printed_at__isnull=False).count() == 2
    plenary = second.category.zones.get(code="plenary")
    verified = {services.verify_token(token=t, zone=plenary).badge for t in tokens}
    assert verified == {badge, second}


def test_revoked_badge_is_not_printed(badge, organiser, during):
    services.revoke_badge(badge=badge, by=organiser, reason="Lost")

    with pytest.raises(ApplicationError):
        services.print_badges(badges=[badge], by=organiser, paper="a6")
    badge.refresh_from_db()
    assert badge.printed_at is None
