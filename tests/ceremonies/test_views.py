from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from apps.ceremonies import services
from apps.ceremonies.models import RoleKind
from tests.ceremonies.factories import CeremonyFactory, CeremonyRoleFactory, CueFactory
from tests.factories import UserFactory

UTC = dt.UTC
CALL = dt.datetime(2025, 11, 27, 12, 30, tzinfo=UTC)  # 13:30 in Marrakech


@pytest.fixture
def own_role(ceremony, delegate):
    return CeremonyRoleFactory(
        ceremony=ceremony,
        kind=RoleKind.OUTGOING_HOST,
        delegate=delegate,
        guest_name="",
        call_time=CALL,
        position="Centre stage, left of the lectern",
    )


@pytest.fixture
def foreign_role(assembly, other_delegate):
    ceremony = CeremonyFactory(assembly=assembly, title_en="Opening ceremony")
    return CeremonyRoleFactory(
        ceremony=ceremony,
        kind=RoleKind.INCOMING_HEAD,
        delegate=other_delegate,
        guest_name="",
        call_time=CALL,
        position="Secret spot",
    )


@pytest.mark.django_db
def test_participant_sees_own_call_time_and_position(client, focal_point, own_role, foreign_role):
    client.force_login(focal_point)

    body = client.get(reverse("ceremonies:list")).content.decode()

    assert "Closing ceremony and flag handover" in body
    assert "Amina ALAOUI" in body
    assert "13:30 Marrakech (UTC+1)" in body
    assert "Centre stage, left of the lectern" in body
    assert "Opening ceremony" not in body
    assert "Wei" not in body
    assert "Secret spot" not in body


@pytest.mark.django_db
def test_participant_sees_only_own_roles_in_shared_ceremony(
    client, focal_point, ceremony, own_role, other_delegate
):
    CeremonyRoleFactory(
        ceremony=ceremony, kind=RoleKind.INCOMING_HEAD, delegate=other_delegate, guest_name=""
    )
    client.force_login(focal_point)

    body = client.get(reverse("ceremonies:detail", args=[ceremony.pk])).content.decode()

    assert "Amina ALAOUI" in body
    assert "CHEN" not in body


@pytest.mark.django_db
def test_participant_gets_404_for_foreign_ceremony_and_role(
    client, focal_point, own_role, foreign_role
):
    client.force_login(focal_point)

    assert (
        client.get(reverse("ceremonies:detail", args=[foreign_role.ceremony_id])).status_code == 404
    )
    assert client.get(reverse("ceremonies:role", args=[foreign_role.pk])).status_code == 404
    response = client.get(reverse("ceremonies:role", args=[own_role.pk]))
    assert "Centre stage, left of the lectern" in response.content.decode()


