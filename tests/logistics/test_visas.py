"""Visa letters: requested by the focal point, decided by organisers (the delegation told
through the outbox), PDF in all four languages with a QR code that opens the verification."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.core.errors import ApplicationError
from apps.logistics import services
from apps.logistics.letters import verification_url, visa_letter_pdf
from apps.logistics.models import VisaLetter
from apps.notifications.models import Notification
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(delegates, focal_point, organiser):
    services.save_travel_record(
        delegate=delegates[0],
        by=focal_point,
        passport_name="WANJIRU AMINA",
        nationality="KE",
        passport_number="AK1234567",
        passport_expiry=dt.date(2030, 1, 31),
        arrival_mode="other",
    )
    requested = services.request_visa_letter(
        delegate=delegates[0], by=focal_point, language="en", consulate="Embassy of Morocco"
    )
    return services.decide_visa_letter(letter=requested, approve=True, by=organiser)


def _pdftotext(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def test_request_needs_passport_data(delegates, focal_point):
    with pytest.raises(ApplicationError, match="passport number first"):
        services.request_visa_letter(delegate=delegates[1], by=focal_point, language="fr")
    assert not VisaLetter.objects.exists()


def test_only_organisers_decide_and_the_focal_point_is_told(letter, focal_point):
    assert letter.status == VisaLetter.Status.APPROVED
    assert letter.reference == f"GA93-V{letter.pk:05d}"
    told = Notification.objects.filter(kind=services.KIND_VISA_DECIDED, recipient=focal_point)
    assert told.exists()
    with pytest.raises(PermissionDenied):
        services.decide_visa_letter(letter=letter, approve=False, by=focal_point)


@pytest.mark.parametrize(
    ("language", "phrase"),
    [
        ("en", "Visa support letter"),
        ("fr", "Lettre de soutien de visa"),
        ("es", "Carta de apoyo para el visado"),
        ("ar", "خطاب دعم التأشيرة"),
    ],
)
def test_pdf_in_each_language(letter, language, phrase):
    letter.language = language
    letter.save()

    pdf = visa_letter_pdf(letter)

    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf)
    assert phrase in text  # for Arabic: extracted in reading order, words not reversed
    assert letter.reference in text
    assert "AK1234567" in text


def test_qr_code_opens_the_verification_page(client, letter, tmp_path):
    import zxingcpp
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "letter.pdf"
    source.write_bytes(visa_letter_pdf(letter))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
    )
    png = (tmp_path / "page.png").read_bytes()

    found = [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]

    assert found == [verification_url(letter)]
    path = verification_url(letter).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert "WANJIRU AMINA" in page.content.decode()
    wrong = reverse(
        "logistics:visa_verify", kwargs={"reference": letter.reference, "token": "x" * 20}
    )
    assert client.get(wrong).status_code == 404


def test_other_delegation_gets_404(client, letter, other_focal_point, delegates):
    client.force_login(other_focal_point)

    assert client.get(reverse("logistics:visa_pdf", args=[letter.pk])).status_code == 404
    response = client.post(
        reverse("logistics:visa_request", args=[delegates[1].pk]), {"language": "en"}
    )
    assert response.status_code == 404


def test_focal_point_requests_in_the_portal_and_downloads(client, letter, focal_point, delegates):
    client.force_login(focal_point)

    page = client.get(reverse("logistics:travel")).content.decode()
    pdf = client.get(reverse("logistics:visa_pdf", args=[letter.pk]))

    assert reverse("logistics:visa_pdf", args=[letter.pk]) in page
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("count", [1, 3])
def test_admin_list_query_count_is_constant(
    client, organiser, delegation, focal_point, count, django_assert_num_queries
):
    for i in range(count):
        delegate = DelegateFactory(delegation=delegation)
        services.save_travel_record(
            delegate=delegate,
            by=focal_point,
            passport_name=f"PERSON {i}",
            nationality="KE",
            passport_number=f"AK123456{i}",
            arrival_mode="other",
        )
        services.request_visa_letter(delegate=delegate, by=focal_point, language="en")
    client.force_login(organiser)

    with django_assert_num_queries(10):
        response = client.get(reverse("admin:logistics_visaletter_changelist"))

    assert response.content.decode().count("GA93-V") >= count


def test_organiser_download_is_audited_as_a_passport_read(client, letter, organiser, focal_point):
    from apps.core.models import AuditEntry

    client.force_login(focal_point)
    client.get(reverse("logistics:visa_pdf", args=[letter.pk]))
    assert not AuditEntry.objects.filter(action="logistics.passport.revealed").exists()

    client.force_login(organiser)
    response = client.get(reverse("logistics:visa_pdf", args=[letter.pk]))

    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(action="logistics.passport.revealed")
    assert (entry.actor_id, entry.data["via"]) == (organiser.pk, "visa_letter")
