"""Writes to the unit tree: imports and dated changes (merge, split, rename, abolition)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError, ImportRejected, Problem
from config.records import assign_changed
from config.refresh import compliance_refresh_later
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
        summary = _apply_rows(rows)
        if summary.created or summary.updated:
            compliance_refresh_later(directive_id=None)
        return summary


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
            **row.dates,
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
        if unit.valid_from is not None and day < unit.valid_from:
            raise DomainError(
                _("Đơn vị %(name)s chỉ có từ ngày %(start)s, sau ngày thay đổi %(day)s.")
                % {
                    "name": unit.name,
                    "start": f"{unit.valid_from:%d/%m/%Y}",
                    "day": f"{day:%d/%m/%Y}",
                }
            )
        if not unit.active or not unit.is_valid_on(day):
            raise DomainError(
                _("Đơn vị %(name)s không còn hoạt động vào ngày %(day)s.")
                % {"name": unit.name, "day": f"{day:%d/%m/%Y}"}
            )


def _require_no_children(unit: Unit) -> None:
    """A closed unit leaves no active unit without its place in a tree: move them first."""
    if unit.children.filter(active=True).exists():
        raise DomainError(
            _("Đơn vị %(name)s còn đơn vị trực thuộc đang hoạt động; hãy chuyển chúng trước.")
            % {"name": unit.name}
        )


def _close(unit: Unit, effective_on: datetime.date) -> None:
    unit.valid_to = effective_on - datetime.timedelta(days=1)
    unit.active = False
    unit.save(update_fields=["valid_to", "active"])


def _open(unit: Unit, effective_on: datetime.date) -> None:
    """A unit created by the change (declared in the units CSV) starts on its date."""
    if unit.valid_from is None:
        unit.valid_from = effective_on
        unit.save(update_fields=["valid_from"])


@dataclass(frozen=True)
class ChangeBasis:
    """When and on what legal basis a change takes effect, and who records it."""

    effective_on: datetime.date
    legal_document: str
    by: User | None = None
    document_file: File | None = None
    note: str = ""


def _record(
    kind: str, basis: ChangeBasis, *, before: list[Unit], after: list[Unit], **extra: object
) -> UnitEvent:
    event = UnitEvent(
        kind=kind,
        effective_on=basis.effective_on,
        legal_document=basis.legal_document.strip(),
        recorded_by=basis.by,
        note=basis.note,
        **extra,
    )
    if basis.document_file is not None:
        event.document_file = basis.document_file
    event.save()
    # Units opened, closed or moved change who is expected to report on every directive.
    compliance_refresh_later(directive_id=None)
    event.before.set(before)
    event.after.set(after)
    return event


@transaction.atomic
def unit_rename(
    *,
    unit: Unit,
    new_name: str,
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
    document_file: File | None = None,
    note: str = "",
) -> UnitEvent:
    """Rename in place: past reports show the old name through `unit_name_on`."""
    basis = ChangeBasis(effective_on, legal_document, by, document_file, note)
    _require_active([unit], basis.effective_on, basis.legal_document)
    new_name = new_name.strip()
    if not new_name or new_name == unit.name:
        raise DomainError(_("Tên mới phải khác tên hiện tại."))
    if len(new_name) > 255:
        raise DomainError(_("Tên mới dài quá 255 ký tự."))
    old_name = unit.name
    unit.name = new_name
    unit.save()
    return _record(
        UnitEvent.Kind.RENAME,
        basis,
        before=[unit],
        after=[unit],
        old_name=old_name,
        new_name=new_name,
    )


@transaction.atomic
def unit_transfer(
    *,
    unit: Unit,
    parent: Unit,
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
    document_file: File | None = None,
    note: str = "",
) -> UnitEvent:
    """Move a unit (with its subtree) under another parent; it keeps its code and reports."""
    basis = ChangeBasis(effective_on, legal_document, by, document_file, note)
    _require_active([unit, parent], basis.effective_on, basis.legal_document)
    if parent.pk == unit.parent_id:
        raise DomainError(_("Đơn vị %(name)s đã ở dưới đơn vị này.") % {"name": unit.name})
    if Unit.objects.descendants(unit, include_self=True).filter(pk=parent.pk).exists():
        raise DomainError(
            _("Không thể chuyển %(name)s vào dưới chính nó hay đơn vị trực thuộc của nó.")
            % {"name": unit.name}
        )
    old_parent = unit.parent
    unit.parent = parent
    unit.save(update_fields=["parent"])
    return _record(
        UnitEvent.Kind.TRANSFER,
        basis,
        before=[unit],
        after=[unit],
        old_parent=old_parent,
        new_parent=parent,
    )


@transaction.atomic
def units_merge(
    *,
    units: list[Unit],
    into: Unit,
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
    document_file: File | None = None,
    note: str = "",
) -> UnitEvent:
    """`units` stop on the day before the change; `into` (one of them, or a unit created on
    that day) carries on and takes their figures when restated."""
    basis = ChangeBasis(effective_on, legal_document, by, document_file, note)
    # A unit created by the merge is declared in the units CSV with its `valid_from`; an
    # existing `into` keeps its own dates (it reported before the merge too).
    merged = list({u.pk: u for u in units if u.pk != into.pk}.values())
    if not merged:
        raise DomainError(_("Sáp nhập cần ít nhất hai đơn vị."))
    _require_active([*merged, into], basis.effective_on, basis.legal_document)
    for unit in merged:
        _require_no_children(unit)
        _close(unit, basis.effective_on)
    return _record(UnitEvent.Kind.MERGE, basis, before=units, after=[into], successor=into)


@transaction.atomic
def unit_split(
    *,
    unit: Unit,
    into: list[Unit],
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
    document_file: File | None = None,
    note: str = "",
    primary: Unit | None = None,
) -> UnitEvent:
    """`unit` stops; `into` (units created on that day) carry on. Its figures go to `primary`
    when restated, or are listed apart without one."""
    basis = ChangeBasis(effective_on, legal_document, by, document_file, note)
    if len({u.pk for u in into}) < 2 or unit in into:
        raise DomainError(_("Chia tách cần ít nhất hai đơn vị mới, khác đơn vị cũ."))
    if primary is not None and primary not in into:
        raise DomainError(_("Đơn vị chính phải là một trong các đơn vị mới."))
    for new_unit in into:
        _open(new_unit, basis.effective_on)
    _require_active([unit, *into], basis.effective_on, basis.legal_document)
    _require_no_children(unit)
    _close(unit, basis.effective_on)
    return _record(UnitEvent.Kind.SPLIT, basis, before=[unit], after=into, successor=primary)


@transaction.atomic
def unit_abolish(
    *,
    unit: Unit,
    effective_on: datetime.date,
    legal_document: str,
    by: User | None,
    document_file: File | None = None,
    note: str = "",
    successor: Unit | None = None,
) -> UnitEvent:
    """End a unit (e.g. the district level on 1 July 2025); its children move to `successor`,
    each move recorded as a transfer of the same date and basis."""
    basis = ChangeBasis(effective_on, legal_document, by, document_file, note)
    if successor is not None and successor.pk == unit.pk:
        raise DomainError(_("Đơn vị không thể tự kế thừa chính nó."))
    _require_active(
        [unit, *([successor] if successor else [])], basis.effective_on, basis.legal_document
    )
    children = list(unit.children.filter(active=True))
    if children and successor is None:
        raise DomainError(
            _("Đơn vị %(name)s còn đơn vị trực thuộc; hãy chỉ định đơn vị tiếp nhận.")
            % {"name": unit.name}
        )
    event = _record(
        UnitEvent.Kind.ABOLISH,
        basis,
        before=[unit],
        after=[successor] if successor else [],
        successor=successor,
    )
    for child in children:
        # The decision's file stays on the abolition's record, not copied onto each move.
        unit_transfer(
            unit=child,
            parent=successor,
            effective_on=effective_on,
            legal_document=legal_document,
            by=by,
            note=note,
        )
    _close(unit, basis.effective_on)
    return event
