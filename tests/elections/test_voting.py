"""Rounds end to end: the frozen roll, one ballot per country, receipts, paper counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from apps.core.errors import ApplicationError, ConflictError
from apps.core.models import AuditEntry
from apps.delegations.models import Credentials
from apps.elections.models import Ballot, Candidate, Election, RollEntry, Round, VoteRecord
from apps.elections.services import voting
from apps.notifications.models import Notification
from tests.elections.conftest import focal, member
from tests.factories import DelegateFactory, UserFactory


def _candidates(election):
    return list(election.candidates.order_by("name"))


def test_open_round_freezes_the_roll_and_notifies(organiser, president, roll, assembly):
    pending = member(assembly, "ZZ", credentials="pending")
    voting.record_presence(delegation=roll[0], present=True, by=organiser)
    voting.record_presence(delegation=roll[1], present=True, by=organiser)

    round_ = voting.open_round(election=president, by=organiser)
    Credentials.objects.filter(delegation=pending).update(status="accepted")

    entries = RollEntry.objects.filter(round=round_)
    assert (round_.roll_size, round_.present, entries.count()) == (8, 2, 8)
    assert not entries.filter(delegation=pending).exists()
    assert entries.get(delegation=roll[0]).voting_delegate == "Voter AA"
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"elections.vote_opened"}
    assert AuditEntry.objects.filter(action="elections.round.opened").count() == 1
    president.refresh_from_db()
    assert president.status == Election.Status.VOTING


def test_country_added_after_opening_cannot_vote(organiser, president, roll, assembly):
    round_ = voting.open_round(election=president, by=organiser)
    late = member(assembly, "ZZ")

    with pytest.raises(ApplicationError, match="not on the roll"):
        voting.cast_ballot(round_=round_, choice="abstain", by=focal(late), delegation=late)
    assert VoteRecord.objects.count() == 0


def test_not_a_focal_point_cannot_vote(organiser, president, roll):
    round_ = voting.open_round(election=president, by=organiser)
    stranger = UserFactory()

    with pytest.raises(PermissionDenied):
        voting.cast_ballot(round_=round_, choice="abstain", by=stranger, delegation=roll[0])
    with pytest.raises(PermissionDenied):
        voting.cast_ballot(round_=round_, choice="abstain", by=focal(roll[1]), delegation=roll[0])


def test_without_voting_delegate_no_vote(organiser, president, roll):
    Credentials.objects.filter(delegation=roll[4]).update(voting_delegate=None)
    DelegateFactory(delegation=roll[4])  # a delegate, but not the voting one
    round_ = voting.open_round(election=president, by=organiser)

    with pytest.raises(ApplicationError, match="no voting delegate"):
        voting.cast_ballot(round_=round_, choice="abstain", by=focal(roll[4]), delegation=roll[4])


def test_second_ballot_of_a_country_is_refused(organiser, president, roll):
    round_ = voting.open_round(election=president, by=organiser)
    first = _candidates(president)[0]
    voting.cast_ballot(round_=round_, choice=str(first.pk), by=focal(roll[0]), delegation=roll[0])

    with pytest.raises(ConflictError, match="already voted"):
        voting.cast_ballot(round_=round_, choice="abstain", by=focal(roll[0]), delegation=roll[0])
    assert (VoteRecord.objects.count(), Ballot.objects.count()) == (1, 1)


def test_choice_must_be_a_standing_candidate(organiser, president, roll):
    round_ = voting.open_round(election=president, by=organiser)

    for bad in ["999999", "٣", "for", ""]:
        with pytest.raises(ApplicationError):
            voting.cast_ballot(round_=round_, choice=bad, by=focal(roll[0]), delegation=roll[0])
    assert VoteRecord.objects.count() == 0


def test_receipt_proves_the_ballot_was_counted(organiser, president, roll):
    round_ = voting.open_round(election=president, by=organiser)

    receipt = voting.cast_ballot(
        round_=round_, choice="abstain", by=focal(roll[0]), delegation=roll[0]
    )

    assert voting.ballot_counted(round_=round_, receipt=receipt)
    assert voting.ballot_counted(round_=round_, receipt=receipt.lower().replace("-", ""))
    assert not voting.ballot_counted(round_=round_, receipt="AAAA-BBBB-CCCC")


def test_booth_code_is_single_use(organiser, president, roll):
    round_ = voting.open_round(election=president, by=organiser)
    entry = RollEntry.objects.get(round=round_, delegation=roll[2])
    code = voting.issue_booth_code(entry=entry, by=organiser)

    voting.cast_ballot(round_=round_, choice="abstain", booth_code=code)

    with pytest.raises(ApplicationError, match="not valid"):
        voting.cast_ballot(round_=round_, choice="abstain", booth_code=code)
    with pytest.raises(ConflictError):
        voting.cast_ballot(round_=round_, choice="abstain", by=focal(roll[2]), delegation=roll[2])
    assert list(VoteRecord.objects.values_list("delegation_id", flat=True)) == [roll[2].pk]


def _vote(round_, roll, choices):
    for delegation, choice in zip(roll, choices, strict=False):
        voting.cast_ballot(
            round_=round_, choice=choice, by=focal(delegation), delegation=delegation
        )


def test_electronic_election_to_certified_result(organiser, president, roll):
    a, b, c = _candidates(president)
    round_ = voting.open_round(election=president, by=organiser)
    _vote(round_, roll, [str(a.pk)] * 5 + [str(b.pk), "abstain", str(c.pk)])

    round_ = voting.close_round(round_=round_, by=organiser)
    round_ = voting.certify_round(round_=round_, by=organiser)

    assert round_.result["votes"] == {str(a.pk): 5, str(b.pk): 1, str(c.pk): 1}
    assert (round_.result["cast"], round_.result["abstentions"], round_.result["required"]) == (
        7,
        1,
        4,
    )
    assert round_.result["elected"] == a.pk
    president.refresh_from_db()
    a.refresh_from_db()
    assert (president.status, a.elected) == (Election.Status.ELECTED, True)
    assert Notification.objects.filter(kind="elections.result_certified").exists()
    assert AuditEntry.objects.get(action="elections.round.certified").actor == organiser


def test_inconclusive_round_eliminates_and_next_round_opens(organiser, president, roll):
    a, b, c = _candidates(president)
    round_ = voting.open_round(election=president, by=organiser)
    _vote(round_, roll, [str(a.pk)] * 3 + [str(b.pk)] * 3 + [str(c.pk)])
    voting.close_round(round_=round_, by=organiser)
    voting.certify_round(round_=round_, by=organiser)

    second = voting.open_round(election=president, by=organiser)

    c.refresh_from_db()
    assert (c.eliminated_in_round, second.number) == (1, 2)
    with pytest.raises(ApplicationError):
        voting.cast_ballot(round_=second, choice=str(c.pk), by=focal(roll[0]), delegation=roll[0])


def test_paper_mode_double_entry_blocks_on_difference(organiser, assembly, roll):
    teller_two = UserFactory()
    teller_two.groups.set(organiser.groups.all())
    election = Election.objects.create(
        assembly=assembly,
        seat="vice_president",
        region="europe",
        nomination_deadline="2025-11-01T00:00Z",
        mode="paper",
    )
    a = Candidate.objects.create(election=election, delegation=roll[3], name="A")
    b = Candidate.objects.create(election=election, delegation=roll[7], name="B")
    round_ = voting.open_round(election=election, by=organiser)
    with pytest.raises(ApplicationError):
        voting.cast_ballot(round_=round_, choice=str(a.pk), by=focal(roll[0]), delegation=roll[0])
    voting.close_round(round_=round_, by=organiser)

    voting.enter_paper_count(round_=round_, by=organiser, votes={str(a.pk): 5, str(b.pk): 3})
    with pytest.raises(ApplicationError, match="another teller"):
        voting.enter_paper_count(round_=round_, by=organiser, votes={str(a.pk): 5})
    voting.enter_paper_count(round_=round_, by=teller_two, votes={str(a.pk): 4, str(b.pk): 3})

    round_.refresh_from_db()
    with pytest.raises(ConflictError, match="differ"):
        voting.certify_round(round_=round_, by=organiser)

    voting.discard_paper_counts(round_=round_, by=organiser)
    voting.enter_paper_count(round_=round_, by=organiser, votes={str(a.pk): 5, str(b.pk): 3})
    voting.enter_paper_count(round_=round_, by=teller_two, votes={str(a.pk): 5, str(b.pk): 3})
    certified = voting.certify_round(round_=round_, by=organiser)

    assert (certified.result["elected"], certified.result["required"]) == (a.pk, 5)


def test_paper_count_cannot_exceed_the_roll(organiser, president, roll):
    Election.objects.filter(pk=president.pk).update(mode="paper")
    president.refresh_from_db()
    round_ = voting.open_round(election=president, by=organiser)
    voting.close_round(round_=round_, by=organiser)
    a = _candidates(president)[0]

    with pytest.raises(ApplicationError, match="only 8 countries"):
        voting.enter_paper_count(round_=round_, by=organiser, votes={str(a.pk): 9})
    with pytest.raises(ApplicationError):
        voting.enter_paper_count(round_=round_, by=organiser, votes={"for": 1})


def test_certify_needs_the_named_permission(organiser, president, roll):
    round_ = voting.open_round(election=president, by=organiser)
    voting.close_round(round_=round_, by=organiser)
    clerk = UserFactory(is_staff=True)

    with pytest.raises(PermissionDenied):
        voting.certify_round(round_=round_, by=clerk)
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED
