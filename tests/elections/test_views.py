"""Portal pages: the ballot, the booth, the receipt check, the hall display, the list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.elections.models import Ballot, RollEntry, VoteRecord
from apps.elections.services import voting
from tests.elections.conftest import focal, member


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

    assert 'id="hall-cast">1</span> / <span id="hall-roll">8<' in during
    assert a.name not in during
    assert a.name in after
    assert "majorité requise" in after or "majority required" in after


def test_display_is_for_organisers_only(client, open_round, roll):
    client.force_login(focal(roll[0]))

    assert client.get(reverse("elections:display", args=[open_round.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_is_the_same_for_1_and_3_rows(
    client, organiser, president, roll, assembly, rows, django_assert_num_queries
):
    import datetime as dt

    from django.utils import timezone

    from apps.elections.models import Candidate, Election, Round
    from apps.elections.services.elections import create_resolution

    voting.open_round(election=president, by=organiser)
    for i in range(rows):
        create_resolution(assembly=assembly, by=organiser, reference=f"R{i}", title_en=f"Res {i}")
        seat = Election.objects.create(
            assembly=assembly,
            seat="delegate",
            region=["africa", "americas", "asia"][i],
            nomination_deadline=timezone.now() - dt.timedelta(hours=1),
            mode="paper",
        )
        Candidate.objects.create(election=seat, delegation=roll[i], name=f"Seat {i} cand")
        Round.objects.create(election=seat, mode="paper", opened_at=timezone.now())
    counted = {}

    for who, user in (("focal point", focal(roll[0])), ("organiser", organiser)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("elections:list"))
        counted[who] = len(queries)
        assert f"Seat {rows - 1} cand" in response.content.decode()

    assert counted == {"focal point": 12, "organiser": 16}
