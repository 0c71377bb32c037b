"""Apply a unit-changes file (chitieu/unit-changes@1) through the unit services, all or nothing.

Changes are applied in date order, those of one day in file order (unit-changes.md), each
through the same service the admin calls, so the rules live in one place: a service's refusal
becomes a problem located at its change, the others are still tried so the officer sees every
problem at once, and nothing is written unless every change went through. A change already
recorded (same kind, date, legal document, units) is recognised and skipped: importing a file
twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError, ImportRejected, Problem
from units import permissions
from units.changes_file import ChangeSpec, parse_unit_changes
from units.models import Unit, UnitEvent
from units.services import unit_abolish, unit_rename, unit_split, unit_transfer, units_merge

if TYPE_CHECKING:
    from units.models import User


@dataclass(frozen=True)
class ChangesImported:
    changes: int  # changes newly applied; 0 when the file was already imported

    @property
    def changed(self) -> bool:
        return self.changes > 0

    def __str__(self) -> str:
        return _("%(count)s thay đổi mới được áp dụng") % {"count": self.changes}


def unit_changes_import(*, data: bytes, by: User | None = None) -> ChangesImported:
    """Load a unit-changes file. With `by` (an API user; the command line passes none), every
    unit the file touches must be one `by` manages, and only a superuser changes a province."""
    specs = parse_unit_changes(data)
    with transaction.atomic():
        if by is not None:
            _require_managed(specs, by)
        problems: list[Problem] = []
        applied = 0
        for spec in sorted(specs, key=lambda s: (s.date, s.index)):
            if _recorded(spec):
                continue
            try:
                unit_change_apply(change=spec, by=by)
            except DomainError as refusal:
                problems.append(Problem(spec.path, refusal.message, spec.line))
            else:
                applied += 1
        if problems:
            raise ImportRejected(sorted(problems, key=lambda p: p.line or 0))
    return ChangesImported(applied)


def _require_managed(specs: list[ChangeSpec], by: User) -> None:
    codes = set().union(*(spec.codes() for spec in specs))
    problems = [
        Problem(spec.path, message, spec.line)
        for spec in specs
        for message in _refusals(spec, by, codes)
    ]
    if problems:
        raise ImportRejected(problems)


def unit_change_refusals(*, change: ChangeSpec, by: User) -> list[str]:
    """Why `by` may not record this change (empty when he may): the units import's rule."""
    return _refusals(change, by, change.codes())


def _refusals(spec: ChangeSpec, by: User, codes: set[str]) -> list[str]:
    managed = set(
        permissions.managed_units(by).filter(code__in=codes).values_list("code", flat=True)
    )
    roots = set(Unit.objects.filter(code__in=codes, parent=None).values_list("code", flat=True))
    refusals = [
        _("bạn không quản lý đơn vị %(code)s") % {"code": code}
        for code in sorted(spec.codes() - managed)
    ]
    # Naming a province as a new parent or successor is a province officer's to do; closing,
    # renaming or moving one, or merging into one, changes the province itself.
    changed = set(spec.units) | (set(spec.into) if spec.kind == "merge" else set())
    if not by.is_superuser and changed & roots:
        refusals.append(
            _("chỉ quản trị hệ thống được thay đổi đơn vị cấp tỉnh %(codes)s")
            % {"codes": ", ".join(sorted(changed & roots))}
        )
    return refusals


def _recorded(spec: ChangeSpec) -> bool:
    """The same change already recorded, from this file or another, by hand or by import."""
    before, after = set(spec.units), set(spec.into)
    if spec.kind in {"rename", "transfer"}:
        after = before
    elif spec.kind == "abolish":
        after = {spec.successor} if spec.successor else set()
    events = UnitEvent.objects.filter(
        kind=spec.kind, effective_on=spec.date, legal_document=spec.document
    ).prefetch_related("before", "after")
    for event in events.select_related("successor", "new_parent"):
        if (
            {u.code for u in event.before.all()} == before
            and {u.code for u in event.after.all()} == after
            and (event.successor.code if event.successor else "") == spec.successor
            and (event.new_parent.code if event.new_parent else "") == spec.parent
            and event.new_name == spec.name
        ):
            return True
    return False


def unit_change_apply(
    *,
    change: ChangeSpec,
    by: User | None,
    document_file: File | None = None,
    note: str = "",
) -> UnitEvent:
    """Apply one change through its service (the file import and the admin alike)."""
    units = Unit.objects.in_bulk(change.codes(), field_name="code")
    basis: dict[str, Any] = {
        "effective_on": change.date,
        "legal_document": change.document,
        "by": by,
        "document_file": document_file,
        "note": note,
    }
    first = units[change.units[0]]
    if change.kind == "rename":
        return unit_rename(unit=first, new_name=change.name, **basis)
    if change.kind == "transfer":
        return unit_transfer(unit=first, parent=units[change.parent], **basis)
    if change.kind == "merge":
        merged = [units[code] for code in change.units]
        return units_merge(units=merged, into=units[change.into[0]], **basis)
    if change.kind == "split":
        into = [units[code] for code in change.into]
        return unit_split(unit=first, into=into, primary=units.get(change.successor), **basis)
    return unit_abolish(unit=first, successor=units.get(change.successor), **basis)
