"""Reads of elections and votes, scoped to the asking user.

Seats, candidates, resolutions and certified results are public to every account of the
assembly (the General Assembly votes in public session); the roll, the quorum and counts in
progress are the organisers'; a focal point sees the rounds their delegation votes in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from apps.badges.selectors import plenary_countries_present
from apps.core.models import Assembly
from apps.delegations.models import Delegation
from apps.delegations.selectors import voting_roll
from apps.elections.models import (
    Candidate,
    Election,
    Presence,
    Resolution,
    RollEntry,
    Round,
    Share,
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
    by_roll_call: int = 0
    by_check_in: int = 0

    @property
    def majority_present(self) -> bool:
        return self.present * 2 > self.on_roll


def present_on_roll(assembly: Assembly, roll_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """Of the delegations on the roll: (those the organisers' roll call saw present, those with
    an approved delegate checked in to a plenary zone now, from apps.badges). Either makes a
    country present; the plenary check-in counts only where the assembly has a plenary zone."""
    ids = list(roll_ids)
    roll_call = set(
        Presence.objects.filter(delegation_id__in=ids, present=True).values_list(
            "delegation_id", flat=True
        )
    )
    checked_in = set(
        Delegation.objects.filter(
            pk__in=ids, country__in=plenary_countries_present(assembly).values("pk")
        ).values_list("pk", flat=True)
    )
    return roll_call, checked_in


def quorum(assembly: Assembly) -> Quorum:
    """Before a vote opens: the countries on the roll now, and those present in the hall
    (the roll call or the plenary check-in)."""
    roll = list(voting_roll(assembly).values_list("delegation_id", flat=True))
    roll_call, checked_in = present_on_roll(assembly, roll)
    return Quorum(
        on_roll=len(roll),
        present=len(roll_call | checked_in),
        by_roll_call=len(roll_call),
        by_check_in=len(checked_in),
    )


def elections_to_run(assembly: Assembly) -> QuerySet[Election]:
    """The organisers' page: every seat with its candidates and rounds (constant queries)."""
    return Election.objects.filter(assembly=assembly).prefetch_related(
        "candidates", Prefetch("rounds", queryset=Round.objects.order_by("number"))
    )


def resolutions_to_run(assembly: Assembly) -> QuerySet[Resolution]:
    return Resolution.objects.filter(assembly=assembly).prefetch_related("rounds")


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


LANGUAGE_CODES = ("en", "fr", "es", "ar")


def round_outcome(round_: Round) -> str:
    """What the counted round decides, in the active language ("" before it is counted)."""
    result = round_.result
    if not result or result.get("mismatch"):
        return ""
    share = Share(result["share"]).label
    if round_.resolution_id:
        if result["adopted"]:
            return _("Adopted: %(share)s was required (%(required)s).") % {
                "share": share,
                "required": result["required"],
            }
        return _("Rejected: %(share)s was required (%(required)s).") % {
            "share": share,
            "required": result["required"],
        }
    if result.get("elected") is not None:
        name = Candidate.objects.filter(pk=result["elected"]).values_list("name", flat=True).first()
        return _("Elected: %(name)s, with %(share)s required (%(required)s).") % {
            "name": name or "?",
            "share": share,
            "required": result["required"],
        }
    return _("No candidate is elected in this round: %(share)s was required (%(required)s).") % {
        "share": share,
        "required": result["required"],
    }


def _status_label(round_: Round, counted: bool) -> str:
    if round_.status == Round.Status.OPEN:
        return _("ballots cast: the vote is open")
    if round_.status == Round.Status.CERTIFIED:
        return _("certified result")
    if counted:
        return _("result awaiting certification")
    return _("The vote is closed; the ballots are being counted.")


def display_state(round_: Round) -> dict[str, Any]:
    """The hall's screen, as data for its page and for its poll (JSON): the live count of
    ballots cast while the vote is open, never a partial result; the full tally once closed,
    every text in the four languages."""
    is_open = round_.status == Round.Status.OPEN
    rows = [] if is_open else result_rows(round_)
    result = round_.result
    languages = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            figures = ""
            if rows:
                figures = _(
                    "votes cast %(cast)s · majority required %(required)s · "
                    "abstentions %(abst)s · invalid %(inv)s"
                ) % {
                    "cast": result["cast"],
                    "required": result["required"],
                    "abst": result["abstentions"],
                    "inv": result["invalid"],
                }
            languages.append(
                {
                    "code": code,
                    "dir": "rtl" if translation.get_language_bidi() else "ltr",
                    "title": str(round_),
                    "label": _status_label(round_, bool(rows)),
                    "figures": figures,
                    "outcome": "" if is_open or not rows else round_outcome(round_),
                }
            )
    return {
        "status": round_.status,
        "cast": ballots_cast(round_),
        "roll_size": round_.roll_size,
        "rows": [{"name": row.name, "votes": row.votes, "elected": row.elected} for row in rows],
        "languages": languages,
    }
