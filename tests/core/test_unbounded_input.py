"""Defect 9: every field has a sane bound, and the API, the services and the imports agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from apps.ceremonies import services as ceremony_services
from apps.ceremonies.models import Cue
from apps.core.validators import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ListValidator,
    validate_multiline,
    validate_single_line,
)
from apps.delegations import services as delegation_services
from apps.delegations.imports import import_file
from apps.delegations.models import Credentials, Delegate
from apps.meetings import services as meeting_services
from apps.meetings.models import MeetingRequest
from tests.ceremonies.factories import CeremonyFactory
from tests.delegations.factories import pdf_upload
from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory

pytestmark = pytest.mark.django_db

BIDI = ["\u202e", "\u202a", "\u2066", "\u2069"]


@pytest.fixture
def france(assembly):
    delegation = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR"))
    delegation.focal_points.add(UserFactory(email="focal.fr@example.org"))
    return delegation


@pytest.fixture
def kenya(assembly):
    delegation = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="KE"))
    delegation.focal_points.add(UserFactory(email="focal.ke@example.org"))
    return delegation


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the validators themselves ------------------------------------------------------------------


@pytest.mark.parametrize("char", [*BIDI, "\n", "\x00", "\x1b", "\u2028"])
def test_single_line_refuses_invisible_characters(char):
    with pytest.raises(ValidationError) as caught:
        validate_single_line(f"Roux{char}Léa")
    assert caught.value.code == "invisible_characters"


@pytest.mark.parametrize("text", ["Léa Roux", "عبد الله", "María-José O'Neil", "Ngũgĩ\u200dx"])
def test_single_line_keeps_real_names(text):
    validate_single_line(text)


def test_multiline_keeps_line_breaks_but_not_overrides():
    validate_multiline("First line\nSecond\tline\r\n")
    with pytest.raises(ValidationError):
        validate_multiline("evil\u202etxt.exe")


def test_list_validator_bounds_size_repeats_and_choices():
    check = ListValidator(max_items=3, item_choices=["ar", "en", "fr", "es"])
    check(["ar", "en"])
    for bad in (["en", "en"], ["en", "fr", "es", "ar"], ["xx"], "en", [1]):
        with pytest.raises(ValidationError):
            check(bad)


# --- meeting requests -----------------------------------------------------------------------


def test_a_meeting_note_of_ten_megabytes_is_refused_by_api_and_service(france, kenya):
    note = "x" * 9_900_000
    response = _api(france.focal_points.get()).post(
        reverse("api:meeting-request-list"),
        {"invitee": kenya.pk, "topic": "Drugs", "note": note},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    with pytest.raises(ValidationError) as caught:
        meeting_services.request_meeting(
            requester=france,
            invitee=kenya,
            topic="Drugs",
            note="x" * (NOTE_MAX_LENGTH + 1),
            by=france.focal_points.get(),
        )
    assert "note" in caught.value.message_dict
    assert not MeetingRequest.objects.exists()


@pytest.mark.parametrize(
    "preferred", [["2025-11-24 am"] * 10_000, ["2025-11-24 am", "2025-11-24 am"]]
)
def test_preferred_with_repeats_is_refused(france, kenya, preferred):
    response = _api(france.focal_points.get()).post(
        reverse("api:meeting-request-list"),
        {"invitee": kenya.pk, "topic": "Drugs", "preferred": preferred},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["preferred"]
    assert not MeetingRequest.objects.exists()


def test_decline_reason_is_bounded(france, kenya):
    request = meeting_services.request_meeting(
        requester=france, invitee=kenya, topic="Drugs", by=france.focal_points.get()
    )

    response = _api(kenya.focal_points.get()).post(
        reverse("api:meeting-request-decline", args=[request.pk]),
        {"reason": "x" * (REASON_MAX_LENGTH + 1)},
        format="json",
    )

    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.REQUESTED


@pytest.mark.parametrize("char", BIDI)
def test_a_topic_with_a_direction_override_is_refused(france, kenya, char):
    response = _api(france.focal_points.get()).post(
        reverse("api:meeting-request-list"),
        {"invitee": kenya.pk, "topic": f"Drugs{char}"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["topic"] == [
        "Remove the invisible characters (line breaks, control or text-direction characters) "
        "from this text."
    ]


# --- delegates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["family_name", "given_names", "given_names_native"])
def test_a_name_with_a_direction_override_is_refused(france, field):
    body = {"delegation": france.pk, "family_name": "Roux", "given_names": "Léa"}
    body[field] = "Roux\u202eaèL"

    response = _api(france.focal_points.get()).post(
        reverse("api:delegate-create"), body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Delegate.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2024-01-01", "2026-06-01"])
def test_travel_dates_far_from_the_assembly_are_refused(france, day):
    response = _api(france.focal_points.get()).post(
        reverse("api:delegate-create"),
        {"delegation": france.pk, "family_name": "R", "given_names": "L", "arrival_date": day},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["arrival_date"]


def test_travel_dates_around_the_assembly_are_fine(france):
    delegate = delegation_services.create_delegate(
        delegation=france,
        by=france.focal_points.get(),
        family_name="R",
        given_names="L",
        arrival_date=dt.date(2025, 11, 20),
        departure_date=dt.date(2025, 11, 29),
    )

    assert delegate.arrival_date == dt.date(2025, 11, 20)


def test_languages_with_repeats_are_refused(france):
    response = _api(france.focal_points.get()).post(
        reverse("api:delegate-create"),
        {
            "delegation": france.pk,
            "family_name": "R",
            "given_names": "L",
            "languages": ["fr", "fr"],
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["languages"]


def test_rejection_reason_is_bounded(france, organiser):
    delegate = delegation_services.create_delegate(
        delegation=france, by=france.focal_points.get(), family_name="R", given_names="L"
    )
    delegation_services.submit_accreditation(delegates=[delegate], by=france.focal_points.get())

    response = _api(organiser).post(
        reverse("api:delegate-reject", args=[delegate.pk]),
        {"reason": "x" * (REASON_MAX_LENGTH + 1)},
        format="json",
    )

    assert response.status_code == 400
    delegate.refresh_from_db()
    assert delegate.accreditation_status == "submitted"


def test_credentials_note_is_bounded(france, organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    delegation_services.upload_credentials(
        delegation=france, by=france.focal_points.get(), letter=pdf_upload(), issued_by="Minister"
    )

    response = _api(organiser).post(
        reverse("api:credentials-decide", args=[france.pk]),
        {"status": "contested", "note": "x" * (REASON_MAX_LENGTH + 1)},
        format="json",
    )

    assert response.status_code == 400
    assert Credentials.objects.get().status == "pending"


def test_an_import_refuses_what_the_service_refuses(assembly, france, organiser):
    content = (
        "delegation,family_name,given_names,email,arrival_date,languages\n"
        "FR,Roux\u202e,Léa,a@example.org,2025-11-23,fr\n"
        "FR,Blanc,Marc,b@example.org,0001-01-01,fr\n"
        "FR,Noir,Anne,a@example.org,2025-11-23,fr fr\n"
    ).encode()

    report = import_file(
        assembly=assembly, what="delegates", name="d.csv", content=content, by=organiser
    )

    errors = {(error.line, error.column) for error in report.errors}
    assert errors == {(2, "family_name"), (3, "arrival_date"), (4, "email"), (4, "languages")}
    assert not Delegate.objects.exists()


# --- agenda and ceremonies -----------------------------------------------------------------------


def test_session_descriptions_are_bounded(assembly, organiser):
    response = _api(organiser).post(
        reverse("api:agenda-session-create"),
        {
            "kind": "plenary",
            "title_en": "Opening",
            "description_ar": "x" * (DESCRIPTION_MAX_LENGTH + 1),
            "starts_at": "2025-11-24T09:00:00",
            "ends_at": "2025-11-24T10:00:00",
        },
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"description_ar"}


def test_session_interpretation_languages_with_repeats_are_refused(assembly, organiser):
    response = _api(organiser).post(
        reverse("api:agenda-session-create"),
        {
            "kind": "plenary",
            "title_en": "Opening",
            "starts_at": "2025-11-24T09:00:00",
            "ends_at": "2025-11-24T10:00:00",
            "interpretation_languages": ["ar", "ar"],
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["interpretation_languages"]


def test_cue_description_is_bounded_in_api_and_service(assembly, organiser):
    ceremony = CeremonyFactory(assembly=assembly)

    response = _api(organiser).post(
        reverse("api:ceremony-cue-create", args=[ceremony.pk]),
        {"title_en": "Anthem", "duration_minutes": 3, "description": "x" * 9_900_000},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["description"]
    with pytest.raises(ValidationError):
        ceremony_services.add_cue(
            ceremony=ceremony,
            title_en="Anthem",
            duration_minutes=3,
            av_instructions="x" * (NOTE_MAX_LENGTH + 1),
            by=organiser,
        )
    assert not Cue.objects.exists()
