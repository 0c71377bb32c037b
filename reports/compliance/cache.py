"""The dashboards' and the compliance API's figures, kept in the shared cache between requests.

A key holds the stamp of the stored runs the figures come from (when each was computed, from
which targets' rules, over how many reports) and the area they cover: a recompute or refresh
writes a new stamp, so the next view reads new figures at once. Nothing is invalidated by hand
and nothing depends on time alone; the timeout only lets unread entries go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

from reports.compliance.models import ComplianceRun

T = TypeVar("T")
# Entries of replaced runs are never read again; let them go within a working day.
TIMEOUT = 8 * 3600


def run_stamp(run: ComplianceRun) -> str:
    """(`run` as `selectors.stored_runs` reads it.) What changes whenever the run's figures may: its computing time, the digest of the
    targets' rules and the counts of the reports it read."""
    return (
        f"{run.pk}.{run.computed_at.isoformat()}.{run.setting}.{run.units_expected}."
        f"{run.units_submitted}.{run.units_accepted}.{run.units_late}.{run.source_count}"
    )


def runs_stamp(runs: Iterable[ComplianceRun]) -> str:
    return "|".join(sorted(run_stamp(run) for run in runs))


def remembered(name: str, stamp: str, parts: Iterable[object], compute: Callable[[], T]) -> T:
    """`compute()`'s value, from the cache when these runs (`stamp`) and `parts` (the area,
    the basis, …) were already computed; `name` says which read it is."""
    digest = hashlib.sha256(f"{stamp}#{'#'.join(map(str, parts))}".encode()).hexdigest()
    key = f"figures:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
