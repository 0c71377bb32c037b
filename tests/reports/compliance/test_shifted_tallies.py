"""A target's stored tally shifted by the changed units' rows equals the tally summed again over
every row, or says it cannot know (the rows taken out held the lowest figure)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reports.compliance.rules import Figure, Pool, Tally
from reports.compliance.tally import shifted, tally_json, tally_of

amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=6))
figures = st.lists(st.builds(Figure, amounts, amounts, amounts), max_size=6)


def tally(now: list[Figure], then: list[Figure]) -> Tally:
    reported = sum(1 for f in now if f.value is not None)
    return Tally(
        expected=len(now), reported=reported, met=reported // 2,
        pool=Pool.of(now), last_year=Pool.of(then),
    )  # fmt: skip


@given(kept=figures, removed=figures, added=figures, kept_then=figures, removed_then=figures)
def test_a_shifted_tally_is_the_tally_of_the_rows_now(
    kept: list[Figure],
    removed: list[Figure],
    added: list[Figure],
    kept_then: list[Figure],
    removed_then: list[Figure],
) -> None:
    total = tally(kept + removed, kept_then + removed_then)
    out, into = tally(removed, removed_then), tally(added, [])
    found = shifted(total, out, into)
    holds_lowest = any(
        gone.lowest is not None and gone.lowest <= whole.lowest
        for gone, whole in ((out.pool, total.pool), (out.last_year, total.last_year))
        if whole.lowest is not None
    )
    if holds_lowest:
        assert found is None
        return
    again = tally(kept + added, kept_then)
    expected = Tally(
        expected=again.expected, reported=again.reported,
        met=total.met - out.met + into.met, pool=again.pool, last_year=again.last_year,
    )  # fmt: skip
    assert found == expected


def test_a_tally_is_kept_with_its_exact_digits() -> None:
    now = [Figure(Decimal("1.000001"), Decimal("3"), Decimal("0.000007")), Figure()]
    kept = tally(now, [Figure(Decimal("2.5"))])
    assert tally_of(tally_json(kept)) == kept
    assert repr(tally_of(tally_json(kept))) == repr(kept)
