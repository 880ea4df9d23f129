"""Who may stand: same country, region clash, no immediate re-election, credentials, deadline."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from apps.core.errors import ApplicationError
from apps.elections.models import Candidate, Election, ElectionSettings
from apps.elections.services.elections import (
    create_election,
    nominate_candidate,
    record_committee_member,
    withdraw_candidate,
)
from tests.elections.conftest import focal, member

NOW = dt.datetime(2025, 11, 20, 9, 0, tzinfo=dt.UTC)
DEADLINE = dt.datetime(2025, 11, 24, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def seat(assembly, organiser):
    def make(seat: str, region: str = "") -> Election:
        return create_election(
            assembly=assembly,
            by=organiser,
            seat=seat,
            region=region,
            nomination_deadline=DEADLINE,
            mode="electronic",
        )

    return make


@time_machine.travel(NOW, tick=False)
def test_focal_point_nominates_with_statements_in_four_languages(assembly, seat):
    ma = member(assembly, "MA", "africa")
    election = seat("vice_president", "africa")

    candidate = nominate_candidate(
        election=election,
        delegation=ma,
        name="Mohammed Dkhissi",
        by=focal(ma),
        statement_en="Statement",
        statement_fr="Déclaration",
        statement_es="Declaración",
        statement_ar="بيان",
    )

    assert (candidate.statement_ar, candidate.standing) == ("بيان", True)


@time_machine.travel(NOW, tick=False)
def test_same_country_as_a_sitting_member_is_refused(assembly, seat, organiser):
    fr = member(assembly, "FR", "europe")
    record_committee_member(
        name="Sitting Delegate",
        country=fr.country,
        seat="delegate",
        term_start=2024,
        term_end=2027,
        by=organiser,
    )

    with pytest.raises(ApplicationError, match="13 different countries") as caught:
        nominate_candidate(election=seat("president"), delegation=fr, name="X", by=focal(fr))
    assert "Sitting Delegate" in caught.value.message


@time_machine.travel(NOW, tick=False)
def test_region_clash_between_president_and_vice_presidents(assembly, seat, organiser):
    ng = member(assembly, "NG", "africa")
    record_committee_member(
        name="VP Africa",
        country=member(assembly, "CM", "africa").country,
        seat="vice_president",
        term_start=2023,
        term_end=2026,
        by=organiser,
    )

    with pytest.raises(ApplicationError, match="four different regions"):
        nominate_candidate(election=seat("president"), delegation=ng, name="X", by=focal(ng))


@time_machine.travel(NOW, tick=False)
def test_president_refused_from_a_region_with_a_vice_president_seat(assembly, seat):
    seat("vice_president", "americas")
    br = member(assembly, "BR", "americas")

    with pytest.raises(ApplicationError, match="four different regions"):
        nominate_candidate(election=seat("president"), delegation=br, name="X", by=focal(br))


@time_machine.travel(NOW, tick=False)
def test_seat_of_another_region_refused(assembly, seat):
    jp = member(assembly, "JP", "asia")

    with pytest.raises(ApplicationError, match="not in the region"):
        nominate_candidate(
            election=seat("delegate", "europe"), delegation=jp, name="X", by=focal(jp)
        )


@time_machine.travel(NOW, tick=False)
def test_no_immediate_reelection_to_the_same_post_configurable(assembly, seat, organiser):
    ar = member(assembly, "AR", "americas")
    record_committee_member(
        name="Outgoing Delegate",
        country=ar.country,
        seat="delegate",
        term_start=2022,
        term_end=2025,
        by=organiser,
    )
    election = seat("delegate", "americas")

    with pytest.raises(ApplicationError, match="not immediately re-eligible"):
        nominate_candidate(election=election, delegation=ar, name="outgoing delegate", by=focal(ar))
    ElectionSettings.objects.update_or_create(
        assembly=assembly, defaults={"no_immediate_reelection": False}
    )
    candidate = nominate_candidate(
        election=election, delegation=ar, name="Outgoing Delegate", by=focal(ar)
    )
    assert candidate.pk is not None


@time_machine.travel(NOW, tick=False)
def test_only_accepted_credentials_nominate(assembly, seat):
    es = member(assembly, "ES", "europe", credentials="provisional")

    with pytest.raises(ApplicationError, match="credentials are accepted"):
        nominate_candidate(election=seat("president"), delegation=es, name="X", by=focal(es))


@time_machine.travel(DEADLINE, tick=False)
def test_nomination_after_deadline_refused(assembly, seat):
    it = member(assembly, "IT", "europe")

    with pytest.raises(ApplicationError, match="deadline"):
        nominate_candidate(election=seat("president"), delegation=it, name="X", by=focal(it))


@time_machine.travel(NOW, tick=False)
def test_other_delegation_cannot_nominate_or_withdraw(assembly, seat):
    de = member(assembly, "DE", "europe")
    at = member(assembly, "AT", "europe")
    election = seat("delegate", "europe")
    candidate = nominate_candidate(election=election, delegation=de, name="X", by=focal(de))

    with pytest.raises(PermissionDenied):
        nominate_candidate(election=election, delegation=de, name="Y", by=focal(at))
    with pytest.raises(PermissionDenied):
        withdraw_candidate(candidate=candidate, by=focal(at))
    withdraw_candidate(candidate=candidate, by=focal(de))
    assert Candidate.objects.get(pk=candidate.pk).withdrawn is True
