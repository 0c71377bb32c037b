"""The dashboards' and the compliance API's figures, kept in the shared cache between requests.

A key holds the stamp of the stored runs the figures come from (when each was computed, from
which targets' rules, over how many reports) and the area they cover: a recompute or refresh
writes a new stamp, so the next view reads new figures at once. Nothing is invalidated by hand
and nothing depends on time alone; the timeout only lets unread entries go.

Figures restated onto a day's structure of units, and the pages' rendered figures (which show
units under their names of the time), are stamped with the recorded unit events as well
(`units.selectors.structure_stamp`): recording, editing or deleting a merger shows at once.
A rendered entry is keyed by the language too, and by the area the view has already checked
the user may see: two users share an entry only when they would be shown the same HTML.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from reports.compliance.models import ComplianceRun
from units.selectors import structure_stamp

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


def restated_stamp(runs: Iterable[ComplianceRun], on: datetime.date) -> str:
    """Runs' figures restated onto the structure of `on`: their stamp, the day and the unit
    events the structure comes from."""
    return f"{runs_stamp(runs)}@{on.isoformat()}~{structure_stamp()}"


def remembered_html(
    name: str, stamp: str, parts: Iterable[object], render: Callable[[], str]
) -> SafeString:
    """A page's rendered figures (`render()`, a template rendered to a string), from the cache
    when already rendered for these runs and units (`stamp`, with the unit events: names of the
    time are shown) in this language and for these `parts` (area, basis, page, filters …)."""
    stamp = f"{stamp}~{structure_stamp()}"
    # A template's output, kept as the SafeString it is (the cache pickles its class too).
    return remembered(f"html:{name}", stamp, (get_language(), *parts), render)
