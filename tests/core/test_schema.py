"""The OpenAPI schema tells the truth: envelopes, nullable fields, error bodies, filters."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(client):
    return client.get(reverse("api-schema"), {"format": "json"}).json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _ref(response) -> str:
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_every_operation_documents_its_error_bodies(schema):
    missing = {}
    for path, method, operation in _operations(schema):
        wanted = {"400", "401", "403", "404", "413", "429"}
        if method != "get":
            wanted |= {"409", "422"}
        if "requestBody" in operation:
            wanted.add("415")
        documented = {
            code
            for code, response in operation["responses"].items()
            if code in wanted
            and _ref(response) == ("ValidationError" if code == "400" else "Error")
        }
        if documented != wanted:
            missing[f"{method.upper()} {path}"] = sorted(wanted - documented)
    assert missing == {}


def test_401_documents_the_token_challenge(schema):
    response = schema["paths"]["/api/v1/delegates/"]["get"]["responses"]["401"]

    assert "WWW-Authenticate" in response["headers"]


def test_every_write_documents_idempotency_key(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in _operations(schema)
        if method != "get"
        and "Idempotency-Key" not in [p["name"] for p in operation.get("parameters", [])]
    ]
    assert missing == []


def test_every_paginated_list_documents_its_envelope(schema):
    lists = {
        f"{path}": _ref(operation["responses"]["200"])
        for path, method, operation in _operations(schema)
        if method == "get" and "page" in [p["name"] for p in operation.get("parameters", [])]
    }
    assert len(lists) == 19  # the badges, elections and travel lists included
    assert all(name.startswith("Paginated") for name in lists.values()), lists
    envelope = schema["components"]["schemas"][lists["/api/v1/delegates/"]]
    assert set(envelope["properties"]) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("SessionOutput", "room"),
        ("VotingRollOutput", "voting_delegate"),
        ("MeetingRequestOutput", "meeting"),
        ("MeetingRequestOutput", "respond_by"),
        ("DelegateOutput", "arrival_date"),
        ("CredentialsOutput", "head"),
    ],
)
def test_nullable_fields_are_nullable(schema, component, field):
    prop = schema["components"]["schemas"][component]["properties"][field]

    assert prop.get("nullable") is True or any(
        option.get("nullable") for option in prop.get("allOf", []) + prop.get("oneOf", [])
    ), prop


@pytest.mark.parametrize(
    ("name", "query", "field"),
    [
        ("api:agenda-room-list", {"kind": "nope"}, "kind"),
        ("api:agenda-room-list", {"kind": ""}, "kind"),
        ("api:agenda-session-list", {"room": "②"}, "room"),
        ("api:agenda-session-list", {"day": "2025-13-01"}, "day"),
        ("api:delegate-list", {"delegation": "①"}, "delegation"),
        ("api:delegate-list", {"accreditation_status": "maybe"}, "accreditation_status"),
        ("api:delegation-list", {"status": "lost"}, "status"),
        ("api:meeting-request-list", {"direction": "sideways"}, "direction"),
        ("api:meeting-list", {"status": "imaginary"}, "status"),
        ("api:notification-list", {"page": "abc"}, "page"),
    ],
)
def test_a_wrong_filter_value_is_a_400_naming_it(client, assembly, organiser, name, query, field):
    client.force_login(organiser)

    response = client.get(reverse(name), query)

    assert response.status_code == 400
    assert list(response.json()) == [field]
