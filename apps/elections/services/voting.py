"""Rounds: roll call, opening (the roll frozen), the secret ballot, paper counts, certification.

How secrecy is kept (docs/elections.md): `cast_ballot` writes a `VoteRecord` (who voted) and a
`Ballot` (what) that share nothing, then rewrites the round's ballots in a random order with new
random ids, so neither row order, ids nor the inserting transaction point from a ballot to the
voter. Its audit entry has no actor and names only the round; nothing is logged.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ConflictError
from apps.core.services import log_action
from apps.delegations.models import Delegation
from apps.delegations.selectors import focal_points_of, voting_roll
from apps.elections import tally
from apps.elections.models import (
    Ballot,
    BoothCode,
    Candidate,
    Election,
    Mode,
    PaperCount,
    Presence,
    Resolution,
    RollEntry,
    Round,
    VoteRecord,
)
from apps.elections.permissions import (
    can_act_for_delegation,
    can_certify_round,
    can_count_paper_ballots,
    can_manage_elections,
)
from apps.elections.selectors import present_on_roll
from apps.notifications.services import notify

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
ABSTAIN = "abstain"
INVALID = "invalid"


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().upper().replace("-", "").encode()).hexdigest()


def _code(length: int) -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + 4] for i in range(0, length, 4))


# --- roll call --------------------------------------------------------------------------


@transaction.atomic
def record_presence(*, delegation: Delegation, present: bool, by: Any) -> Presence:
    """The organisers' roll call in the plenary: who is in the hall gives the quorum."""
    if not can_manage_elections(by):
        raise PermissionDenied
    presence, _created = Presence.objects.update_or_create(
        delegation=delegation, defaults={"present": present}
    )
    presence.full_clean()
    log_action(presence, "elections.presence.recorded", by=by, present=present)
    return presence


# --- opening ----------------------------------------------------------------------------


def _election_of(round_: Round) -> Election:
    if round_.election is None:
        raise ValueError("not an election's round")
    return round_.election


def _resolution_of(round_: Round) -> Resolution:
    if round_.resolution is None:
        raise ValueError("not a resolution's round")
    return round_.resolution


@transaction.atomic
def open_round(
    *, by: Any, election: Election | None = None, resolution: Resolution | None = None
) -> Round:
    """Open the next vote: the roll is frozen now, the voting delegates are told."""
    if not can_manage_elections(by):
        raise PermissionDenied
    now = timezone.now()
    if election is not None and resolution is None:
        election = Election.objects.select_for_update().get(pk=election.pk)
        subject: Election | Resolution = election
        if election.status == Election.Status.ELECTED:
            raise ApplicationError(_("This seat is already filled."))
        if now < election.nomination_deadline:
            raise ApplicationError(_("Nominations are still open for this seat."))
        last = election.rounds.order_by("-number").first()
        if last is not None and last.status != Round.Status.CERTIFIED:
            raise ConflictError(_("The previous round is not certified yet."))
        standing = [c for c in election.candidates.all() if c.standing]
        if not standing:
            raise ApplicationError(_("No candidate is standing for this seat."))
        number = 1 if last is None else last.number + 1
        mode = election.mode
        assembly = election.assembly
    elif resolution is not None and election is None:
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        subject = resolution
        if resolution.status != Resolution.Status.DRAFT:
            raise ApplicationError(_("This resolution was already decided or put to the vote."))
        number = 1
        mode = resolution.mode
        assembly = resolution.assembly
    else:
        raise ValueError("an election or a resolution")
    roll = list(voting_roll(assembly))
    if not roll:
        raise ApplicationError(_("Nobody is on the voting roll: no credentials are accepted."))
    roll_call, checked_in = present_on_roll(assembly, (c.delegation_id for c in roll))
    present = roll_call | checked_in
    round_ = Round(
        election=election,
        resolution=resolution,
        number=number,
        mode=mode,
        opened_at=now,
        roll_size=len(roll),
        present=sum(1 for c in roll if c.delegation_id in present),
    )
    round_.full_clean()
    try:
        with transaction.atomic():
            round_.save()
    except IntegrityError as exc:
        raise ConflictError(_("This vote is already open.")) from exc
    RollEntry.objects.bulk_create(
        RollEntry(
            round=round_,
            delegation_id=credentials.delegation_id,
            voting_delegate=str(credentials.voting_delegate or "")[:250],
            present=credentials.delegation_id in present,
        )
        for credentials in roll
    )
    if election is not None:
        election.status = Election.Status.VOTING
        election.save(update_fields=["status", "updated_at"])
    elif resolution is not None:
        resolution.status = Resolution.Status.VOTING
        resolution.adoption = Resolution.Adoption.VOTE
        resolution.save(update_fields=["status", "adoption", "updated_at"])
    log_action(
        round_,
        "elections.round.opened",
        by=by,
        number=number,
        roll=round_.roll_size,
        present=round_.present,
    )
    _notify_roll(round_, roll, kind="elections.vote_opened", subject_name=str(subject))
    return round_


