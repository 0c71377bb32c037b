"""Writing a run's derived rows (targets' results, units' scores) so that only what differs is
written: a recompute mostly finds the rows it stored before, and a row written (with its
indexes and its share of the commit) costs far more than a row compared. On PostgreSQL the rows
travel as one JSON parameter and are compared by the database; elsewhere they are replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models import Model

from reports.compliance.models import ComplianceUnit, TargetResult, UnitTargetResult

# What tells a run's rows apart besides the run, per table.
KEYS: dict[type[Model], tuple[str, ...]] = {
    UnitTargetResult: ("target_id", "unit_id"),
    TargetResult: ("target_id",),
    ComplianceUnit: ("unit_id",),
}


def _columns(model: type[Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not f.primary_key]


def _judged(model: type[Model]) -> list[str]:
    return [c for c in _columns(model) if c != "run_id" and c not in KEYS[model]]


Row = dict[str, object]  # column -> plain value (int, str, bool, Decimal or None)


def store_rows(
    model: type[Model], *, run_id: int, rows: list[Row], only: Iterable[int] | None = None
) -> None:
    """Make the run's rows of `model` (those whose key is in `only`, if given) exactly `rows`
    (every column but the primary key's)."""
    (key,) = KEYS[model]
    stale = model.objects.filter(run_id=run_id)
    if only is not None:
        stale = stale.filter(**{f"{key}__in": list(only)})
    if connection.vendor != "postgresql":
        stale.delete()
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return
    stale.exclude(**{f"{key}__in": [row[key] for row in rows]}).delete()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # Plain values, not model instances: building and preparing a thousand of them cost more
    # than the statement.
    records = [{column: _json(value) for column, value in row.items()} for row in rows]
    types = ", ".join(f"{f.column} {f.db_type(connection)}" for f in fields)
    columns, judged = _columns(model), _judged(model)
    table = model._meta.db_table
    # Table and column names come from the models, never from input.
    sql = f"""
        INSERT INTO {table} AS stored ({", ".join(columns)})
        SELECT {", ".join(columns)} FROM jsonb_to_recordset(%s::jsonb) AS x({types})
        ON CONFLICT (run_id, {key}) DO UPDATE SET {_set(judged)}
        WHERE ({", ".join(f"stored.{c}" for c in judged)})
              IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in judged)})
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(records)])


def _json(value: object) -> object:
    """Decimals as their text, so the database reads the exact digits."""
    plain = value is None or isinstance(value, bool | int | str | dict)
    return value if plain else str(value)


def _set(columns: list[str]) -> str:
    return ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)


def copy_rows(*, source_id: int, run_id: int) -> None:
    """Make run `run_id`'s rows of every table the same as run `source_id`'s. The unit rows'
    keys must already be the same (both runs computed from one setting; see services._compute)."""
    for model, keys in KEYS.items():
        table, columns = model._meta.db_table, _columns(model)
        copied = ", ".join("%(run)s" if c == "run_id" else f"src.{c}" for c in columns)
        if connection.vendor != "postgresql":
            model.objects.filter(run_id=run_id).delete()
            sql = f"""INSERT INTO {table} ({", ".join(columns)}) SELECT {copied}
                      FROM {table} src WHERE src.run_id = %(source)s"""  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(sql, {"run": run_id, "source": source_id})
            continue
        same_key = " AND ".join(f"old.{k} = src.{k}" for k in keys)
        judged = _judged(model)
        # As in unit_results.py: one hash join with the stored rows finds those that differ.
        sql = f"""
            INSERT INTO {table} ({", ".join(columns)})
            SELECT {copied} FROM {table} src
            LEFT JOIN {table} old ON old.run_id = %(run)s AND {same_key}
            WHERE src.run_id = %(source)s AND (old.run_id IS NULL
                OR ({", ".join(f"old.{c}" for c in judged)})
                   IS DISTINCT FROM ({", ".join(f"src.{c}" for c in judged)}))
            ON CONFLICT (run_id, {", ".join(keys)}) DO UPDATE SET {_set(judged)}
        """  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, {"run": run_id, "source": source_id})
            if model is not UnitTargetResult:  # the few rows the source lacks
                gone = f"""DELETE FROM {table} old WHERE old.run_id = %(run)s AND NOT EXISTS (
                    SELECT 1 FROM {table} src WHERE src.run_id = %(source)s AND {same_key})"""  # noqa: S608
                cursor.execute(gone, {"run": run_id, "source": source_id})
