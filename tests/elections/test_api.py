"""The elections API: scoped reads, the ballot, organisers' operations."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.core.models import IdempotencyKey
from apps.elections.models import Ballot, VoteRecord
from apps.elections.services import voting
from apps.elections.services.elections import create_election
from tests.elections.conftest import focal, member


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def open_round(organiser, president):
    return voting.open_round(election=president, by=organiser)


def test_cast_by_api_ignores_idempotency_key_and_stores_no_link(api, open_round, roll, president):
    a = president.candidates.order_by("name").first()
    api.force_authenticate(focal(roll[0]))
    url = f"/api/v1/elections/rounds/{open_round.pk}/ballot/"

    first = api.post(url, {"choice": str(a.pk)}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    retry = api.post(url, {"choice": str(a.pk)}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == 201
    assert voting.ballot_counted(round_=open_round, receipt=first.json()["receipt"])
    assert retry.status_code == 409
    assert IdempotencyKey.objects.count() == 0
    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (1, 1)


def test_cast_bad_choice_is_400(api, open_round, roll):
    api.force_authenticate(focal(roll[0]))

    response = api.post(
        f"/api/v1/elections/rounds/{open_round.pk}/ballot/", {"choice": "nobody"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()


def test_country_off_the_roll_gets_404(api, open_round, assembly):
    late = member(assembly, "ZZ")
    api.force_authenticate(focal(late))

    response = api.post(
        f"/api/v1/elections/rounds/{open_round.pk}/ballot/", {"choice": "abstain"}, format="json"
    )

    assert response.status_code == 404
    assert VoteRecord.objects.count() == 0


def test_result_hidden_until_certified_for_delegations(api, open_round, roll, organiser):
    voting.cast_ballot(round_=open_round, choice="abstain", by=focal(roll[0]), delegation=roll[0])
    voting.close_round(round_=open_round, by=organiser)
    url = f"/api/v1/elections/rounds/{open_round.pk}/"
    api.force_authenticate(focal(roll[1]))

    closed = api.get(url).json()
    api.force_authenticate(organiser)
    certified = api.post(f"{url}certify/").json()
    api.force_authenticate(focal(roll[1]))
    after = api.get(url).json()

    assert (closed["ballots_cast"], closed["result"], closed["tally"]) == (1, None, [])
    assert certified["status"] == "certified"
    assert after["result"]["abstentions"] == 1
    assert len(after["tally"]) == 3


def test_focal_point_cannot_close_or_certify(api, open_round, roll):
    api.force_authenticate(focal(roll[0]))

    for action in ("close", "certify"):
        response = api.post(f"/api/v1/elections/rounds/{open_round.pk}/{action}/")
        assert response.status_code == 404


@pytest.mark.parametrize(("seats", "queries"), [(1, 5), (3, 5)])
def test_election_list_query_count(
    api, assembly, organiser, roll, seats, queries, django_assert_num_queries
):
    import datetime as dt

    for i in range(seats):
        create_election(
            assembly=assembly,
            by=organiser,
            seat="delegate",
            region=["europe", "asia", "africa"][i],
            nomination_deadline=dt.datetime(2025, 11, 24, tzinfo=dt.UTC),
            mode="paper",
        )
    api.force_authenticate(focal(roll[0]))

    with django_assert_num_queries(queries):
        response = api.get("/api/v1/elections/")

    assert response.status_code == 200
    assert response.json()["count"] == seats
