"""Reads of the published figures: what the public sees (live publications only), and what an
officer may withdraw."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from reports.compliance.charts import Series
from reports.compliance.texts import STATUS_LABELS
from reports.publications.models import FeedEntry, Publication
from units.models import Unit
from units.permissions import in_provinces, publishing_roots
from units.selectors import province_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def public_province(code: str) -> Unit | None:
    return Unit.objects.filter(code=code, parent__isnull=True).first()


def live_publications(*, province: Unit) -> QuerySet[Publication]:
    return (
        Publication.objects.filter(province=province, withdrawn_at__isnull=True)
        .select_related("directive", "period", "province")
        .order_by("directive__code", "-period__starts_on", "-pk")
    )


def live_publication(*, province: Unit, pk: int) -> Publication | None:
    return live_publications(province=province).filter(pk=pk).first()


@dataclass(frozen=True)
class TrendPoint:
    period: str
    value: str | None
    status: str


def target_key(target: dict[str, Any]) -> str:
    """A target across periods: its task, indicator and scope (a directive's targets keep them)."""
    return f"{target['task']}|{target['indicator']}|{','.join(target['scope'])}"


def trends(publication: Publication) -> dict[str, list[TrendPoint]]:
    """target key -> its value in each live publication of the same directive, oldest first:
    the trend, as published (never recomputed)."""
    rows = (
        Publication.objects.filter(
            province_id=publication.province_id,
            directive_id=publication.directive_id,
            withdrawn_at__isnull=True,
            period__starts_on__lte=publication.period.starts_on,
        )
        .select_related("period")
        .order_by("period__starts_on", "pk")
    )
    found: dict[str, list[TrendPoint]] = defaultdict(list)
    for row in rows:
        for target in row.document["targets"]:
            point = TrendPoint(str(row.period.label), target["value"], target["status"])
            found[target_key(target)].append(point)
    return dict(found)


def readable_feed(user: User | AnonymousUser) -> QuerySet[FeedEntry]:
    """The entries of the provinces whose figures the user publishes (a receiver's service
    account holds that role on the province's root unit)."""
    roots = publishing_roots(user)
    entries = in_provinces(FeedEntry.objects.all(), user)
    return entries if roots is None else entries.filter(publication__province_id__in=roots)


def feed_since(*, entries: QuerySet[FeedEntry], cursor: int, limit: int) -> list[FeedEntry]:
    return list(entries.filter(pk__gt=cursor).order_by("pk")[:limit])


@dataclass(frozen=True)
class PublishedTarget:
    task: str
    indicator: str
    scope: str
    op: str
    target: Decimal
    due: datetime.date | None
    value: Decimal | None
    status: str
    status_label: str
    units_expected: int
    units_reported: int
    units_met: int
    trend: list[TrendPoint]


@dataclass(frozen=True)
class PublicPage:
    publication: Publication
    targets: list[PublishedTarget]
    completeness: dict[str, int]
    trend_labels: list[str]
    trend_series: list[Series]
    licence: str
    restated_on: datetime.date | None  # restated figures: the day of their structure of units
    not_restated: list[dict[str, str]]


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def public_page(publication: Publication) -> PublicPage:
    """The page of one publication, read from its frozen document and those of the directive's
    earlier live publications (the trend)."""
    lines = trends(publication)
    labels = [point.period for point in max(lines.values(), key=len, default=[])]
    targets, series = [], []
    for t in publication.document["targets"]:
        key = target_key(t)
        due = datetime.date.fromisoformat(t["due"]) if t["due"] else None
        targets.append(PublishedTarget(
            t["task"], t["indicator"], " ".join(t["scope"]), t["op"], Decimal(t["target"]), due,
            _decimal(t["value"]), t["status"], str(STATUS_LABELS.get(t["status"], t["status"])),
            t["units_expected"], t["units_reported"], t["units_met"], lines.get(key, []),
        ))  # fmt: skip
        by_period = {point.period: _decimal(point.value) for point in lines.get(key, [])}
        name = f"{t['task']} · {t['indicator']} · {' '.join(t['scope'])}"
        series.append(Series(name, [by_period.get(label) for label in labels]))
    return PublicPage(
        publication, targets, publication.document["completeness"], labels, series,
        province_profile(publication.province).open_data_licence,
        datetime.date.fromisoformat(publication.restated_on) if publication.restated_on else None,
        publication.document.get("not_restated", []),
    )  # fmt: skip
