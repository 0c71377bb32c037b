"""The directive file's format (chitieu/directive@1): its keys and the specs a checked file
becomes."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

FORMAT = "chitieu/directive@1"
TOP_KEYS = {"format": True, "directive": True, "indicators": False, "tasks": True}
DIRECTIVE_KEYS = {
    "code": True,
    "kind": True,
    "title": True,
    "issuer": True,
    "issued_on": True,
    "effective_from": True,
    "effective_to": False,
    "reporting": True,
    "report_to": True,
    "due_working_days": False,
}
INDICATOR_KEYS = {
    "code": True,
    "name": True,
    "kind": True,
    "numerator": False,
    "denominator": False,
    "unit": False,
    "higher_is_better": False,
}
TASK_KEYS = {
    "number": True,
    "title": True,
    "lead": True,
    "support": False,
    "due": False,
    "targets": False,
}
TARGET_KEYS = {
    "indicator": True,
    "op": True,
    "value": True,
    "due": False,
    "scope": True,
    "judge": True,
    "units_share": False,
    "change_per_year": False,
}
INDICATOR_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Selector:
    """A named unit, or every unit of a level (`@district`)."""

    unit_code: str | None = None
    level_code: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    # None when the file lists a known indicator by code alone.
    name: str | None = None
    kind: str = ""
    numerator: str = ""
    denominator: str = ""
    unit: str = ""
    higher_is_better: bool = True


@dataclass(frozen=True)
class TargetSpec:
    indicator: str
    op: str
    value: Decimal
    due: datetime.date | None
    scope: tuple[Selector, ...]
    judge: str
    units_share: Decimal | None
    change_per_year: bool


@dataclass(frozen=True)
class TaskSpec:
    number: str
    title: str
    lead: tuple[Selector, ...]
    support: tuple[Selector, ...]
    due: datetime.date | None
    targets: tuple[TargetSpec, ...]


@dataclass
class DirectiveSpec:
    code: str
    kind: str
    title: str
    issuer: str
    issued_on: datetime.date
    effective_from: datetime.date
    effective_to: datetime.date | None
    reporting: list[str]
    report_to: str
    due_working_days: int | None
    indicators: list[IndicatorSpec] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)