def _notify_roll(round_: Round, roll: list, *, kind: str, subject_name: str) -> None:
    recipients: list[Any] = list(focal_points_of(*(c.delegation for c in roll)))
    for credentials in roll:
        delegate = credentials.voting_delegate
        if delegate is not None and delegate.email:
            languages = delegate.languages or ["en"]
            recipients.append((delegate.email, languages[0]))
    notify(
        kind=kind,
        subject=round_,
        recipients=recipients,
        context={"vote": subject_name, "round": round_.number},
    )


# --- the secret ballot ------------------------------------------------------------------


def _choice_fields(round_: Round, choice: str) -> dict[str, Any]:
    """A ballot's content from the voter's choice: a candidate's id, for/against, abstain."""
    if choice == ABSTAIN:
        return {"kind": Ballot.Kind.ABSTENTION}
    if round_.resolution_id:
        if choice in Ballot.Answer.values:
            return {"kind": Ballot.Kind.VOTE, "answer": choice}
        raise ApplicationError(_("Choose for, against or abstain."), extra={"choice": [choice]})
    candidate = None
    if choice.isascii() and choice.isdigit():
        candidate = Candidate.objects.filter(pk=int(choice), election=_election_of(round_)).first()
    if candidate is None or not candidate.standing:
        raise ApplicationError(
            _("Choose one of the candidates standing in this round."), extra={"choice": [choice]}
        )
    return {"kind": Ballot.Kind.VOTE, "candidate": candidate}


def _rewrite_shuffled(round_: Round, new: Ballot) -> None:
    """The round's ballots, the new one among them, written again in a random order with new
    random ids: every row of the round now comes from this transaction and sits at a random
    place, so neither order, id nor inserting transaction tells which is the new one."""
    rows = [
        Ballot(
            round_id=b.round_id,
            kind=b.kind,
            candidate_id=b.candidate_id,
            answer=b.answer,
            receipt_hash=b.receipt_hash,
        )
        for b in Ballot.objects.filter(round=round_)
    ]
    rows.append(new)
    secrets.SystemRandom().shuffle(rows)
    for row in rows:
        row.id = uuid.uuid4()
    Ballot.objects.filter(round=round_).delete()
    Ballot.objects.bulk_create(rows)


@transaction.atomic
def cast_ballot(
    *,
    round_: Round,
    choice: str,
    by: Any = None,
    delegation: Delegation | None = None,
    booth_code: str = "",
) -> str:
    """One ballot for one country in one round; returns the receipt (shown once, kept hashed).

    Cast either by the focal point's account on behalf of the credentialed voting delegate
    (`by` + `delegation`) or at a booth with a one-time code issued by the organisers.
    """
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status != Round.Status.OPEN:
        raise ConflictError(_("This vote is closed."))
    if locked.mode != Mode.ELECTRONIC:
        raise ApplicationError(_("This round is counted on paper."))
    if booth_code:
        code = (
            BoothCode.objects.select_for_update()
            .select_related("roll_entry")
            .filter(code_hash=_digest(booth_code), roll_entry__round=locked)
            .first()
        )
        if code is None or code.used:
            raise ApplicationError(
                _("This code is not valid for this vote."), extra={"code": ["invalid"]}
            )
        entry = code.roll_entry
        code.used = True
        code.save(update_fields=["used"])
    else:
        if delegation is None or not can_act_for_delegation(by, delegation):
            raise PermissionDenied
        entry_or_none = RollEntry.objects.filter(round=locked, delegation=delegation).first()
        if entry_or_none is None:
            raise ApplicationError(_("Your country is not on the roll of this vote."))
        entry = entry_or_none
    if not entry.voting_delegate:
        raise ApplicationError(_("Your credentials name no voting delegate."))
    fields = _choice_fields(locked, choice)
    try:
        with transaction.atomic():
            VoteRecord.objects.create(round=locked, delegation_id=entry.delegation_id)
    except IntegrityError as exc:
        raise ConflictError(_("Your country has already voted in this round.")) from exc
    receipt = _code(12)
    ballot = Ballot(round=locked, receipt_hash=_digest(receipt), **fields)
    ballot.full_clean(exclude=["round", "candidate"])
    _rewrite_shuffled(locked, ballot)
    # Says that a ballot was cast in this round: no actor, no country, no ballot.
    log_action(locked, "elections.ballot.cast")
    return receipt