@pytest.mark.django_db
def test_participant_cannot_open_run_sheet_or_console(client, focal_point, own_role):
    client.force_login(focal_point)
    pk = own_role.ceremony_id

    for name in ["run_sheet", "run_sheet_pdf", "console", "console_state"]:
        assert client.get(reverse(f"ceremonies:{name}", args=[pk])).status_code == 404
    response = client.post(reverse("ceremonies:console_advance", args=[pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_read_only_organiser_follows_console_but_cannot_advance(client, ceremony):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import ORGANISER_READ_ONLY, sync_roles

    sync_roles()
    viewer = UserFactory(is_staff=True)
    viewer.groups.add(Group.objects.get(name=ORGANISER_READ_ONLY))
    cue = CueFactory(ceremony=ceremony)
    client.force_login(viewer)

    page = client.get(reverse("ceremonies:console", args=[ceremony.pk])).content.decode()
    response = client.post(reverse("ceremonies:console_advance", args=[ceremony.pk]))

    assert "Read-only view" in page
    assert response.status_code == 404
    cue.refresh_from_db()
    assert cue.actual_started_at is None


@pytest.mark.django_db
def test_console_next_button_advances_and_state_shows_it(client, organiser, ceremony):
    first = CueFactory(ceremony=ceremony, title_en="Welcome")
    CueFactory(ceremony=ceremony, title_en="Speech")
    client.force_login(organiser)
    url = reverse("ceremonies:console_advance", args=[ceremony.pk])

    response = client.post(url, {"expected_current": ""}, HTTP_ACCEPT="application/json")
    stale = client.post(url, {"expected_current": ""}, HTTP_ACCEPT="application/json")
    state = client.get(reverse("ceremonies:console_state", args=[ceremony.pk])).json()

    assert response.json()["current"]["title"] == "Welcome"
    assert stale.status_code == 409
    assert stale.json()["current"]["id"] == first.pk
    assert state["current"]["id"] == first.pk
    assert state["next"]["title"] == "Speech"
    first.refresh_from_db()
    assert first.actual_started_at is not None


@pytest.mark.django_db
def test_console_form_post_without_script_redirects(client, organiser, ceremony):
    CueFactory(ceremony=ceremony, title_en="Welcome")
    client.force_login(organiser)

    response = client.post(
        reverse("ceremonies:console_advance", args=[ceremony.pk]), {"expected_current": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("ceremonies:console", args=[ceremony.pk])


@pytest.mark.django_db
def test_console_rejects_garbage_cue_id_without_500(client, organiser, ceremony):
    CueFactory(ceremony=ceremony)
    client.force_login(organiser)

    response = client.post(
        reverse("ceremonies:console_advance", args=[ceremony.pk]),
        {"expected_current": "abc"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response.json()["error"] == "The console sent an unknown cue."


@pytest.fixture
def planned(ceremony, organiser):
    services.assign_role(
        ceremony=ceremony, kind=RoleKind.PRESIDENT, guest_name="Ahmed Naser AL-RAISI", by=organiser
    )
    for title, minutes, av in [
        ("Closing speeches", 30, "Lectern microphones on"),
        ("Flag handover", 15, "Anthem, follow spot on the flag"),
        ("Video of the next host city", 5, "Play the Hong Kong film"),
        ("Group photo", 10, ""),
    ]:
        services.add_cue(
            ceremony=ceremony,
            title_en=title,
            title_fr=f"FR {title}",
            title_ar=f"AR {title}",
            duration_minutes=minutes,
            av_instructions=av,
            responsible_roles=[RoleKind.PRESIDENT],
            by=organiser,
        )
    return ceremony


@pytest.mark.django_db
def test_run_sheet_shows_times_people_and_av_in_order(client, organiser, planned):
    client.force_login(organiser)

    body = client.get(
        reverse("ceremonies:run_sheet", args=[planned.pk]) + "?lang=en"
    ).content.decode()

    titles = ["Closing speeches", "Flag handover", "Video of the next host city", "Group photo"]
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "14:30 Marrakech (UTC+1)" in body
    assert "Ahmed Naser AL-RAISI" in body
    assert "Play the Hong Kong film" in body


@pytest.mark.django_db
def test_run_sheet_in_arabic_is_right_to_left(client, organiser, planned):
    client.force_login(organiser)

    body = client.get(
        reverse("ceremonies:run_sheet", args=[planned.pk]) + "?lang=ar"
    ).content.decode()

    assert '<html lang="ar" dir="rtl">' in body
    assert "AR Flag handover" in body


@pytest.mark.django_db
def test_staging_text_reads_in_the_readers_language(client, organiser, planned):
    """A cue's position and AV instructions, a rehearsal's place and a part's position show in
    the reader's language where translated, in English where not."""
    cue = planned.cues.get(title_en="Flag handover")
    services.update_cue(
        cue=cue,
        position="Centre stage",
        position_ar="وسط المسرح",
        av_instructions_ar="النشيد، ضوء متابعة على العلم",
        by=organiser,
    )
    role = planned.roles.get()
    services.update_role(role=role, position="Lectern", position_ar="المنصة", by=organiser)
    start = planned.session.starts_at
    services.schedule_rehearsal(
        ceremony=planned,
        starts_at=start - dt.timedelta(days=1),
        ends_at=start - dt.timedelta(days=1, minutes=-60),
        place="Plenary hall stage",
        place_ar="مسرح قاعة الجلسات العامة",
        by=organiser,
    )
    client.force_login(organiser)

    sheet = client.get(reverse("ceremonies:run_sheet", args=[planned.pk]) + "?lang=ar")
    body = sheet.content.decode()
    assert "وسط المسرح" in body
    assert "Centre stage" not in body
    assert "النشيد، ضوء متابعة على العلم" in body
    assert "Anthem, follow spot on the flag" not in body
    assert "Play the Hong Kong film" in body  # no Arabic written: the English is shown
    english = client.get(reverse("ceremonies:run_sheet", args=[planned.pk]) + "?lang=en")
    assert "Centre stage" in english.content.decode()

    organiser.preferred_language = "ar"
    organiser.save(update_fields=["preferred_language"])
    detail = client.get(reverse("ceremonies:detail", args=[planned.pk])).content.decode()
    assert "مسرح قاعة الجلسات العامة" in detail
    assert "Plenary hall stage" not in detail
    assert "<bdi>المنصة</bdi>" in detail
    assert "Lectern<" not in detail


@pytest.mark.django_db
def test_run_sheet_pdf_is_a_pdf_with_cues_in_order(client, organiser, planned):
    client.force_login(organiser)

    response = client.get(reverse("ceremonies:run_sheet_pdf", args=[planned.pk]) + "?lang=fr")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; PDF bytes checked only")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    titles = ["FR Closing speeches", "FR Flag handover", "FR Video of the next", "FR Group photo"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "14:30 Marrakech (UTC+1)" in text


@pytest.mark.django_db
def test_organiser_detail_shows_timeline_and_missing_roles(client, organiser, planned):
    planned.required_roles = [RoleKind.PRESIDENT, RoleKind.FLAG_BEARER]
    planned.save()
    client.force_login(organiser)

    body = client.get(reverse("ceremonies:detail", args=[planned.pk])).content.decode()

    assert "14:45 Marrakech (UTC+1)" in body
    assert "Roles to fill" in body
    assert "flag bearer" in body


def _ceremonies_with_roles(assembly, delegate, count):
    for index in range(count):
        ceremony = CeremonyFactory(assembly=assembly, title_en=f"Ceremony {index}")
        CeremonyRoleFactory(ceremony=ceremony, delegate=delegate, guest_name="", call_time=CALL)
        CueFactory(ceremony=ceremony)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_participant_list_query_count_is_constant(
    client, assembly, focal_point, delegate, count, django_assert_num_queries
):
    _ceremonies_with_roles(assembly, delegate, count)
    client.force_login(focal_point)

    with django_assert_num_queries(11):
        response = client.get(reverse("ceremonies:list"))

    assert response.content.decode().count("Call time") == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_organiser_list_query_count_is_constant(
    client, assembly, organiser, delegate, count, django_assert_num_queries
):
    _ceremonies_with_roles(assembly, delegate, count)
    client.force_login(organiser)

    with django_assert_num_queries(7):  # 2 load the permissions, 1 the inbox count
        response = client.get(reverse("ceremonies:list"))

    assert response.content.decode().count("Live console") == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_console_state_query_count_is_constant(
    client, organiser, ceremony, count, django_assert_num_queries
):
    for _ in range(count):
        CueFactory(ceremony=ceremony)
    client.force_login(organiser)

    with django_assert_num_queries(7):
        response = client.get(reverse("ceremonies:console_state", args=[ceremony.pk]))

    assert len(response.json()["cues"]) == count


@pytest.mark.django_db
def test_participant_sees_own_rehearsals_only(
    client, organiser, focal_point, ceremony, own_role, other_delegate
):
    foreign = CeremonyRoleFactory(
        ceremony=ceremony, kind=RoleKind.INCOMING_HEAD, delegate=other_delegate, guest_name=""
    )
    starts = dt.datetime(2025, 11, 26, 17, 0, tzinfo=UTC)
    services.schedule_rehearsal(
        ceremony=ceremony,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place="Plenary hall stage",
        attendees=[own_role, foreign],
        by=organiser,
    )
    services.schedule_rehearsal(
        ceremony=ceremony,
        starts_at=starts + dt.timedelta(hours=2),
        ends_at=starts + dt.timedelta(hours=3),
        place="Hotel ballroom",
        attendees=[foreign],
        by=organiser,
    )
    client.force_login(focal_point)

    body = client.get(reverse("ceremonies:detail", args=[ceremony.pk])).content.decode()

    assert "Plenary hall stage" in body
    assert "18:00 Marrakech (UTC+1)" in body
    assert "Hotel ballroom" not in body
    assert "CHEN" not in body
