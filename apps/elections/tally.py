"""The count of one round, and what it decides: pure, no Django import, fed plain data.

A majority rule is data (`Rule`): the share of the votes cast a candidate needs, how the share
changes from a given round on, what counts as a vote cast, and what an inconclusive round
leads to. `decide` applies it to one round's figures (`Count`) and returns an `Outcome`.

Shares are exact fractions: "absolute majority" is more than half of the votes cast (84 of 164
needs 83), "two thirds" is at least two thirds (of 100 cast, 67).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

ABSOLUTE = "absolute"  # more than half of the votes cast
TWO_THIRDS = "two_thirds"  # at least two thirds of the votes cast
PLURALITY = "plurality"  # the most votes, alone at the top

NEW_ROUND = "new_round"  # every candidate stays for the next round
ELIMINATE_LAST = "eliminate_last"  # the candidate(s) with the fewest votes leave


@dataclass(frozen=True)
class Rule:
    share: str = ABSOLUTE
    later_share: str | None = None  # the share from round `later_from_round` on
    later_from_round: int | None = None
    abstentions_count_as_cast: bool = False
    invalid_count_as_cast: bool = False
    on_inconclusive: str = ELIMINATE_LAST

    def share_for(self, round_number: int) -> str:
        if (
            self.later_share
            and self.later_from_round is not None
            and round_number >= self.later_from_round
        ):
            return self.later_share
        return self.share


@dataclass(frozen=True)
class Count:
    """One round: votes per candidate (any hashable key), abstentions and invalid ballots."""

    votes: Mapping[object, int]
    abstentions: int = 0
    invalid: int = 0

    @property
    def valid(self) -> int:
        return sum(self.votes.values())


@dataclass(frozen=True)
class Outcome:
    share: str
    cast: int  # the votes cast, as the rule counts them
    valid: int
    abstentions: int
    invalid: int
    required: int  # the votes a candidate needed
    elected: object | None
    eliminated: tuple[object, ...] = field(default_factory=tuple)
    tie: bool = False

    @property
    def decided(self) -> bool:
        return self.elected is not None


def votes_cast(rule: Rule, count: Count) -> int:
    cast = count.valid
    if rule.abstentions_count_as_cast:
        cast += count.abstentions
    if rule.invalid_count_as_cast:
        cast += count.invalid
    return cast


def required_votes(share: str, cast: int) -> int:
    """The fewest votes that reach the share of `cast` votes (plurality: 1)."""
    if share == ABSOLUTE:
        return cast // 2 + 1
    if share == TWO_THIRDS:
        return math.ceil(Fraction(2, 3) * cast)
    if share == PLURALITY:
        return 1
    raise ValueError(share)


def decide(rule: Rule, round_number: int, count: Count) -> Outcome:
    """Who is elected in this round, or who leaves before the next one."""
    if round_number < 1:
        raise ValueError(round_number)
    share = rule.share_for(round_number)
    cast = votes_cast(rule, count)
    required = required_votes(share, cast)
    figures = Outcome(
        share=share,
        cast=cast,
        valid=count.valid,
        abstentions=count.abstentions,
        invalid=count.invalid,
        required=required,
        elected=None,
    )
    ranked = sorted(count.votes.items(), key=lambda item: -item[1])
    if ranked and cast > 0:
        top_key, top_votes = ranked[0]
        alone = len(ranked) == 1 or ranked[1][1] < top_votes
        if top_votes >= required and alone and top_votes > 0:
            return replace(figures, elected=top_key)
    tie = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
    eliminated: tuple[object, ...] = ()
    if rule.on_inconclusive == ELIMINATE_LAST and len(ranked) > 2:
        lowest = ranked[-1][1]
        last = tuple(key for key, votes in ranked if votes == lowest)
        # Everyone tied at the bottom leaves, unless that would leave fewer than two:
        # then nobody leaves and the round is held again.
        if len(ranked) - len(last) >= 2:
            eliminated = last
    return replace(figures, eliminated=eliminated, tie=tie)


@dataclass(frozen=True)
class ResolutionOutcome:
    share: str
    votes_for: int
    against: int
    abstentions: int
    cast: int
    required: int
    adopted: bool


def decide_resolution(
    share: str, *, votes_for: int, against: int, abstentions: int = 0
) -> ResolutionOutcome:
    """A resolution: the votes for must reach the share of the votes cast (for + against;
    abstentions are not votes cast). A simple majority (ABSOLUTE) is more for than against."""
    cast = votes_for + against
    required = required_votes(share, cast)
    return ResolutionOutcome(
        share=share,
        votes_for=votes_for,
        against=against,
        abstentions=abstentions,
        cast=cast,
        required=required,
        adopted=cast > 0 and votes_for >= required,
    )