def ballot_counted(*, round_: Round, receipt: str) -> bool:
    """The voter's check: is a ballot with this receipt in the round's box?"""
    return Ballot.objects.filter(round=round_, receipt_hash=_digest(receipt)).exists()


@transaction.atomic
def issue_booth_code(*, entry: RollEntry, by: Any) -> str:
    """A one-time code for the voting delegate of one country on the roll; shown once."""
    if not can_manage_elections(by):
        raise PermissionDenied
    if entry.round.status != Round.Status.OPEN or entry.round.mode != Mode.ELECTRONIC:
        raise ApplicationError(_("Codes are issued only for an open electronic vote."))
    if VoteRecord.objects.filter(round=entry.round, delegation_id=entry.delegation_id).exists():
        raise ConflictError(_("This country has already voted in this round."))
    code = _code(12)
    BoothCode.objects.update_or_create(
        roll_entry=entry, defaults={"code_hash": _digest(code), "used": False}
    )
    log_action(entry.round, "elections.booth_code.issued", by=by, delegation=entry.delegation_id)
    return code


# --- closing, counting, certifying ------------------------------------------------------


def _count_of(round_: Round, votes: dict[str, int], abstentions: int, invalid: int) -> dict:
    """The round's full tally and, for an election, what the rule decides."""
    if round_.resolution_id:
        resolution = _resolution_of(round_)
        outcome = tally.decide_resolution(
            resolution.share,
            votes_for=votes.get(Ballot.Answer.FOR, 0),
            against=votes.get(Ballot.Answer.AGAINST, 0),
            abstentions=abstentions,
        )
        return {
            "share": outcome.share,
            "for": outcome.votes_for,
            "against": outcome.against,
            "abstentions": abstentions,
            "invalid": invalid,
            "cast": outcome.cast,
            "required": outcome.required,
            "adopted": outcome.adopted,
            "ballots": outcome.votes_for + outcome.against + abstentions + invalid,
        }
    election = _election_of(round_)
    standing = [c for c in election.candidates.all() if c.standing]
    count = tally.Count(
        votes={c.pk: votes.get(str(c.pk), 0) for c in standing},
        abstentions=abstentions,
        invalid=invalid,
    )
    decided = tally.decide(election.rule, round_.number, count)
    return {
        "share": decided.share,
        "cast": decided.cast,
        "valid": decided.valid,
        "abstentions": abstentions,
        "invalid": invalid,
        "required": decided.required,
        "votes": {str(c.pk): count.votes[c.pk] for c in standing},
        "elected": decided.elected,
        "eliminated": list(decided.eliminated),
        "tie": decided.tie,
        "ballots": decided.valid + abstentions + invalid,
    }


@transaction.atomic
def close_round(*, round_: Round, by: Any) -> Round:
    """No more ballots; an electronic round is counted now, a paper one by its tellers."""
    if not can_manage_elections(by):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.OPEN:
        raise ConflictError(_("This vote is not open."))
    round_.status = Round.Status.CLOSED
    round_.closed_at = timezone.now()
    if round_.mode == Mode.ELECTRONIC:
        votes: dict[str, int] = {}
        abstentions = invalid = 0
        for ballot in Ballot.objects.filter(round=round_).only("kind", "candidate_id", "answer"):
            if ballot.kind == Ballot.Kind.ABSTENTION:
                abstentions += 1
            elif ballot.kind == Ballot.Kind.INVALID:
                invalid += 1
            else:
                key = ballot.answer or str(ballot.candidate_id)
                votes[key] = votes.get(key, 0) + 1
        round_.result = _count_of(round_, votes, abstentions, invalid)
    round_.full_clean()
    round_.save(update_fields=["status", "closed_at", "result", "updated_at"])
    log_action(round_, "elections.round.closed", by=by)
    return round_


