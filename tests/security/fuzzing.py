"""Shared pieces of the import fuzz tests: hostile text, and running a service in a rollback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from config.errors import ImportRejected

# The database fixture is set up once per test, not per example: each example runs in its own
# savepoint (see `answer`), so sharing it is what we want.
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text an attacker or a broken export might put in a field: control characters (NUL included,
# which PostgreSQL refuses in text), quotes, separators, formulas, markup, very long runs.
_plain = st.text(max_size=30)
_special = st.sampled_from(
    ["\x00", '"', "'", ",", ";", "\n", "\r\n", "=1+1", "@SUM(A1)", "<script>", "ệ" * 300,
     "1.234,5", "-0", "1e999", "NaN", "Infinity", "9" * 40, "", " "]
)  # fmt: skip
_controls = st.text(
    alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Cs"]),
    min_size=1,
    max_size=3,
)
nasty_text = st.one_of(
    _plain, _special, st.tuples(_plain, _controls | _special, _plain).map("".join)
)


def answer(service: Callable[[], Any]) -> Any:
    """The service's result, or its ImportRejected; anything else raised fails the test.

    Whatever the service wrote is rolled back, so examples do not see each other's data.
    """
    with transaction.atomic():
        try:
            result = service()
        except ImportRejected as rejected:
            event("refused")
            assert rejected.problems, "refused without saying why"
            assert all(p.message.strip() for p in rejected.problems)
            result = rejected
        else:
            event("accepted")
        transaction.set_rollback(True)
    return result
