"""Writing a draft's rows: only those that changed, in bulk, and their change-log entries in one
insert (an autosave of a 60-indicator report used to cost a query or three per figure).

The caller reads the report's rows once (under its lock) and passes them as `rows`; these
functions bring that mapping up to date, so the version snapshot is built from it unread.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from auditlog.context import disable_auditlog
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from config.records import assign_changed
from directives.deadlines import deadline_in_force
from directives.selectors import deadline_changes
from reports.submissions.models import EvidenceFile, IndicatorValue, Submission, TaskUpdate
from reports.submissions.validation import (
    Report,
    TaskInput,
    ValueInput,
    computed_value,
    derived_task_status,
    warn_implausible,
)

if TYPE_CHECKING:
    from directives.models import Task
    from indicators.models import Indicator

# (before, after) of each written row, for config.audit.log_bulk.
Changes = list[tuple[Model | None, Model | None]]
VALUE_FIELDS = ["value", "numerator", "denominator", "note"]
TASK_FIELDS = ["status", "progress", "difficulties", "proposals", "completed_on"]


@dataclass
class _Batch:
    """The rows of one model a save creates or updates: one statement each, whatever their
    number, and their (before, after) for the change log."""

    model: type[Model]
    created: list[Model] = field(default_factory=list)
    updated: list[Model] = field(default_factory=list)
    changes: Changes = field(default_factory=list)

    def put(self, rows: dict, key: str, wanted: dict[str, Any], **new: Model) -> None:
        """Bring `rows[key]` to `wanted`: a new row, an updated one, or none if equal."""
        row = rows.get(key)
        if row is None:
            rows[key] = row = self.model(**new, **wanted)
            self.created.append(row)
            return
        before = copy.copy(row)
        if assign_changed(row, wanted):
            self.updated.append(row)
            self.changes.append((before, row))

    def write(self, fields: list[str]) -> Changes:
        self.model.objects.bulk_create(self.created)
        _update_rows(self.model, self.updated, fields)
        return self.changes + [(None, row) for row in self.created]


# Rows per UPDATE: well under SQLite's limit of bound parameters (32,766) for any model here.
UPDATE_CHUNK = 1000


def _update_rows(model: type[Model], rows: list[Model], fields: list[str]) -> None:
    """What `bulk_update(rows, fields)` does, as one UPDATE joined to a list of the rows' new
    values: Django's bulk_update builds a CASE over every row for every field, and resolving
    those expressions took ~30 ms of an autosave of 60 figures (issue 16); this takes ~3 ms."""
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    name = connection.ops.quote_name
    table = name(meta.db_table)
    if connection.vendor == "postgresql":
        # It types a VALUES list by its rows (a column of NULLs would be text): say each type.
        marks = ", ".join(f"CAST(%s AS {c.cast_db_type(connection)})" for c in columns)
        names = [name(column.column) for column in columns]
        alias = f"new_values ({', '.join(names)})"
    else:  # SQLite names a VALUES list's columns itself
        marks = ", ".join(["%s"] * len(columns))
        names = [f"column{i}" for i in range(1, len(columns) + 1)]
        alias = "new_values"
    sets = ", ".join(
        f"{name(column.column)} = new_values.{value}"
        for column, value in zip(columns[1:], names[1:], strict=True)
    )
    for start in range(0, len(rows), UPDATE_CHUNK):
        chunk = rows[start : start + UPDATE_CHUNK]
        values = ", ".join([f"({marks})"] * len(chunk))
        # Only the model's own table and column names are formatted in; values are parameters.
        sql = (
            f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS {alias}"  # noqa: S608
            f" WHERE {table}.{name(meta.pk.column)} = new_values.{names[0]}"
        )
        params = [
            column.get_db_prep_save(getattr(row, column.attname), connection)
            for row in chunk
            for column in columns
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def store_values(
    *,
    submission: Submission,
    indicators: dict[str, Indicator],
    values: list[ValueInput],
    previous: dict[str, Decimal | None],
    report: Report,
    rows: dict[str, IndicatorValue],
) -> Changes:
    """Write the figures that differ from `rows` (indicator code -> stored row)."""
    emptied = [
        rows[given.indicator].pk
        for given in values
        if given.is_empty and not given.note and given.indicator in rows
    ]
    # An emptied figure that has evidence keeps its row (and its files), emptied.
    backed = (
        set(EvidenceFile.objects.filter(value_id__in=emptied).values_list("value_id", flat=True))
        if emptied
        else set()
    )
    batch = _Batch(IndicatorValue)
    deleted: list[IndicatorValue] = []
    for given in values:
        indicator = indicators[given.indicator]
        value = computed_value(indicator, given)
        warn_implausible(report, indicator, value, previous.get(given.indicator))
        row = rows.get(given.indicator)
        if given.is_empty and not given.note and (row is None or row.pk not in backed):
            if row is not None:
                deleted.append(rows.pop(given.indicator))
            continue
        wanted = {
            "value": value,
            "numerator": given.numerator,
            "denominator": given.denominator,
            "note": given.note,
        }
        batch.put(rows, given.indicator, wanted, submission=submission, indicator=indicator)
    if deleted:
        # Logged with the others, in the caller's one insert.
        with disable_auditlog():
            IndicatorValue.objects.filter(pk__in=[row.pk for row in deleted]).delete()
    return [(row, None) for row in deleted] + batch.write(VALUE_FIELDS)


def store_tasks(
    *,
    submission: Submission,
    task_rows: dict[str, Task],
    tasks: list[TaskInput],
    rows: dict[str, TaskUpdate],
) -> Changes:
    """Write the task updates that differ from `rows` (task number -> stored update)."""
    # Judged as the task board judges it on the day the report is saved: against the deadline
    # in force for this unit that day, an approved extension included.
    today = timezone.localdate()
    extensions = deadline_changes(t.pk for t in task_rows.values() if t.due_on is not None)
    batch = _Batch(TaskUpdate)
    for given in tasks:
        task = task_rows[given.task]
        deadline = task.due_on and deadline_in_force(
            original=task.due_on,
            changes=extensions.get(task.pk, []),
            unit_id=submission.unit_id,
            as_of=today,
        )
        wanted = {
            "status": derived_task_status(given, deadline, submission.period.ends_on),
            "progress": given.progress,
            "difficulties": given.difficulties,
            "proposals": given.proposals,
            "completed_on": given.completed_on,
        }
        batch.put(rows, given.task, wanted, submission=submission, task=task)
    return batch.write(TASK_FIELDS)
