"""Media applications are erased after the assembly: names, e-mail, press card number and the
photo file go (from the application and from the accredited participant sharing it); status,
outlet, country and dates stay for statistics. Other assemblies are untouched, a second run
erases nothing, and the due date is a day of the assembly's own zone."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from apps.badges import services
from apps.badges.models import MediaApplication
from apps.badges.tasks import erase_media_applications_task
from apps.core.models import AuditEntry
from tests.factories import AssemblyFactory, MemberCountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BADGES_MEDIA_ERASE_AFTER_DAYS = 30


def _jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (20, 120, 80)).save(out, "JPEG")
    return SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")


def _apply(assembly, *, email: str, outlet: str = "Le Journal") -> MediaApplication:
    country = MemberCountryFactory(iso2="FR", name_en="France")
    return services.submit_media_application(
        assembly=assembly,
        data={
            "family_name": "Benali",
            "given_names": "Nadia",
            "family_name_native": "بن علي",
            "given_names_native": "نادية",
            "outlet": outlet,
            "country": country,
            "email": email,
            "function": "Reporter",
            "press_card_number": "PC-12345",
        },
        photo=_jpeg(),
        address="",
        language="fr",
        throttled=False,
    )


@pytest.fixture
def media_category(assembly, organiser):
    from apps.badges.models import BadgeCategory

    return services.save_config(
        obj=BadgeCategory(assembly=assembly, code="media", name="Media"), by=organiser
    )


def test_erasure_removes_the_personal_data_and_the_photo_files(
    assembly, organiser, media_category, django_capture_on_commit_callbacks
):
    pending = _apply(assembly, email="a@example.org")
    approved = _apply(assembly, email="b@example.org", outlet="Radio Atlas")
    services.approve_media_application(application=approved, by=organiser)
    approved.refresh_from_db()
    names = [pending.photo.name, approved.photo.name]
    assert all(default_storage.exists(name) for name in names)
    participant = approved.participant

    with django_capture_on_commit_callbacks(execute=True):
        assert services.erase_media_applications(assembly=assembly, by=organiser) == 2

    for application in MediaApplication.objects.filter(assembly=assembly):
        assert application.erased_at is not None
        assert (
            application.family_name,
            application.given_names,
            application.family_name_native,
            application.given_names_native,
            application.email,
            application.press_card_number,
            application.photo.name,
        ) == ("", "", "", "", "", "", "")
        assert application.country.iso2 == "FR"
        assert application.outlet in {"Le Journal", "Radio Atlas"}
        assert application.consented_at is not None
    assert not any(default_storage.exists(name) for name in names)
    approved.refresh_from_db()
    assert approved.status == MediaApplication.Status.APPROVED
    assert approved.decided_at is not None
    participant.refresh_from_db()
    assert not participant.photo  # the shared file is gone: no dangling reference
    entry = AuditEntry.objects.get(action="badges.mediaapplication.erased")
    assert entry.actor == organiser


def test_erasure_leaves_other_assemblies_and_a_second_run_erases_nothing(assembly, organiser):
    other = AssemblyFactory(
        number=94, start_date=dt.date(2026, 11, 2), end_date=dt.date(2026, 11, 5)
    )
    ours = _apply(assembly, email="a@example.org")
    theirs = _apply(other, email="b@example.org")

    assert services.erase_media_applications(assembly=assembly) == 1
    assert services.erase_media_applications(assembly=assembly) == 0

    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.erased_at is not None
    assert theirs.erased_at is None
    assert theirs.email == "b@example.org"
    assert default_storage.exists(theirs.photo.name)
    # The daily run that finds nothing left to erase leaves no entry.
    assert AuditEntry.objects.filter(action="badges.mediaapplication.erased").count() == 1


def test_a_rolled_back_erasure_keeps_the_photo(assembly):
    from django.db import transaction

    ours = _apply(assembly, email="a@example.org")

    def erase_then_fail() -> None:
        with transaction.atomic():
            services.erase_media_applications(assembly=assembly)
            raise RuntimeError  # anything failing after it in the same transaction

    with pytest.raises(RuntimeError):
        erase_then_fail()

    ours.refresh_from_db()
    assert ours.erased_at is None
    assert default_storage.exists(ours.photo.name)


def test_the_due_date_is_a_day_of_the_assemblys_zone(assembly):
    # The 93rd ends on 27 November 2025 in Casablanca: erased from 27 December there.
    assembly.time_zone = "Pacific/Kiritimati"  # UTC+14: the day starts early
    assembly.save()
    _apply(assembly, email="a@example.org")
    assert services.media_erase_date(assembly) == dt.date(2025, 12, 27)

    before = dt.datetime(2025, 12, 26, 9, 59, tzinfo=dt.UTC)  # 23:59 on the 26th there
    after = dt.datetime(2025, 12, 26, 10, 0, tzinfo=dt.UTC)  # midnight of the 27th there
    assert services.assemblies_due_for_media_erasure(now=before) == []
    assert services.assemblies_due_for_media_erasure(now=after) == [assembly]
    assert after.astimezone(ZoneInfo("UTC")).date() == dt.date(2025, 12, 26)


def test_the_daily_task_and_the_command_erase_what_is_due(assembly):
    import time_machine

    application = _apply(assembly, email="a@example.org")
    with time_machine.travel(dt.datetime(2025, 12, 1, 12, tzinfo=dt.UTC), tick=False):
        assert erase_media_applications_task() == 0
        call_command("erase_media_applications", stdout=io.StringIO())
    application.refresh_from_db()
    assert application.erased_at is None

    with time_machine.travel(dt.datetime(2025, 12, 28, 12, tzinfo=dt.UTC), tick=False):
        assert erase_media_applications_task() == 1
    application.refresh_from_db()
    assert application.erased_at is not None
    out = io.StringIO()
    call_command("erase_media_applications", "--assembly", "93", stdout=out)
    assert "0 media applications erased" in out.getvalue()


def test_the_beat_schedule_runs_the_task_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["badges.erase_media_applications"]
    assert entry["task"] == erase_media_applications_task.name


def test_the_consent_gives_the_erase_date_and_reviewers_see_it(client, assembly, organiser):
    from django.utils import translation

    page = client.get(reverse("badges:media-apply")).content.decode()
    assert "27 December 2025" in page or "Dec. 27, 2025" in page or "December 27, 2025" in page
    with translation.override("fr"):
        assert (
            "27 décembre 2025"
            in client.get(reverse("badges:media-apply"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        )

    application = _apply(assembly, email="a@example.org")
    client.force_login(organiser)
    listing = client.get(reverse("admin:badges_mediaapplication_changelist")).content.decode()
    assert 'id="media-erase-on"' in listing
    detail = client.get(
        reverse("admin:badges_mediaapplication_change", args=[application.pk])
    ).content.decode()
    assert "personal data erased on" in detail.lower()


def test_without_the_review_permission_the_date_is_not_shown(client, assembly):
    from apps.accounts.roles import ORGANISER_READ_ONLY
    from tests.roles import staff_user

    application = _apply(assembly, email="a@example.org")
    viewer = staff_user("reader@example.org", ORGANISER_READ_ONLY)
    client.force_login(viewer)
    listing = client.get(reverse("admin:badges_mediaapplication_changelist"))
    assert listing.status_code == 200
    assert 'id="media-erase-on"' not in listing.content.decode()
    detail = client.get(reverse("admin:badges_mediaapplication_change", args=[application.pk]))
    assert "personal data erased on" not in detail.content.decode().lower()
