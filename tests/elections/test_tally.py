"""The pure count: majority rules per round, ties, eliminations."""

from __future__ import annotations

import pytest

from apps.elections import tally


def test_93rd_president_elected_in_round_one_with_84_of_164():
    rule = tally.Rule(share=tally.ABSOLUTE)
    count = tally.Count(votes={"FR": 84, "TR": 60, "NA": 12, "ET": 8})

    outcome = tally.decide(rule, 1, count)

    assert (outcome.cast, outcome.required, outcome.elected) == (164, 83, "FR")
    assert round(84 / outcome.cast * 100, 1) == 51.2
    assert outcome.eliminated == ()


def test_two_thirds_seat_goes_to_round_three_and_then_absolute_majority():
    rule = tally.Rule(
        share=tally.TWO_THIRDS,
        later_share=tally.ABSOLUTE,
        later_from_round=3,
        on_inconclusive=tally.NEW_ROUND,
    )
    first = tally.decide(rule, 1, tally.Count(votes={"A": 90, "B": 60, "C": 10}))
    second = tally.decide(rule, 2, tally.Count(votes={"A": 100, "B": 58, "C": 2}))
    third = tally.decide(rule, 3, tally.Count(votes={"A": 100, "B": 58, "C": 2}))

    assert (first.required, first.elected) == (107, None)
    assert (second.required, second.elected) == (107, None)
    assert (third.share, third.required, third.elected) == (tally.ABSOLUTE, 81, "A")


def test_abstentions_and_invalid_excluded_unless_configured():
    count = tally.Count(votes={"A": 50, "B": 40}, abstentions=20, invalid=5)

    default = tally.decide(tally.Rule(), 1, count)
    counted = tally.decide(
        tally.Rule(abstentions_count_as_cast=True, invalid_count_as_cast=True), 1, count
    )

    assert (default.cast, default.required, default.elected) == (90, 46, "A")
    assert (counted.cast, counted.required, counted.elected) == (115, 58, None)


def test_inconclusive_round_eliminates_the_last():
    outcome = tally.decide(tally.Rule(), 1, tally.Count(votes={"A": 70, "B": 60, "C": 30}))

    assert outcome.elected is None
    assert outcome.eliminated == ("C",)


def test_new_round_rule_keeps_every_candidate():
    rule = tally.Rule(on_inconclusive=tally.NEW_ROUND)

    outcome = tally.decide(rule, 1, tally.Count(votes={"A": 70, "B": 60, "C": 30}))

    assert (outcome.elected, outcome.eliminated) == (None, ())


def test_tie_at_the_top_elects_nobody_even_with_plurality():
    rule = tally.Rule(share=tally.PLURALITY)

    outcome = tally.decide(rule, 1, tally.Count(votes={"A": 80, "B": 80}))

    assert (outcome.elected, outcome.tie, outcome.eliminated) == (None, True, ())


def test_tie_at_the_bottom_eliminates_both_when_two_remain():
    outcome = tally.decide(tally.Rule(), 1, tally.Count(votes={"A": 60, "B": 50, "C": 20, "D": 20}))

    assert outcome.eliminated == ("C", "D")


def test_tie_at_the_bottom_of_three_eliminates_nobody():
    outcome = tally.decide(tally.Rule(), 1, tally.Count(votes={"A": 60, "B": 30, "C": 30}))

    assert (outcome.elected, outcome.eliminated) == (None, ())


def test_exact_half_is_not_an_absolute_majority():
    outcome = tally.decide(tally.Rule(), 1, tally.Count(votes={"A": 82, "B": 82 - 1}, invalid=0))
    half = tally.decide(tally.Rule(), 1, tally.Count(votes={"A": 82, "B": 60, "C": 22}))

    assert outcome.elected == "A"
    assert (half.required, half.elected) == (83, None)


def test_no_votes_elects_nobody():
    outcome = tally.decide(tally.Rule(), 1, tally.Count(votes={"A": 0}, abstentions=3))

    assert (outcome.cast, outcome.elected) == (0, None)


@pytest.mark.parametrize(
    ("share", "votes_for", "against", "adopted", "required"),
    [
        (tally.ABSOLUTE, 90, 89, True, 90),
        (tally.ABSOLUTE, 89, 89, False, 90),
        (tally.TWO_THIRDS, 100, 50, True, 100),
        (tally.TWO_THIRDS, 99, 51, False, 100),
    ],
)
def test_resolution_majorities(share, votes_for, against, adopted, required):
    outcome = tally.decide_resolution(share, votes_for=votes_for, against=against, abstentions=7)

    assert (outcome.adopted, outcome.required, outcome.cast) == (
        adopted,
        required,
        votes_for + against,
    )