@transaction.atomic
def enter_paper_count(
    *,
    round_: Round,
    by: Any,
    votes: dict[str, int],
    abstentions: int = 0,
    invalid: int = 0,
    note: str = "",
) -> PaperCount:
    """A teller's count; the second, by another teller, must match it or the result is blocked.

    `votes` maps a candidate's id (or "for"/"against" for a resolution) to its ballots."""
    if not can_count_paper_ballots(by):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.mode != Mode.PAPER or round_.status != Round.Status.CLOSED:
        raise ApplicationError(_("Paper ballots are counted once a paper vote is closed."))
    if round_.resolution_id:
        allowed = set(Ballot.Answer.values)
    else:
        election = _election_of(round_)
        allowed = {str(c.pk) for c in election.candidates.all() if c.standing}
    unknown = set(votes) - allowed
    if unknown:
        raise ApplicationError(
            _("Count only the candidates or answers of this round."),
            extra={"votes": sorted(unknown)},
        )
    if any(n < 0 for n in votes.values()) or abstentions < 0 or invalid < 0:
        raise ApplicationError(_("A count cannot be negative."), extra={"votes": ["negative"]})
    total = sum(votes.values()) + abstentions + invalid
    if total > round_.roll_size:
        raise ApplicationError(
            _("%(total)s ballots counted, but only %(roll)s countries are on the roll.")
            % {"total": total, "roll": round_.roll_size},
            extra={"votes": ["too many"]},
        )
    first = PaperCount.objects.filter(round=round_, stage=PaperCount.Stage.FIRST).first()
    if first is not None and first.teller_id == by.pk:
        raise ApplicationError(_("The second count is entered by another teller."))
    votes = {key: votes.get(key, 0) for key in sorted(allowed)}
    count = PaperCount(
        round=round_,
        stage=PaperCount.Stage.FIRST if first is None else PaperCount.Stage.SECOND,
        teller=by,
        votes=votes,
        abstentions=abstentions,
        invalid=invalid,
        note=note,
    )
    count.full_clean()
    try:
        with transaction.atomic():
            count.save()
    except IntegrityError as exc:
        raise ConflictError(_("Both counts of this round are already entered.")) from exc
    log_action(round_, "elections.paper_count.entered", by=by, stage=count.stage)
    if first is not None:
        same = (first.votes, first.abstentions, first.invalid) == (votes, abstentions, invalid)
        if same:
            round_.result = _count_of(round_, votes, abstentions, invalid)
        else:
            round_.result = {"mismatch": True}
        round_.save(update_fields=["result", "updated_at"])
    return count


def paper_counts_differ(round_: Round) -> bool:
    return bool(round_.result.get("mismatch"))


@transaction.atomic
def discard_paper_counts(*, round_: Round, by: Any) -> Round:
    """After a difference, both tellers count again."""
    if not can_count_paper_ballots(by):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.CLOSED or round_.mode != Mode.PAPER:
        raise ApplicationError(_("Only the counts of a closed paper vote are discarded."))
    PaperCount.objects.filter(round=round_).delete()
    round_.result = {}
    round_.save(update_fields=["result", "updated_at"])
    log_action(round_, "elections.paper_count.discarded", by=by)
    return round_


@transaction.atomic
def certify_round(*, round_: Round, by: Any) -> Round:
    """The certified result: the seat filled (or candidates eliminated), the resolution decided."""
    if not can_certify_round(by):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.CLOSED:
        raise ConflictError(_("Only a closed vote is certified."))
    if not round_.result:
        raise ApplicationError(_("The paper ballots are not counted twice yet."))
    if paper_counts_differ(round_):
        raise ConflictError(_("The two tellers' counts differ: the result is blocked."))
    round_.status = Round.Status.CERTIFIED
    round_.certified_at = timezone.now()
    round_.certified_by = by
    round_.full_clean()
    round_.save(update_fields=["status", "certified_at", "certified_by", "updated_at"])
    result = round_.result
    if round_.election_id:
        election = _election_of(round_)
        if result["elected"] is not None:
            Candidate.objects.filter(pk=result["elected"]).update(elected=True)
            election.status = Election.Status.ELECTED
            election.save(update_fields=["status", "updated_at"])
        elif result["eliminated"]:
            Candidate.objects.filter(pk__in=result["eliminated"]).update(
                eliminated_in_round=round_.number
            )
        subject: Election | Resolution = election
    else:
        resolution = _resolution_of(round_)
        resolution.status = (
            Resolution.Status.ADOPTED if result["adopted"] else Resolution.Status.REJECTED
        )
        resolution.votes_for = result["for"]
        resolution.votes_against = result["against"]
        resolution.abstentions = result["abstentions"]
        resolution.full_clean()
        resolution.save()
        subject = resolution
    log_action(round_, "elections.round.certified", by=by, result=result)
    roll = list(
        voting_roll(round_.subject.assembly).filter(
            delegation_id__in=RollEntry.objects.filter(round=round_).values("delegation_id")
        )
    )
    _notify_roll(round_, roll, kind="elections.result_certified", subject_name=str(subject))
    return round_
