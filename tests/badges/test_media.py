"""Media accreditation: the public form makes a pending application (acknowledged by e-mail);
organisers holding the review permission approve it (a media participant and a badge, once)
or refuse it with a reason; the applicant is told of the decision."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from apps.accounts.roles import ORGANISER_READ_ONLY
from apps.badges import services
from apps.badges.models import Badge, MediaApplication, Participant
from apps.core.models import AuditEntry
from apps.delegations.models import MemberCountry
from apps.notifications.models import Notification
from apps.notifications.rendering import render_email
from tests.factories import MemberCountryFactory
from tests.roles import staff_user

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script><b>Bold</b>"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _country(db):
    return MemberCountryFactory(iso2="FR", name_en="France", name_fr="France", name_ar="فرنسا")


def jpeg(size=(300, 400), fmt="JPEG", name="me.jpg", extra: bytes = b"") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 80)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue() + extra, content_type="image/jpeg")


def form_data(**overrides):
    country = MemberCountry.objects.order_by("iso2").first()
    data = {
        "given_names": "Nadia",
        "family_name": "Benali",
        "given_names_native": "نادية",
        "family_name_native": "بن علي",
        "outlet": "Le Journal",
        "country": country.pk,
        "email": "nadia@example.org",
        "function": "Reporter",
        "press_card_number": "PC-12345",
        "photo": jpeg(),
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply(client, **overrides):
    return client.post(reverse("badges:media-apply"), form_data(**overrides))


@pytest.fixture
def application(client, assembly):
    assert apply(client).status_code == 302
    return MediaApplication.objects.get()


def test_form_creates_a_pending_application_and_one_escaped_acknowledgement(client, assembly):
    response = apply(client, given_names=HOSTILE, outlet=HOSTILE)

    assert response.status_code == 302
    assert response["Location"] == reverse("badges:media-apply")
    application = MediaApplication.objects.get()
    assert application.status == MediaApplication.Status.PENDING
    assert application.assembly == assembly
    assert application.given_names == HOSTILE
    assert application.consented_at is not None
    # The photo was written again as a plain JPEG under a random name.
    assert application.photo.name.startswith("badges/photos/")
    assert application.photo.name.endswith(".jpg")
    with application.photo.open("rb") as handle:
        assert handle.read(3) == b"\xff\xd8\xff"
    acks = Notification.objects.filter(kind=services.KIND_MEDIA_RECEIVED)
    assert acks.count() == 1
    ack = acks.get()
    assert ack.recipient_email == "nadia@example.org"
    email = render_email(ack)
    assert "<script>" not in email.html
    assert "<b>Bold" not in email.html
    assert "&lt;script&gt;" in email.html
    assert AuditEntry.objects.filter(action="badges.mediaapplication.submitted").count() == 1


def test_form_page_is_public_and_translated(client, assembly):
    response = client.get(reverse("badges:media-apply"), HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()

    assert response.status_code == 200
    with translation.override("ar"):
        title = translation.gettext("Media accreditation")
    assert title != "Media accreditation"
    assert title in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_login_page_and_focal_points_badges_page_link_to_the_form(client, assembly, delegation):
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("badges:media-apply") in html

    client.force_login(delegation.focal_points.get())
    own = client.get(reverse("badges:own"))
    assert own.status_code == 200
    assert reverse("badges:media-apply") in own.content.decode()


def test_after_applying_the_page_says_it_is_received(client, assembly):
    response = client.post(reverse("badges:media-apply"), form_data(), follow=True)

    assert "Application received." in response.content.decode()


@pytest.mark.parametrize(
    ("photo", "code_text"),
    [
        (SimpleUploadedFile("me.jpg", b"not an image at all", content_type="image/jpeg"), "JPEG"),
        (SimpleUploadedFile("me.gif", b"GIF89a" + b"\x00" * 40, content_type="image/gif"), "JPEG"),
    ],
)
def test_bad_photo_gives_a_translated_error_and_writes_nothing(client, assembly, photo, code_text):
    with translation.override("fr"):
        response = client.post(
            reverse("badges:media-apply"), form_data(photo=photo), HTTP_ACCEPT_LANGUAGE="fr"
        )

    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html
    assert "La photo doit être une image JPEG ou PNG." in html
    assert not MediaApplication.objects.exists()
    assert not Notification.objects.exists()


def test_photo_over_two_megabytes_is_refused(client, assembly):
    big = jpeg(extra=b"\x00" * (2 * 1024 * 1024 + 1))

    response = apply(client, photo=big)

    assert response.status_code == 400
    assert "The photo is larger than 2 MB." in response.content.decode()
    assert not MediaApplication.objects.exists()


def test_missing_fields_give_translated_errors_and_write_nothing(client, assembly):
    response = client.post(
        reverse("badges:media-apply"),
        {"given_names": "Nadia", "website": ""},
        HTTP_ACCEPT_LANGUAGE="es",
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Este campo es requerido." in html
    assert 'href="#id_outlet"' in html  # the summary links to the field
    assert not MediaApplication.objects.exists()
    assert not Notification.objects.exists()


def test_honeypot_filled_writes_nothing(client, assembly):
    response = apply(client, website="http://spam.example")

    assert response.status_code == 400
    assert not MediaApplication.objects.exists()


def test_rate_limit_refuses_the_fourth_application_from_one_address(client, assembly):
    for n in range(3):
        assert apply(client, press_card_number=f"PC-{n}").status_code == 302

    response = apply(client, press_card_number="PC-9")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert MediaApplication.objects.count() == 3
    assert Notification.objects.filter(kind=services.KIND_MEDIA_RECEIVED).count() == 3


def test_rate_limit_per_network_address_whatever_the_e_mail(client, assembly):
    for n in range(10):
        assert apply(client, email=f"p{n}@example.org").status_code == 302

    response = apply(client, email="another@example.org")

    assert response.status_code == 429
    assert MediaApplication.objects.count() == 10


def test_approval_creates_participant_badge_and_notification_once(
    client, organiser, application, categories
):
    client.force_login(organiser)
    changelist = reverse("admin:badges_mediaapplication_changelist")

    for _ in range(2):  # approving twice does not duplicate anything
        client.post(changelist, {"action": "approve", "_selected_action": [application.pk]})

    application.refresh_from_db()
    assert application.status == MediaApplication.Status.APPROVED
    assert application.decided_by == organiser
    participant = Participant.objects.get()
    assert application.participant == participant
    assert participant.approved
    assert participant.category == categories["media"]
    assert participant.organisation == "Le Journal"
    assert participant.given_names_native == "نادية"
    assert participant.photo.name == application.photo.name
    badge = Badge.objects.get()
    assert badge.participant == participant
    assert badge.category == categories["media"]
    decided = Notification.objects.filter(kind=services.KIND_MEDIA_DECIDED)
    assert decided.count() == 1
    assert decided.get().context["approved"] is True
    assert participant.accreditation_number in render_email(decided.get()).text
    assert AuditEntry.objects.filter(action="badges.mediaapplication.approved").count() == 1


def test_approval_without_a_media_category_is_refused_and_writes_nothing(organiser, application):
    from apps.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.approve_media_application(application=application, by=organiser)

    application.refresh_from_db()
    assert application.status == MediaApplication.Status.PENDING
    assert not Participant.objects.exists()


def test_refusal_with_reason_notifies_the_applicant(client, organiser, application, categories):
    client.force_login(organiser)
    changelist = reverse("admin:badges_mediaapplication_changelist")

    asked = client.post(changelist, {"action": "refuse", "_selected_action": [application.pk]})
    assert "reason" in asked.content.decode()
    application.refresh_from_db()
    assert application.status == MediaApplication.Status.PENDING

    client.post(
        changelist,
        {
            "action": "refuse",
            "_selected_action": [application.pk],
            "reason": "No press card <b>shown</b>",
        },
    )

    application.refresh_from_db()
    assert application.status == MediaApplication.Status.REFUSED
    assert application.reason == "No press card <b>shown</b>"
    assert not Participant.objects.exists()
    decided = Notification.objects.get(kind=services.KIND_MEDIA_DECIDED)
    email = render_email(decided)
    assert "No press card" in email.text
    assert "<b>shown" not in email.html
    # A refused application is not approved afterwards.
    client.post(changelist, {"action": "approve", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.status == MediaApplication.Status.REFUSED
    assert not Participant.objects.exists()


def test_staff_without_the_permission_cannot_approve(client, application, categories):
    reader = staff_user("reader@example.org", ORGANISER_READ_ONLY)
    client.force_login(reader)
    changelist = reverse("admin:badges_mediaapplication_changelist")

    page = client.get(changelist)
    client.post(changelist, {"action": "approve", "_selected_action": [application.pk]})
    client.post(
        changelist,
        {"action": "refuse", "_selected_action": [application.pk], "reason": "No"},
    )

    assert page.status_code == 200  # the reader sees the list ...
    assert 'value="approve"' not in page.content.decode()  # ... without the actions
    application.refresh_from_db()
    assert application.status == MediaApplication.Status.PENDING
    assert not Participant.objects.exists()
    with pytest.raises(PermissionDenied):
        services.approve_media_application(application=application, by=reader)


def test_bare_staff_gets_403_on_the_list(client, application):
    client.force_login(staff_user("bare@example.org"))

    response = client.get(reverse("admin:badges_mediaapplication_changelist"))

    assert response.status_code == 403


def test_organiser_role_holds_the_review_permission(organiser):
    from apps.accounts.roles import ORGANISER_ADMIN

    user = staff_user("org@example.org", ORGANISER_ADMIN)

    assert user.has_perm("badges.review_media_application")


def test_badge_admin_links_to_media_applications(client, organiser):
    client.force_login(organiser)

    html = client.get(reverse("admin:badges_badge_changelist")).content.decode()

    assert reverse("admin:badges_mediaapplication_changelist") in html


@pytest.mark.parametrize("count", [1, 3])
def test_media_application_changelist_query_count(
    client, django_assert_num_queries, count, assembly, organiser
):
    for n in range(count):
        assert apply(client, press_card_number=f"PC-{n}", email=f"a{n}@example.org").status_code
    assert MediaApplication.objects.count() == count
    client.force_login(organiser)
    url = reverse("admin:badges_mediaapplication_changelist")
    client.get(url)

    with django_assert_num_queries(10):
        response = client.get(url)

    assert response.content.decode().count('name="_selected_action"') == count
