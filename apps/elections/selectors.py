"""Reads of elections and votes, scoped to the asking user.

Seats, candidates, resolutions and certified results are public to every account of the
assembly (the General Assembly votes in public session); the roll, the quorum and counts in
progress are the organisers'; a focal point sees the rounds their delegation votes in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from apps.core.models import Assembly
from apps.delegations.selectors import voting_roll
from apps.elections.models import (
    Candidate,
    Election,
    Presence,
    Resolution,
    RollEntry,
    Round,
    VoteRecord,
)


def elections_of(assembly: Assembly) -> QuerySet[Election]:
    """Every seat with its candidates (their delegations' countries) and rounds."""
    return Election.objects.filter(assembly=assembly).prefetch_related(
        Prefetch(
            "candidates",
            queryset=Candidate.objects.select_related("delegation__country").order_by("name"),
        ),
        Prefetch("rounds", queryset=Round.objects.order_by("number")),
    )


def resolutions_of(assembly: Assembly) -> QuerySet[Resolution]:
    return Resolution.objects.filter(assembly=assembly).prefetch_related("rounds")


def round_of(assembly: Assembly, pk: int) -> QuerySet[Round]:
    """The round `pk` if it belongs to the assembly (a queryset for get_in_scope_or_404)."""
    return Round.objects.filter(
        Q(election__assembly=assembly) | Q(resolution__assembly=assembly), pk=pk
    ).select_related("election__assembly", "resolution__assembly", "certified_by")


def ballots_cast(round_: Round) -> int:
    """How many countries have voted (never what): the hall's live count."""
    return VoteRecord.objects.filter(round=round_).count()


def voting_rounds_for(user, *, assembly: Assembly) -> QuerySet[RollEntry]:
    """Open electronic rounds whose frozen roll holds a delegation the user is focal point of,
    each annotated with whether that country has voted."""
    if not getattr(user, "is_authenticated", False):
        return RollEntry.objects.none()
    voted = VoteRecord.objects.filter(round=OuterRef("round"), delegation=OuterRef("delegation"))
    return (
        RollEntry.objects.filter(
            Q(round__election__assembly=assembly) | Q(round__resolution__assembly=assembly),
            delegation__focal_points=user,
            round__status=Round.Status.OPEN,
            round__mode="electronic",
        )
        .annotate(has_voted=Exists(voted))
        .select_related("round__election", "round__resolution", "delegation__country")
        .order_by("round__opened_at")
    )


def roll_entry_for(user, *, round_: Round) -> RollEntry | None:
    """The user's delegation's place on this round's roll; None if it has none."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        RollEntry.objects.filter(round=round_, delegation__focal_points=user)
        .select_related("delegation__country")
        .first()
    )


@dataclass(frozen=True)
class Quorum:
    on_roll: int
    present: int

    @property
    def majority_present(self) -> bool:
        return self.present * 2 > self.on_roll


def quorum(assembly: Assembly) -> Quorum:
    """Before a vote opens: the countries on the roll now, and those the roll call saw."""
    roll = voting_roll(assembly).values_list("delegation_id", flat=True)
    present = Presence.objects.filter(delegation_id__in=roll, present=True).count()
    return Quorum(on_roll=roll.count(), present=present)


def roll_of(round_: Round) -> QuerySet[RollEntry]:
    return RollEntry.objects.filter(round=round_).select_related("delegation__country")


@dataclass(frozen=True)
class ResultRow:
    name: str
    votes: int
    elected: bool = False
    eliminated: bool = False


def result_rows(round_: Round) -> list[ResultRow]:
    """The full tally of a counted round, each candidate (or answer) by name, most votes first."""
    result = round_.result
    if not result or result.get("mismatch"):
        return []
    if round_.resolution_id:
        return [
            ResultRow(str(_("for")), result["for"]),
            ResultRow(str(_("against")), result["against"]),
        ]
    names = dict(Candidate.objects.filter(election=round_.election).values_list("pk", "name"))
    rows = [
        ResultRow(
            names.get(int(pk), "?"),
            votes,
            elected=result["elected"] == int(pk),
            eliminated=int(pk) in result["eliminated"],
        )
        for pk, votes in result["votes"].items()
    ]
    return sorted(rows, key=lambda row: (-row.votes, row.name))
