"""The published document: exactly what the compliance API shows for the whole province (the
same serializer over the same query layer), plus what names it; nothing personal."""

from __future__ import annotations

import datetime
import json
from typing import Any

from directives.models import Directive
from reports.compliance.api import ComplianceSerializer
from reports.compliance.models import ComplianceRun
from reports.compliance.selectors import compliance_for
from reports.periods.models import Period
from units.models import Unit

SCHEMA_VERSION = "1.0"
BASIS = ComplianceRun.Basis.OFFICIAL
HISTORIC, RESTATED = "historic", "current"
STRUCTURES = (HISTORIC, RESTATED)


def official_figures(
    *, directive: Directive, period: Period, province: Unit, structure: str = HISTORIC,
    on: datetime.date | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The compliance API's answer for the province root, as plain JSON values: in the
    structure of the period's time, or restated onto that of `on` (`structure=current`, the
    API's same query)."""
    compliance = compliance_for(directive=directive, period=period, basis=BASIS, area=province,
                                structure=structure, on=on)  # fmt: skip
    # A JSON round trip turns DRF's ordered dicts and lazy strings into plain, storable values.
    return json.loads(json.dumps(ComplianceSerializer(compliance).data))


def sdmx_period(period: Period) -> str:
    """The period as SDMX writes it: 2016, 2016-S1, 2016-Q4, 2016-M03 (nine months: its end)."""
    if period.kind == "quarter":
        return f"{period.year}-Q{period.number}"
    if period.kind == "half_year":
        return f"{period.year}-S{period.number}"
    if period.kind == "month":
        return f"{period.year}-M{period.number:02d}"
    if period.kind == "nine_months":
        return f"{period.starts_on.isoformat()}/{period.ends_on.isoformat()}"
    return str(period.year)


def publication_document(
    *,
    figures: dict[str, Any],
    directive: Directive,
    period: Period,
    province: Unit,
    version: int,
    published_at: datetime.datetime,
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "province": province.code,
        "directive": {"id": directive.pk, "code": directive.code, "title": directive.title},
        "period": {
            "id": period.pk,
            "label": period.label,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "sdmx": sdmx_period(period),
        },
        "version": version,
        "basis": BASIS,
        "structure": figures["structure"],
        # Restated figures: the day whose structure of units they are on, and the units whose
        # figures could not be carried over (abolished without successor…).
        "restated_on": figures["on"] if figures["structure"] == RESTATED else None,
        "not_restated": figures["not_restated"],
        "published_at": published_at.isoformat(),
        "computed_at": figures["computed_at"],
        "targets": figures["targets"],
        "completeness": figures["completeness"],
    }
