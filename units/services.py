"""Writes to the unit tree: imports and dated changes (merge, split, rename, abolition)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError, ImportRejected, Problem
from config.records import assign_changed
from units import permissions
from units.importers import UnitRow, parse_units_csv
from units.models import Level, Role, Unit, UnitEvent

if TYPE_CHECKING:
    from units.models import User


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return _("%(created)s mới, %(updated)s cập nhật, %(unchanged)s không đổi") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def units_import(*, data: bytes, by: User | None = None) -> ImportSummary:
    """Load a units CSV all-or-nothing. Known codes are updated; nothing is ever deleted.

    With `by` (an API or web user; the command line passes none), every unit the file changes
    and every parent it names must be one `by` manages, and only a superuser adds a new root.
    """
    rows = parse_units_csv(data)
    with transaction.atomic():
        if by is not None:
            _require_managed(rows, by)
        return _apply_rows(rows)


def _require_managed(rows: list[UnitRow], by: User) -> None:
    codes = {row.code for row in rows} | {row.parent_code for row in rows if row.parent_code}
    managed = set(
        permissions.units_where(by, {Role.REVIEWER, Role.ADMIN})
        .filter(code__in=codes)
        .values_list("code", flat=True)
    )
    known_parents = dict(Unit.objects.filter(code__in=codes).values_list("code", "parent_id"))
    new = {row.code for row in rows} - set(known_parents)
    refused = _("bạn không quản lý đơn vị %(code)s")
    problems = []
    for row in rows:
        if row.code not in new and row.code not in managed:
            problems.append(Problem("code", refused % {"code": row.code}, row.line))
        if row.parent_code and row.parent_code not in managed | new:
            problems.append(Problem("parent", refused % {"code": row.parent_code}, row.line))
        if row.parent_code or by.is_superuser:
            continue
        if row.code in new:
            problems.append(
                Problem("parent", _("chỉ quản trị hệ thống được thêm tỉnh mới"), row.line)
            )
        elif known_parents[row.code] is not None:
            # An empty parent would make the unit a new province, out of its own's reach.
            problems.append(
                Problem(
                    "parent",
                    _(
                        "thiếu đơn vị cấp trên: chỉ quản trị hệ thống được tách %(code)s thành tỉnh riêng"
                    )
                    % {"code": row.code},
                    row.line,
                )
            )
    if problems:
        raise ImportRejected(problems)


def _apply_rows(rows: list[UnitRow]) -> ImportSummary:
    levels = {level.code: level for level in Level.objects.all()}
    by_code = {unit.code: unit for unit in Unit.objects.filter(code__in=[r.code for r in rows])}
    # A row may name a parent listed after it: create the new units first, then set fields.
    new_codes = {row.code for row in rows} - set(by_code)
    for row in rows:
        if row.code in new_codes:
            by_code[row.code] = Unit(code=row.code, name=row.name, level=levels[row.level_code])
            by_code[row.code].save()
    parent_codes = {row.parent_code for row in rows if row.parent_code} - set(by_code)
    by_code.update({u.code: u for u in Unit.objects.filter(code__in=parent_codes)})
    updated = unchanged = 0
    for row in rows:
        unit = by_code[row.code]
        wanted = {
            "name": row.name,
            "level": levels[row.level_code],
            "kind": row.kind,
            "active": unit.active if row.active is None else row.active,
            "parent": by_code[row.parent_code] if row.parent_code else None,
        }
        changed = assign_changed(unit, wanted)
        if changed:
            unit.save()
        if row.code not in new_codes:
            updated += changed
            unchanged += not changed
    return ImportSummary(len(new_codes), updated, unchanged)


def _require_active(units: list[Unit], day: datetime.date, legal_document: str) -> None:
    """Every change names its legal basis and touches only units alive on its date."""
    if not legal_document.strip():
        raise DomainError(_("Cần ghi văn bản quyết định thay đổi."))
    for unit in units:
        if not unit.active or not unit.is_valid_on(day):
            raise DomainError(
                _("Đơn vị %(name)s không còn hoạt động vào ngày %(day)s.")
                % {"name": unit.name, "day": f"{day:%d/%m/%Y}"}
            )


def _close(unit: Unit, effective_on: datetime.date) -> None:
    unit.valid_to = effective_on - datetime.timedelta(days=1)
    unit.active = False
    unit.save(update_fields=["valid_to", "active"])


def _record(
    kind: str,
    *,
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
    before: list[Unit],
    after: list[Unit],
    **extra: str,
) -> UnitEvent:
    event = UnitEvent.objects.create(
        kind=kind, effective_on=effective_on, legal_document=legal_document, recorded_by=by, **extra
    )
    event.before.set(before)
    event.after.set(after)
    return event


@transaction.atomic
def unit_rename(
    *, unit: Unit, new_name: str, effective_on: datetime.date, legal_document: str, by: User | None
) -> UnitEvent:
    """Rename in place: past reports show the old name through `unit_name_on`."""
    _require_active([unit], effective_on, legal_document)
    if not new_name.strip() or new_name == unit.name:
        raise DomainError(_("Tên mới phải khác tên hiện tại."))
    old_name = unit.name
    unit.name = new_name
    unit.save()
    return _record(
        UnitEvent.Kind.RENAME,
        effective_on=effective_on,
        legal_document=legal_document,
        by=by,
        before=[unit],
        after=[unit],
        old_name=old_name,
        new_name=new_name,
    )


@transaction.atomic
def units_merge(
    *,
    units: list[Unit],
    into: Unit,
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
) -> UnitEvent:
    """`units` stop on the day before `effective_on`; `into` (new or existing) carries on."""
    merged = [u for u in units if u.pk != into.pk]
    if not merged:
        raise DomainError(_("Cần ít nhất một đơn vị để sáp nhập."))
    _require_active(merged, effective_on, legal_document)
    for unit in merged:
        if unit.children.filter(active=True).exists():
            raise DomainError(
                _("Đơn vị %(name)s còn đơn vị trực thuộc đang hoạt động; hãy chuyển chúng trước.")
                % {"name": unit.name}
            )
        _close(unit, effective_on)
    if into.valid_from is None or into.valid_from > effective_on:
        into.valid_from = into.valid_from or effective_on
        into.save()
    return _record(
        UnitEvent.Kind.MERGE,
        effective_on=effective_on,
        legal_document=legal_document,
        by=by,
        before=units,
        after=[into],
    )


@transaction.atomic
def unit_split(
    *,
    unit: Unit,
    into: list[Unit],
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
) -> UnitEvent:
    if len(into) < 2 or unit in into:
        raise DomainError(_("Chia tách cần ít nhất hai đơn vị mới, khác đơn vị cũ."))
    _require_active([unit], effective_on, legal_document)
    if unit.children.filter(active=True).exists():
        raise DomainError(_("Đơn vị còn đơn vị trực thuộc đang hoạt động; hãy chuyển chúng trước."))
    _close(unit, effective_on)
    for new_unit in into:
        if new_unit.valid_from is None:
            new_unit.valid_from = effective_on
            new_unit.save()
    return _record(
        UnitEvent.Kind.SPLIT,
        effective_on=effective_on,
        legal_document=legal_document,
        by=by,
        before=[unit],
        after=into,
    )


@transaction.atomic
def unit_abolish(
    *,
    unit: Unit,
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
    successor: Unit | None = None,
) -> UnitEvent:
    """End a unit (e.g. the district level on 1 July 2025); its children move to `successor`."""
    _require_active([unit], effective_on, legal_document)
    children = list(unit.children.filter(active=True))
    if children and successor is None:
        raise DomainError(_("Đơn vị còn đơn vị trực thuộc; hãy chỉ định đơn vị tiếp nhận."))
    for child in children:
        child.parent = successor
        child.save(update_fields=["parent"])
    _close(unit, effective_on)
    return _record(
        UnitEvent.Kind.ABOLISH,
        effective_on=effective_on,
        legal_document=legal_document,
        by=by,
        before=[unit],
        after=[successor] if successor else [],
    )
