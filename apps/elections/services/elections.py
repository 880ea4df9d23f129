"""Seats, candidates, sitting members and resolutions: the organisers' and delegations' writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ConflictError
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.delegations.models import Delegation, MemberCountry
from apps.elections.models import Candidate, CommitteeMember, Election, Resolution
from apps.elections.permissions import can_act_for_delegation, can_manage_elections
from apps.elections.services.eligibility import eligibility_problems

STATEMENT_FIELDS = ("statement_en", "statement_fr", "statement_es", "statement_ar")


def _require_manager(by: Any) -> None:
    if not can_manage_elections(by):
        raise PermissionDenied


@transaction.atomic
def create_election(*, assembly: Assembly, by: Any, **fields: Any) -> Election:
    """A seat to fill, with its majority rule (see docs/elections.md for the defaults)."""
    _require_manager(by)
    election = Election(assembly=assembly, **fields)
    election.full_clean()
    election.save()
    log_action(election, "elections.election.created", by=by, seat=election.seat)
    return election


@transaction.atomic
def record_committee_member(
    *,
    name: str,
    country: MemberCountry,
    seat: str,
    term_start: int,
    term_end: int,
    by: Any,
    region: str = "",
) -> CommitteeMember:
    """A sitting (or past) member with the years of their term; region defaults to the country's."""
    _require_manager(by)
    member = CommitteeMember(
        name=name,
        country=country,
        seat=seat,
        region=region or country.region,
        term_start=term_start,
        term_end=term_end,
    )
    member.full_clean()
    member.save()
    log_action(member, "elections.member.recorded", by=by)
    return member


@transaction.atomic
def nominate_candidate(
    *,
    election: Election,
    delegation: Delegation,
    name: str,
    by: Any,
    now: dt.datetime | None = None,
    **statements: str,
) -> Candidate:
    """The delegation's focal point (or an organiser) nominates before the deadline."""
    if not (can_act_for_delegation(by, delegation) or can_manage_elections(by)):
        raise PermissionDenied
    unknown = set(statements) - set(STATEMENT_FIELDS)
    if unknown:
        raise ValueError(unknown)
    now = now or timezone.now()
    if now >= election.nomination_deadline:
        raise ApplicationError(_("The nomination deadline for this seat has passed."))
    if election.status != Election.Status.NOMINATIONS:
        raise ApplicationError(_("Nominations for this seat are closed."))
    problems = eligibility_problems(election=election, delegation=delegation, name=name)
    if problems:
        raise ApplicationError(" ".join(problems), extra={"eligibility": problems})
    candidate = Candidate(election=election, delegation=delegation, name=name, **statements)
    candidate.full_clean()
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError as exc:
        raise ConflictError(_("This country already has a candidate for this seat.")) from exc
    log_action(candidate, "elections.candidate.nominated", by=by, election=election.pk)
    return candidate


@transaction.atomic
def withdraw_candidate(*, candidate: Candidate, by: Any) -> Candidate:
    if not (can_act_for_delegation(by, candidate.delegation) or can_manage_elections(by)):
        raise PermissionDenied
    if candidate.elected:
        raise ApplicationError(_("An elected candidate cannot withdraw."))
    if not candidate.withdrawn:
        candidate.withdrawn = True
        candidate.full_clean()
        candidate.save(update_fields=["withdrawn", "updated_at"])
        log_action(candidate, "elections.candidate.withdrawn", by=by)
    return candidate


@transaction.atomic
def create_resolution(*, assembly: Assembly, by: Any, **fields: Any) -> Resolution:
    _require_manager(by)
    resolution = Resolution(assembly=assembly, **fields)
    resolution.full_clean()
    resolution.save()
    log_action(resolution, "elections.resolution.created", by=by, reference=resolution.reference)
    return resolution


@transaction.atomic
def adopt_resolution_by_consensus(*, resolution: Resolution, by: Any) -> Resolution:
    """Adopted without a vote: no figures are recorded."""
    _require_manager(by)
    if resolution.status != Resolution.Status.DRAFT:
        raise ApplicationError(_("Only a resolution not yet put to the vote is adopted so."))
    resolution.status = Resolution.Status.ADOPTED
    resolution.adoption = Resolution.Adoption.CONSENSUS
    resolution.full_clean()
    resolution.save(update_fields=["status", "adoption", "updated_at"])
    log_action(resolution, "elections.resolution.adopted", by=by, adoption="consensus")
    return resolution


def _update(obj: Any, *, by: Any, changes: dict[str, Any], action: str) -> Any:
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    log_action(obj, action, by=by, fields=sorted(changes))
    return obj


@transaction.atomic
def update_election(*, election: Election, by: Any, changes: dict[str, Any]) -> Election:
    """The seat's deadline, mode and majority rule, while no vote on it has opened."""
    _require_manager(by)
    if election.rounds.exists() and set(changes) - {"nomination_deadline"}:
        raise ApplicationError(_("The rule of a seat cannot change once voting has started."))
    return _update(election, by=by, changes=changes, action="elections.election.changed")


@transaction.atomic
def update_committee_member(
    *, member: CommitteeMember, by: Any, changes: dict[str, Any]
) -> CommitteeMember:
    _require_manager(by)
    return _update(member, by=by, changes=changes, action="elections.member.changed")


@transaction.atomic
def update_resolution(*, resolution: Resolution, by: Any, changes: dict[str, Any]) -> Resolution:
    """Title, text and majority, while the resolution is a draft."""
    _require_manager(by)
    if resolution.status != Resolution.Status.DRAFT:
        raise ApplicationError(_("A resolution put to the vote or decided cannot change."))
    return _update(resolution, by=by, changes=changes, action="elections.resolution.changed")


@transaction.atomic
def update_candidate(*, candidate: Candidate, by: Any, changes: dict[str, Any]) -> Candidate:
    """The candidate's name and statements, before the deadline."""
    if not (can_act_for_delegation(by, candidate.delegation) or can_manage_elections(by)):
        raise PermissionDenied
    unknown = set(changes) - {"name", *STATEMENT_FIELDS}
    if unknown:
        raise ApplicationError(_("Only the name and the statements change."))
    if timezone.now() >= candidate.election.nomination_deadline:
        raise ApplicationError(_("The nomination deadline for this seat has passed."))
    return _update(candidate, by=by, changes=changes, action="elections.candidate.changed")
