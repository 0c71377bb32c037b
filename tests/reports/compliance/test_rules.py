"""The judging rules on hand-computed cases taken from the seed directives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from reports.compliance.rules import MET, MISSED, NO_DATA, ON_TRACK, Figure, Rule, compare, judge

END_2016 = dt.date(2016, 12, 14)


def ratio(num: int, den: int) -> Figure:
    return Figure(numerator=D(num), denominator=D(den))


def test_level_specific_pooled_targets_each_judge_their_own_level() -> None:
    # "90% of documents online at province level, 70% at district, 20% at commune".
    districts = {1: ratio(60, 100), 2: ratio(80, 100), 3: ratio(70, 100)}
    communes = {4: ratio(3, 20), 5: ratio(5, 20)}
    district_target = Rule("ratio", ">=", D(70), "pooled", due_on=dt.date(2016, 12, 31))
    commune_target = Rule("ratio", ">=", D(20), "pooled", due_on=dt.date(2016, 12, 31))
    on_districts = judge(
        district_target, expected=[1, 2, 3], figures=districts, period_end=END_2016
    )
    on_communes = judge(commune_target, expected=[4, 5], figures=communes, period_end=END_2016)
    assert (on_districts.value, on_districts.met, on_districts.status) == (
        D(70),
        True,
        MET,
    )  # 210/300
    assert (on_communes.value, on_communes.met) == (D(20), True)  # 8/40


def test_pooled_is_the_ratio_of_sums_not_the_mean_of_ratios() -> None:
    outcome = judge(
        Rule("ratio", ">=", D(50), "pooled"),
        expected=[1, 2],
        figures={1: ratio(1, 1), 2: ratio(10, 99)},
        period_end=END_2016,
    )
    assert outcome.value == D(11)  # 11/100, although the mean of 100% and 10.1% is 55%
    assert outcome.met is False


def test_a_unit_with_a_zero_denominator_adds_nothing_to_a_pooled_ratio_and_does_not_meet_alone() -> (
    None
):
    figures = {1: ratio(0, 0), 2: ratio(45, 60)}
    pooled = judge(
        Rule("ratio", ">=", D(75), "pooled"), expected=[1, 2], figures=figures, period_end=END_2016
    )
    assert (pooled.value, pooled.met, pooled.units_reported) == (D(75), True, 2)
    each = judge(
        Rule("ratio", ">=", D(75), "each_unit"),
        expected=[1, 2],
        figures=figures,
        period_end=END_2016,
    )
    assert each.units[1].met is None and each.units_met == 1 and each.value == D(50)


def test_a_unit_that_did_not_report_counts_as_not_meeting_an_each_unit_target() -> None:
    # "Every unit has at least one full-time IT officer": 3 districts expected, 2 reported.
    rule = Rule("count", ">=", D(1), "each_unit", due_on=dt.date(2016, 12, 31))
    outcome = judge(
        rule,
        expected=[1, 2, 3],
        figures={1: Figure(D(2)), 2: Figure(D(1))},
        period_end=dt.date(2017, 12, 14),
    )
    assert (outcome.units_expected, outcome.units_reported, outcome.units_met) == (3, 2, 2)
    assert outcome.value == D(200) / 3 and outcome.met is False and outcome.status == MISSED
    assert outcome.units[3] == outcome.units[3].__class__(reported=False, value=None, met=None)


def test_units_share_lets_a_share_of_units_meet_it() -> None:
    # One-stop software at 9 of 36 communes: 25% of units must have it.
    rule = Rule("boolean", ">=", D(1), "each_unit", units_share=D(25))
    figures = {unit: Figure(D(1 if unit < 9 else 0)) for unit in range(36)}
    outcome = judge(rule, expected=list(range(36)), figures=figures, period_end=END_2016)
    assert outcome.value == D(25) and outcome.met is True


def test_before_its_due_date_a_target_not_yet_met_is_on_track_and_after_it_missed() -> None:
    # "100% of documents digitally signed before 07/2016".
    rule = Rule("ratio", ">=", D(100), "pooled", due_on=dt.date(2016, 6, 30))
    figures = {1: ratio(80, 100)}
    q1 = judge(rule, expected=[1], figures=figures, period_end=dt.date(2016, 3, 14))
    q3 = judge(rule, expected=[1], figures=figures, period_end=dt.date(2016, 9, 14))
    assert (q1.met, q1.status) == (False, ON_TRACK)
    assert (q3.met, q3.status) == (False, MISSED)


def test_a_yearly_increment_is_judged_on_the_increase_over_last_year() -> None:
    # Bình Thuận: "7% more procedures online at level 3 each year".
    rule = Rule("ratio", ">=", D(7), "pooled", change_per_year=True)
    last_year, this_year = {1: ratio(20, 100)}, {1: ratio(28, 100)}
    outcome = judge(rule, expected=[1], figures=this_year, previous=last_year, period_end=END_2016)
    assert (outcome.value, outcome.met) == (D(8), True)
    without_history = judge(rule, expected=[1], figures=this_year, period_end=END_2016)
    assert (without_history.value, without_history.status) == (None, NO_DATA)


def test_a_rank_where_lower_is_better() -> None:
    # Bình Thuận's ICT Index rank went 22 → 27 → 35; a target of "top 20" is missed at 35.
    rule = Rule("rank", "<=", D(20), "pooled", due_on=dt.date(2018, 12, 31))
    assert (
        judge(rule, expected=[1], figures={1: Figure(D(35))}, period_end=dt.date(2019, 12, 14)).met
        is False
    )
    assert (
        judge(rule, expected=[1], figures={1: Figure(D(18))}, period_end=dt.date(2019, 12, 14)).met
        is True
    )


def test_a_rank_improvement_counts_the_places_gained() -> None:
    # "Improve by 5 places": 30th → 24th gains 6 (met); 30th → 33rd loses 3 (not met).
    rule = Rule("rank", ">=", D(5), "pooled", change_per_year=True)
    last_year = {1: Figure(D(30))}
    gained = judge(rule, expected=[1], figures={1: Figure(D(24))}, previous=last_year,
                   period_end=END_2016)  # fmt: skip
    lost = judge(rule, expected=[1], figures={1: Figure(D(33))}, previous=last_year,
                 period_end=END_2016)  # fmt: skip
    assert (gained.value, gained.met, gained.units[1].value) == (D(6), True, D(6))
    assert (lost.value, lost.met) == (D(-3), False)


def test_no_reporting_unit_means_no_data_never_met() -> None:
    for judge_kind in ("pooled", "each_unit"):
        outcome = judge(
            Rule("ratio", ">=", D(0), judge_kind), expected=[1, 2], figures={}, period_end=END_2016
        )
        assert (outcome.value, outcome.met, outcome.status) == (None, None, NO_DATA)
    nobody = judge(
        Rule("count", ">=", D(1), "each_unit"), expected=[], figures={}, period_end=END_2016
    )
    assert nobody.status == NO_DATA


@pytest.mark.parametrize(
    ("op", "actual", "target", "met"),
    [
        (">=", 5, 5, True),
        (">=", 4, 5, False),
        ("<=", 5, 5, True),
        ("==", 1, 1, True),
        ("==", 0, 1, False),
    ],
)
def test_compare(op: str, actual: int, target: int, met: bool) -> None:
    assert compare(op, D(actual), D(target)) is met
