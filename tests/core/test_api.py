import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


def test_schema_is_openapi_3_with_core_paths(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/assemblies/" in schema["paths"]
    assert "/api/v1/me/" in schema["paths"]


def test_docs_page_loads_swagger_from_our_own_static_files(client, db):
    body = client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()


def test_me_requires_authentication(api, db):
    response = api.get("/api/v1/me/")

    assert response.status_code in (401, 403)
    assert "credentials" in response.json()["detail"]


def test_token_authentication_returns_own_profile(api, organiser):
    from apps.accounts.api_tokens import create_api_token

    _token, key = create_api_token(user=organiser, name="script")

    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.json() == {
        "id": organiser.pk,
        "email": "organiser@example.org",
        "full_name": "Olga Organiser",
        "preferred_language": "en",
        "is_organiser": True,
    }


def test_me_rejects_unknown_language_with_field_error(api, organiser):
    api.force_authenticate(organiser)

    response = api.patch("/api/v1/me/", {"preferred_language": "de"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["preferred_language"]
    organiser.refresh_from_db()
    assert organiser.preferred_language == "en"


def test_me_changes_preferred_language(api, organiser):
    api.force_authenticate(organiser)

    # The request switches this thread to French: the override puts the language back after.
    with translation.override("en"):
        response = api.patch("/api/v1/me/", {"preferred_language": "fr"}, format="json")

    assert response.status_code == 200
    assert response.json()["preferred_language"] == "fr"
    organiser.refresh_from_db()
    assert organiser.preferred_language == "fr"


@pytest.mark.parametrize("count", [1, 3])
def test_assembly_list_query_count_is_constant(api, organiser, count, django_assert_num_queries):
    from tests.factories import AssemblyFactory

    for number in range(90, 90 + count):
        AssemblyFactory(number=number, name=f"{number}th")
    api.force_authenticate(organiser)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:assembly-list"))

    assert response.json()["count"] == count
