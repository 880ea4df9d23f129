"""Portal pages: the ballot, the booth, the receipt check, the hall display, the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.elections.models import Ballot, RollEntry, VoteRecord
from apps.elections.services import voting
from tests.elections.conftest import focal, member
from tests.factories import UserFactory


@pytest.fixture
def open_round(organiser, president):
    return voting.open_round(election=president, by=organiser)


def test_focal_point_votes_and_gets_a_receipt(client, open_round, roll, president):
    a = president.candidates.order_by("name").first()
    client.force_login(focal(roll[0]))
    url = reverse("elections:vote", args=[open_round.pk])

    page = client.get(url)
    response = client.post(url, {"choice": str(a.pk)})

    assert "Voter AA" in page.content.decode()
    assert response.status_code == 200
    code = response.context["code"]
    assert code in response.content.decode()
    assert voting.ballot_counted(round_=open_round, receipt=code)
    again = client.post(url, {"choice": str(a.pk)})
    assert again.status_code == 409
    assert "already voted" in again.content.decode()
    assert Ballot.objects.count() == 1


def test_invalid_choice_is_a_form_error(client, open_round, roll):
    client.force_login(focal(roll[0]))

    response = client.post(reverse("elections:vote", args=[open_round.pk]), {"choice": "x"})

    assert response.status_code == 400
    assert VoteRecord.objects.count() == 0


def test_country_not_on_the_roll_gets_404(client, open_round, assembly):
    late = member(assembly, "ZZ")
    client.force_login(focal(late))

    response = client.post(reverse("elections:vote", args=[open_round.pk]), {"choice": "abstain"})

    assert response.status_code == 404
    assert VoteRecord.objects.count() == 0


def test_booth_votes_with_a_one_time_code(client, open_round, roll, organiser):
    code = voting.issue_booth_code(
        entry=RollEntry.objects.get(round=open_round, delegation=roll[3]), by=organiser
    )
    url = reverse("elections:booth", args=[open_round.pk])

    wrong = client.post(url, {"code": "AAAA-AAAA-AAAA", "choice": "abstain"})
    right = client.post(url, {"code": code, "choice": "abstain"})

    assert wrong.status_code == 400
    assert right.status_code == 200
    assert list(VoteRecord.objects.values_list("delegation_id", flat=True)) == [roll[3].pk]
    check = client.get(
        reverse("elections:receipt", args=[open_round.pk]), {"receipt": right.context["code"]}
    )
    assert "is in the count" in check.content.decode()


def test_display_shows_the_count_but_no_result_until_closed(
    client, open_round, roll, organiser, president
):
    a = president.candidates.order_by("name").first()
    voting.cast_ballot(round_=open_round, choice=str(a.pk), by=focal(roll[0]), delegation=roll[0])
    client.force_login(organiser)
    url = reverse("elections:display", args=[open_round.pk])

    during = client.get(url).content.decode()
    voting.close_round(round_=open_round, by=organiser)
    after = client.get(url).content.decode()

    assert "1 / 8" in during
    assert a.name not in during
    assert a.name in after
    assert "majorité requise" in after or "majority required" in after


def test_display_is_for_organisers_only(client, open_round, roll):
    client.force_login(focal(roll[0]))

    assert client.get(reverse("elections:display", args=[open_round.pk])).status_code == 404


@pytest.mark.parametrize("extra", [0, 2])
def test_list_query_count_does_not_grow(
    client, organiser, president, roll, assembly, extra, django_assert_max_num_queries
):
    from apps.elections.services.elections import create_resolution

    for i in range(extra):
        create_resolution(assembly=assembly, by=organiser, reference=f"R{i}", title_en=f"Res {i}")
    voting.open_round(election=president, by=organiser)
    user = UserFactory()
    roll[0].focal_points.add(user)
    client.force_login(user)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("elections:list"))

    assert response.status_code == 200
    assert "Candidate AA" in response.content.decode()
