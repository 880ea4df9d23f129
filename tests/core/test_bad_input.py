"""Defect 8: bad input is a 400 with the field named, never a 500; every /api/ answer is JSON."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from apps.accounts.api_tokens import create_api_token
from apps.agenda.models import CalendarFeed, Session
from apps.core.ids import MAX_ID, InvalidId, is_id, parse_id, parse_optional_id
from tests.agenda.factories import SessionFactory, VenueFactory, local
from tests.factories import DelegationFactory, MemberCountryFactory, UserFactory

UNICODE_DIGITS = ["①", "②", "٣", "²", "\uff11"]  # circled, Arabic-Indic, superscript, full-width


@pytest.mark.parametrize("value", ["1", "42", str(MAX_ID), 7])
def test_parse_id_takes_ascii_digits_in_range(value):
    assert parse_id(value, field="x") == int(value)


@pytest.mark.parametrize(
    "value",
    [*UNICODE_DIGITS, "0", "-1", "+1", " 1", "1.0", "", str(MAX_ID + 1), "9" * 40, True, None, 0],
)
def test_parse_id_refuses_what_is_not_an_id(value):
    assert not is_id(value)
    with pytest.raises(InvalidId) as caught:
        parse_id(value, field="delegation")
    assert caught.value.field == "delegation"
    assert "“delegation”" in str(caught.value)


def test_parse_optional_id_reads_empty_as_none():
    assert parse_optional_id("", field="x") is None
    assert parse_optional_id(None, field="x") is None


@pytest.fixture
def focal_point(assembly):
    user = UserFactory(email="focal.fr@example.org")
    delegation = DelegationFactory(assembly=assembly, country=MemberCountryFactory(iso2="FR"))
    delegation.focal_points.add(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["①", "٣", str(MAX_ID + 1)])
def test_programme_api_unicode_delegation_is_a_400_naming_the_field(
    client, assembly, organiser, value
):
    client.force_login(organiser)

    response = client.get(reverse("api:agenda-programme"), {"delegation": value})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["delegation"]


@pytest.mark.django_db
def test_new_request_page_unicode_invitee_is_a_400_page(client, focal_point):
    client.force_login(focal_point)

    response = client.get(reverse("meetings:request_create"), {"invitee": "②"})

    assert response.status_code == 400
    assert "“invitee” must be a whole number" in response.content.decode()


@pytest.mark.django_db
def test_calendars_page_unicode_feed_is_a_400_and_rotates_nothing(client, assembly, focal_point):
    client.force_login(focal_point)
    client.get(reverse("agenda:calendars"))  # makes the delegation's feeds
    versions = set(CalendarFeed.objects.values_list("pk", "version"))

    response = client.post(reverse("agenda:calendars"), {"action": "rotate", "feed": "②"})

    assert response.status_code == 400
    assert "“feed” must be a whole number" in response.content.decode()
    assert set(CalendarFeed.objects.values_list("pk", "version")) == versions


@pytest.mark.django_db
def test_admin_day_grid_unicode_assembly_is_a_400(client, organiser, assembly):
    client.force_login(organiser)
    response = client.get(reverse("admin:agenda_session_day_grid"), {"assembly": "②"})

    assert response.status_code == 400
    assert "“assembly” must be a whole number" in response.content.decode()


# --- extreme datetimes ---------------------------------------------------------------------------

EXTREMES = ["0001-01-01T00:10:00+01:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:10:00"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", EXTREMES)
def test_session_create_with_an_extreme_datetime_is_a_400(client, organiser, assembly, value):
    client.force_login(organiser)
    body = {"kind": "plenary", "title_en": "Opening", "starts_at": value, "ends_at": value}

    response = client.post(
        reverse("api:agenda-session-create"), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"starts_at", "ends_at"}
    assert "between 1900-01-01 and 2199-12-31" in response.json()["starts_at"][0]
    assert not Session.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", EXTREMES)
def test_session_update_with_an_extreme_datetime_is_a_400(client, organiser, assembly, value):
    session = SessionFactory(assembly=assembly, starts_at=local(2025, 11, 25, 9))
    client.force_login(organiser)

    response = client.patch(
        reverse("api:agenda-session-update", args=[session.pk]),
        {"ends_at": value},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["ends_at"]
    session.refresh_from_db()
    assert session.ends_at.year == 2025


@pytest.mark.django_db
def test_admin_session_form_with_year_one_is_a_form_error(client, organiser, assembly):
    venue = VenueFactory(assembly=assembly)
    client.force_login(organiser)
    response = client.post(
        reverse("admin:agenda_session_add"),
        {
            "assembly": assembly.pk,
            "kind": "plenary",
            "title_en": "Opening",
            "starts_local_0": "0001-01-01",
            "starts_local_1": "00:10",
            "ends_local_0": "0001-01-01",
            "ends_local_1": "01:10",
            "attendance": "all",
            "visibility": "draft",
            "interpretation_languages": "[]",
            "room": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "between 1900-01-01 and 2199-12-31" in response.content.decode()
    assert not Session.objects.exists()
    assert venue.pk


# --- JSON nested too deep ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_deeply_is_a_400_on_any_json_endpoint(client, focal_point, depth):
    client.force_login(focal_point)
    body = "[" * depth + "]" * depth

    for url in (reverse("api:delegate-create"), reverse("api:me")):
        method = client.post if url.endswith("create/") else client.patch
        response = method(url, body, content_type="application/json")

        assert response.status_code == 400, url
        assert "nested deeper than 16 levels" in response.json()["detail"]


@pytest.mark.django_db
def test_json_with_brackets_inside_strings_is_not_deep(client, focal_point):
    client.force_login(focal_point)
    body = json.dumps({"preferred_language": "fr", "x": "[" * 500})

    response = client.patch(reverse("api:me"), body, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["preferred_language"] == "fr"


# --- every /api/ answer is JSON ------------------------------------------------------------------


@pytest.mark.django_db
def test_api_404_from_the_url_pattern_is_json(client, focal_point):
    client.force_login(focal_point)

    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_api_body_over_the_limit_is_a_json_413_before_it_is_read(client, focal_point, settings):
    client.force_login(focal_point)

    response = client.post(
        reverse("api:delegate-create"),
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 2 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "larger than" in response.json()["detail"]


@pytest.mark.django_db
def test_api_json_body_too_big_for_its_parser_is_a_json_413(client, focal_point, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client.force_login(focal_point)

    response = client.post(
        reverse("api:delegate-create"),
        json.dumps({"family_name": "x" * 5_000}),
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than the server accepts."}


@pytest.mark.django_db
def test_api_405_and_415_are_json(client, focal_point):
    client.force_login(focal_point)

    wrong_method = client.delete(reverse("api:delegate-list"))
    wrong_type = client.post(reverse("api:delegate-create"), "<x/>", content_type="application/xml")

    assert wrong_method.status_code == 405
    assert wrong_method.json()["detail"] == 'Method "DELETE" not allowed.'
    assert wrong_type.status_code == 415
    assert "Unsupported media type" in wrong_type.json()["detail"]


@pytest.mark.django_db
def test_api_500_is_json(client, focal_point, monkeypatch):
    from apps.accounts.api import views

    def crash(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.MeApi, "get", crash)
    client.raise_request_exception = False
    client.force_login(focal_point)

    response = client.get(reverse("api:me"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Something went wrong" in response.json()["detail"]


@pytest.mark.django_db
def test_portal_404_stays_a_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_anonymous_api_client_gets_401_with_a_token_challenge(client):
    response = client.get(reverse("api:delegate-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "Authentication credentials were not provided."


@pytest.mark.django_db
def test_token_client_still_reads(client, focal_point):
    _row, key = create_api_token(user=focal_point, name="tests")

    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["email"] == "focal.fr@example.org"
