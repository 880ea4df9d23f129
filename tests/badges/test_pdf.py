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


def test_duplex_puts_the_back_after_each_card(badge, categories, organiser, delegation, during):
    from tests.delegations.factories import approved_delegate

    other = approved_delegate(delegation, organiser, family_name="Other", given_names="Omar")
    services.issue_badge(category=categories["media"], delegate=other, by=organiser)
    batch = list(Badge.objects.order_by("id"))

    pdf = services.print_badges(badges=batch, by=organiser, paper="cr80", duplex=True)

    pages = _text(pdf).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) == 4
    assert "Karim HADDAD" in pages[0]
    assert "Zones you may enter" in pages[1]
    assert "Plenary hall" in pages[1]
    assert "Omar OTHER" in pages[2]
    assert "Press room" in pages[3]
    assert "Plenary hall" not in pages[3]
    assert "Zones you may enter" not in _text(
        services.print_badges(badges=batch, by=organiser, paper="cr80")
    )


def test_large_batches_are_laid_out_by_two_processes_and_joined(
    badge, categories, organiser, delegation, during, tmp_path, monkeypatch
):
    from apps.badges import pdf as badge_pdf
    from tests.delegations.factories import approved_delegate

    if shutil.which("pdfunite") is None:
        pytest.skip("pdfunite (poppler-utils) is not installed")
    calls = []
    real = badge_pdf._render_in_workers

    def counted(htmls, pdfunite):
        htmls = list(htmls)
        calls.append(len(htmls))
        return real(htmls, pdfunite)

    monkeypatch.setattr(badge_pdf, "_render_in_workers", counted)
    monkeypatch.setattr(badge_pdf, "CHUNK", 1)
    others = [
        approved_delegate(delegation, organiser, family_name=f"Other{n}", given_names="Omar")
        for n in range(2)
    ]
    for other in others:
        services.issue_badge(category=categories["head"], delegate=other, by=organiser)
    batch = list(Badge.objects.order_by("id"))

    pdf = services.print_badges(badges=batch, by=organiser, paper="cr80")

    assert calls == [3]
    pages = _pages_as_images(pdf, tmp_path)
    tokens = [zxingcpp.read_barcodes(page)[0].text for page in pages]
    plenary = categories["head"].zones.get(code="plenary")
    assert [services.verify_token(token=t, zone=plenary).badge for t in tokens] == batch
    text = _text(pdf)
    assert text.index("Karim HADDAD") < text.index("Omar OTHER0") < text.index("Omar OTHER1")


def test_photo_is_shrunk_to_what_the_card_needs():
    import io

    from apps.badges.pdf import PHOTO_BOX, _shrunk

    out = io.BytesIO()
    Image.new("RGB", (1800, 2400), (10, 20, 30)).save(out, "PNG")

    data, mime = _shrunk(out.getvalue())

    with Image.open(io.BytesIO(data)) as small:
        assert (mime, small.format) == ("image/jpeg", "JPEG")
        assert small.width <= PHOTO_BOX[0]
        assert small.height <= PHOTO_BOX[1]
    assert len(data) < len(out.getvalue())
    assert _shrunk(b"not an image") is None
