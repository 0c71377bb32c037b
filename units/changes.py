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
from typing import TYPE_CHECKING

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
            units = Unit.objects.in_bulk(spec.codes(), field_name="code")
            if _recorded(spec):
                continue
            try:
                _apply(spec, units, by)
            except DomainError as refusal:
                problems.append(Problem(spec.path, refusal.message, spec.line))
            else:
                applied += 1
        if problems:
            raise ImportRejected(sorted(problems, key=lambda p: p.line or 0))
    return ChangesImported(applied)


def _require_managed(specs: list[ChangeSpec], by: User) -> None:
    codes = set().union(*(spec.codes() for spec in specs))
    managed = set(
        permissions.managed_units(by).filter(code__in=codes).values_list("code", flat=True)
    )
    roots = set(Unit.objects.filter(code__in=codes, parent=None).values_list("code", flat=True))
    problems = []
    for spec in specs:
        for code in sorted(spec.codes() - managed):
            problems.append(
                Problem(
                    spec.path, _("bạn không quản lý đơn vị %(code)s") % {"code": code}, spec.line
                )
            )
        # Naming a province as a new parent or successor is a province officer's to do; closing,
        # renaming or moving one, or merging into one, changes the province itself.
        changed = set(spec.units) | (set(spec.into) if spec.kind == "merge" else set())
        if not by.is_superuser and changed & roots:
            problems.append(
                Problem(
                    spec.path,
                    _("chỉ quản trị hệ thống được thay đổi đơn vị cấp tỉnh %(codes)s")
                    % {"codes": ", ".join(sorted(changed & roots))},
                    spec.line,
                )
            )
    if problems:
        raise ImportRejected(problems)


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


def _apply(spec: ChangeSpec, units: dict[str, Unit], by: User | None) -> UnitEvent:
    basis = {"effective_on": spec.date, "legal_document": spec.document, "by": by}
    if spec.kind == "rename":
        return unit_rename(unit=units[spec.units[0]], new_name=spec.name, **basis)  # type: ignore[arg-type]
    if spec.kind == "transfer":
        return unit_transfer(unit=units[spec.units[0]], parent=units[spec.parent], **basis)  # type: ignore[arg-type]
    if spec.kind == "merge":
        merged = [units[code] for code in spec.units]
        return units_merge(units=merged, into=units[spec.into[0]], **basis)  # type: ignore[arg-type]
    if spec.kind == "split":
        return unit_split(
            unit=units[spec.units[0]],
            into=[units[code] for code in spec.into],
            primary=units.get(spec.successor),
            **basis,  # type: ignore[arg-type]
        )
    return unit_abolish(unit=units[spec.units[0]], successor=units.get(spec.successor), **basis)  # type: ignore[arg-type]
