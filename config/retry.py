"""Retry a write that met a transient database error instead of answering 500.

On deadline day many transactions touch the same tables at once: PostgreSQL may pick one of
them as a deadlock victim or refuse a serialisation, SQLite may stay busy past its timeout.
Such a transaction was rolled back whole, so running it again from the start is safe.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

P = ParamSpec("P")
R = TypeVar("R")

ATTEMPTS = 4
# deadlock_detected, serialization_failure, lock_not_available
_TRANSIENT_CODES = {"40P01", "40001", "55P03"}
_TRANSIENT_SQLITE = ("database is locked", "database table is locked")


def is_transient(error: BaseException) -> bool:
    """Whether the database rolled the transaction back for a reason that passes."""
    if not isinstance(error, OperationalError):
        return False
    code = getattr(error.__cause__, "pgcode", None) or getattr(error, "pgcode", None)
    if code in _TRANSIENT_CODES:
        return True
    return any(text in str(error) for text in _TRANSIENT_SQLITE)


def retry_transient(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` (which opens its own transaction) again on a transient error, a few
    times. Inside an outer transaction nothing can be retried: the outer one is lost anyway."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or connection.in_atomic_block or not is_transient(error):
                    raise
            # Jittered so the transactions that collided do not meet again in step.
            time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 - not for secrets
        raise AssertionError("unreachable")

    return wrapper
