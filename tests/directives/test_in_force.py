from __future__ import annotations

import datetime as dt

import pytest

from directives.models import Directive
from directives.selectors import in_force_during
from tests.factories import DirectiveFactory

pytestmark = pytest.mark.django_db
D = dt.date

# The second quarter of 2016, against directives in force over different spans.
Q2 = (D(2016, 4, 1), D(2016, 6, 30))
CASES = {
    "open-ended, from before": (D(2015, 1, 1), None, True),
    "from the quarter's last day": (D(2016, 6, 30), None, True),
    "from after the quarter": (D(2016, 7, 1), None, False),
    "ended on the quarter's first day": (D(2015, 1, 1), D(2016, 4, 1), True),
    "ended before the quarter": (D(2015, 1, 1), D(2016, 3, 31), False),
    "within the quarter": (D(2016, 5, 1), D(2016, 5, 31), True),
}


def test_a_directive_is_in_force_during_a_period_when_their_spans_meet() -> None:
    for name, (starts, ends, expected) in CASES.items():
        directive = Directive(effective_from=starts, effective_to=ends)
        assert directive.in_force_during(*Q2) is expected, name


def test_the_queryset_form_picks_the_same_directives_as_the_predicate() -> None:
    made = {
        name: DirectiveFactory(code=f"{i}/KH", effective_from=starts, effective_to=ends)
        for i, (name, (starts, ends, _)) in enumerate(CASES.items())
    }
    expected = {made[name].pk for name, (_, _, yes) in CASES.items() if yes}
    assert set(in_force_during(*Q2).values_list("pk", flat=True)) == expected
