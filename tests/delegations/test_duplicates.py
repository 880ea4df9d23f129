"""Defect 10: the same create sent twice makes one delegate (API key, portal token, e-mail)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from apps.core.models import AuditEntry, IdempotencyKey
from apps.delegations.models import Delegate
from apps.delegations.services import create_delegate

BODY = {"family_name": "Roux", "given_names": "Léa", "email": "lea.roux@example.org"}


@pytest.fixture
def api(focal_point):
    client = APIClient()
    client.force_authenticate(focal_point)
    return client


def _create(api, delegation, key, **changes):
    return api.post(
        reverse("api:delegate-create"),
        {"delegation": delegation.pk, **BODY, **changes},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_same_key_twice_creates_one_delegate_and_answers_the_same(api, delegation):
    key = str(uuid.uuid4())

    first = _create(api, delegation, key)
    second = _create(api, delegation, key)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Delegate.objects.count() == 1
    assert AuditEntry.objects.filter(action="delegations.delegate.created").count() == 1


def test_same_key_with_another_body_is_a_422_and_creates_nothing(api, delegation):
    key = str(uuid.uuid4())
    _create(api, delegation, key)

    other = _create(api, delegation, key, family_name="Blanc", email="")

    assert other.status_code == 422
    assert "already used for another request" in other.json()["detail"]
    assert list(Delegate.objects.values_list("family_name", flat=True)) == ["Roux"]


def test_a_refused_request_does_not_spend_its_key(api, delegation):
    key = str(uuid.uuid4())

    refused = _create(api, delegation, key, family_name="")
    accepted = _create(api, delegation, key)

    assert refused.status_code == 400
    assert accepted.status_code == 201
    assert Delegate.objects.count() == 1


def test_keys_belong_to_one_user(api, delegation, other_delegation, other_focal_point):
    key = str(uuid.uuid4())
    other_api = APIClient()
    other_api.force_authenticate(other_focal_point)

    mine = _create(api, delegation, key)
    theirs = _create(other_api, other_delegation, key)

    assert mine.status_code == theirs.status_code == 201
    assert Delegate.objects.count() == 2


def test_an_expired_key_is_forgotten(api, delegation):
    key = str(uuid.uuid4())
    _create(api, delegation, key)
    IdempotencyKey.objects.update(created_at="2020-01-01T00:00Z")

    again = _create(api, delegation, key, email="lea.other@example.org")

    assert again.status_code == 201
    assert Delegate.objects.count() == 2


@pytest.mark.parametrize("key", ["", "a key with spaces", "é" * 4, "k" * 256])
def test_a_malformed_key_is_a_400(api, delegation, key):
    response = _create(api, delegation, key)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Delegate.objects.exists()


def test_without_a_key_two_posts_make_two_delegates_but_not_with_one_address(api, delegation):
    first = api.post(
        reverse("api:delegate-create"), {"delegation": delegation.pk, **BODY}, format="json"
    )
    second = api.post(
        reverse("api:delegate-create"), {"delegation": delegation.pk, **BODY}, format="json"
    )

    assert first.status_code == 201
    assert second.status_code == 400
    assert second.json() == {
        "email": ["Another delegate of this delegation has this e-mail address."]
    }
    assert Delegate.objects.count() == 1


def test_email_is_unique_in_a_delegation_whatever_the_case(delegation, focal_point):
    create_delegate(
        delegation=delegation,
        by=focal_point,
        family_name="A",
        given_names="B",
        email="x@example.org",
    )

    with pytest.raises(ValidationError) as caught:
        create_delegate(
            delegation=delegation,
            by=focal_point,
            family_name="C",
            given_names="D",
            email="X@Example.org",
        )

    assert caught.value.message_dict == {
        "email": ["Another delegate of this delegation has this e-mail address."]
    }


def test_the_same_address_in_two_delegations_is_fine(
    delegation, other_delegation, focal_point, other_focal_point
):
    create_delegate(
        delegation=delegation,
        by=focal_point,
        family_name="A",
        given_names="B",
        email="x@example.org",
    )
    create_delegate(
        delegation=other_delegation,
        by=other_focal_point,
        family_name="A",
        given_names="B",
        email="x@example.org",
    )

    assert Delegate.objects.filter(email="x@example.org").count() == 2


@pytest.mark.postgres
def test_the_database_refuses_a_second_address_in_a_delegation(delegation):
    from django.db import IntegrityError

    Delegate.objects.create(
        delegation=delegation, family_name="A", given_names="B", email="x@example.org"
    )
    with pytest.raises(IntegrityError):
        Delegate.objects.create(
            delegation=delegation, family_name="C", given_names="D", email="X@example.org"
        )


# --- concurrently (PostgreSQL) --------------------------------------------------------------------


def _at_once(count, call):
    barrier = threading.Barrier(count)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
def test_concurrent_retries_with_one_key_create_one_delegate(transactional_db):
    from tests.factories import (
        AssemblyFactory,
        DelegationFactory,
        MemberCountryFactory,
        UserFactory,
    )

    user = UserFactory()
    delegation = DelegationFactory(
        assembly=AssemblyFactory(is_current=True), country=MemberCountryFactory(iso2="FR")
    )
    delegation.focal_points.add(user)
    key = str(uuid.uuid4())

    def post():
        client = APIClient()
        client.force_authenticate(user)
        response = client.post(
            reverse("api:delegate-create"),
            {"delegation": delegation.pk, **BODY},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        return response.status_code, response.json()

    outcomes = _at_once(5, post)

    assert [status for status, _body in outcomes] == [201] * 5
    assert len({body["id"] for _status, body in outcomes}) == 1
    assert Delegate.objects.count() == 1


@pytest.mark.postgres
def test_portal_form_posted_twice_at_once_adds_one_delegate(transactional_db):
    from tests.factories import (
        AssemblyFactory,
        DelegationFactory,
        MemberCountryFactory,
        UserFactory,
    )

    user = UserFactory()
    delegation = DelegationFactory(
        assembly=AssemblyFactory(is_current=True), country=MemberCountryFactory(iso2="FR")
    )
    delegation.focal_points.add(user)
    browser = Client()
    browser.force_login(user)
    page = browser.get(reverse("delegations:delegate_create"))
    token = page.context["form"]["submission"].value()
    form = {**BODY, "function": "delegate", "submission": token}

    def post():
        response = browser.post(reverse("delegations:delegate_create"), form)
        return response.status_code, response["Location"]

    outcomes = _at_once(3, post)

    assert outcomes == [(302, reverse("delegations:dashboard"))] * 3
    assert Delegate.objects.count() == 1


def test_portal_form_posted_twice_adds_one_delegate(client, delegation, focal_point):
    client.force_login(focal_point)
    page = client.get(reverse("delegations:delegate_create"))
    token = page.context["form"]["submission"].value()
    form = {**BODY, "email": "", "function": "delegate", "submission": token}

    first = client.post(reverse("delegations:delegate_create"), form)
    second = client.post(reverse("delegations:delegate_create"), form, follow=True)

    assert first.status_code == 302
    assert Delegate.objects.count() == 1
    assert "This form was already sent; nothing was done twice." in second.content.decode()


def test_portal_form_without_its_token_asks_for_a_reload(client, delegation, focal_point):
    client.force_login(focal_point)

    response = client.post(reverse("delegations:delegate_create"), {**BODY, "function": "delegate"})

    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    assert not Delegate.objects.exists()


def test_portal_form_refused_can_be_corrected_and_sent_with_its_token(
    client, delegation, focal_point
):
    client.force_login(focal_point)
    token = client.get(reverse("delegations:delegate_create")).context["form"]["submission"].value()

    refused = client.post(
        reverse("delegations:delegate_create"),
        {**BODY, "family_name": "", "function": "delegate", "submission": token},
    )
    accepted = client.post(
        reverse("delegations:delegate_create"),
        {**BODY, "function": "delegate", "submission": token},
    )

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert Delegate.objects.count() == 1
