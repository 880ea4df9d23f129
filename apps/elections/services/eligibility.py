"""Who may stand for a seat: the Committee's composition rules, each with a clear message."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apps.delegations.models import Credentials, Delegation
from apps.elections.models import (
    Candidate,
    CommitteeMember,
    Election,
    ElectionSettings,
    Seat,
)

LEADERSHIP = (Seat.PRESIDENT, Seat.VICE_PRESIDENT)


def election_settings(assembly) -> ElectionSettings:
    found, _created = ElectionSettings.objects.get_or_create(assembly=assembly)
    return found


def continuing_members(year: int) -> list[CommitteeMember]:
    """Members whose term goes on after this year's assembly."""
    return list(
        CommitteeMember.objects.filter(term_start__lte=year, term_end__gt=year).select_related(
            "country"
        )
    )


def winners_this_assembly(election: Election) -> list[tuple[Election, Candidate]]:
    """(seat, winner) for every seat already filled at this assembly, this one excluded."""
    others = (
        Election.objects.filter(assembly_id=election.assembly_id, status=Election.Status.ELECTED)
        .exclude(pk=election.pk)
        .prefetch_related("candidates__delegation__country")
    )
    return [
        (other, candidate)
        for other in others
        for candidate in other.candidates.all()
        if candidate.elected
    ]


def _region_of(candidate: Candidate) -> str:
    country = candidate.delegation.country
    return country.region if country is not None else ""


def eligibility_problems(
    *, election: Election, delegation: Delegation, name: str = ""
) -> list[str]:
    """Every reason this delegation's candidate cannot stand for this seat (empty: eligible)."""
    problems: list[str] = []
    assembly = election.assembly
    year = assembly.start_date.year
    if delegation.assembly_id != election.assembly_id or delegation.country is None:
        return [_("Only a member country's delegation to this assembly may nominate.")]
    country = delegation.country
    credentials = Credentials.objects.filter(delegation=delegation).first()
    if credentials is None or credentials.status != Credentials.Status.ACCEPTED:
        problems.append(_("Only a member delegation whose credentials are accepted may nominate."))
    if election.region and country.region != election.region:
        problems.append(
            _("%(country)s is not in the region of this seat (%(region)s).")
            % {"country": country.name, "region": election.get_region_display()}
        )
    continuing = continuing_members(year)
    winners = winners_this_assembly(election)
    problems.extend(
        _(
            "The 13 members of the Committee come from 13 different countries: "
            "%(name)s (%(country)s) sits until %(end)s."
        )
        % {"name": member.name, "country": country.name, "end": member.term_end}
        for member in continuing
        if member.country_id == country.pk
    )
    for seat, winner in winners:
        if winner.delegation.country_id == country.pk:
            problems.append(
                _(
                    "The 13 members of the Committee come from 13 different countries: "
                    "%(name)s (%(country)s) was elected %(seat)s at this assembly."
                )
                % {"name": winner.name, "country": country.name, "seat": seat}
            )
    if election.seat in LEADERSHIP:
        held: list[tuple[str, str]] = [
            (m.region, m.name) for m in continuing if m.seat in LEADERSHIP
        ]
        held += [
            (seat.region or _region_of(winner), winner.name)
            for seat, winner in winners
            if seat.seat in LEADERSHIP
        ]
        if election.seat == Seat.PRESIDENT:
            held += [
                (seat.region, str(seat))
                for seat in Election.objects.filter(
                    assembly_id=election.assembly_id, seat=Seat.VICE_PRESIDENT
                )
            ]
        for region, holder in held:
            if region == country.region:
                problems.append(
                    _(
                        "The President and the three Vice-Presidents come from four different "
                        "regions: %(region)s is already held by %(holder)s."
                    )
                    % {"region": country.get_region_display(), "holder": holder}
                )
                break
    if name and election_settings(assembly).no_immediate_reelection:
        outgoing = CommitteeMember.objects.filter(
            country=country, seat=election.seat, term_end=year, name__iexact=name.strip()
        ).first()
        if outgoing is not None:
            problems.append(
                _(
                    "%(name)s's term as %(seat)s ends at this assembly; a member is not "
                    "immediately re-eligible to the same post."
                )
                % {"name": outgoing.name, "seat": outgoing.get_seat_display()}
            )
    return problems
