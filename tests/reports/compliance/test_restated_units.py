"""The heatmap and the units behind a figure, restated (hand-computed; the merger of
restate_fixtures.py, figures in test_restated.py's docstring).

Q4/2016, DOCS_ONLINE: Sở TT&TT 95/100, Sở Nội vụ 80/100, Sở KH&CN 90/100; targets pooled ≥ 90
and each_unit ≥ 85, equal weights.
Historic, per unit: Sở KH&CN 90% (meets both: score 100), Sở Nội vụ 80% (meets neither: 0),
  Sở TT&TT 95% (100). The heatmap's cell is the worse of a unit's two targets.
Sở Nội vụ merged into Sở KH&CN on 1/7/2025, restated: Sở KH&CN (80+90)/(100+100) = 85%: misses
  ≥ 90, meets ≥ 85: cell missed at 85%, score 50; Sở TT&TT 95%, score 100.
Sở Nội vụ abolished instead: Sở KH&CN 90% and Sở TT&TT 95%, both score 100; Sở Nội vụ apart.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.compliance.services import compliance_recompute
from tests.conftest import Province
from tests.factories import UnitFactory, level, user_with_role
from tests.reports.compliance.dashboard_fixtures import send_report
from tests.reports.compliance.restate_fixtures import Merger, abolish, build_merger, merge
from units.models import Role

pytestmark = pytest.mark.django_db
RESTATED = {"structure": "current", "on": "2025-07-01"}


@pytest.fixture
def merger(province: Province) -> Merger:
    return build_merger(province)


@pytest.fixture
def leader(province: Province) -> Client:
    client = Client()
    client.force_login(user_with_role(Role.LEADER, province.root))
    return client


def heat(page) -> list[tuple]:
    return [
        (r.unit.code, r.score, [(c.value, c.status) if c else None for c in r.cells])
        for r in page.context["rows"]
    ]


def test_the_heatmap_restated_pools_a_merged_units_figures_into_its_successor(
    merger: Merger, province: Province, leader: Client
) -> None:
    merge(province, merger)
    url = reverse("reports:dashboard_heatmap", args=[merger.directive.pk])
    assert heat(leader.get(url)) == [
        ("VP-SKHCN", D(100), [(D(90), "met")]),
        ("VP-SNV", D(0), [(D(80), "missed")]),
        ("VP-STTTT", D(100), [(D(95), "met")]),
    ]
    page = leader.get(url, RESTATED)
    assert heat(page) == [
        ("VP-SKHCN", D(50), [(D(85), "missed")]),
        ("VP-STTTT", D(100), [(D(95), "met")]),
    ]
    html = page.content.decode()
    assert "SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY 01/07/2025" in html
    assert "trang này chưa quy đổi" not in html
    assert 'name="structure" value="current"' in html  # the level filter keeps the structure
    best_first = leader.get(url, {**RESTATED, "sort": "-score"})
    assert [r.unit.code for r in best_first.context["rows"]] == ["VP-STTTT", "VP-SKHCN"]
    by_value = leader.get(url, {**RESTATED, "sort": "DOCS_ONLINE"})
    assert [r.unit.code for r in by_value.context["rows"]] == ["VP-SKHCN", "VP-STTTT"]


def test_the_heatmap_restated_lists_an_abolished_unit_apart(
    merger: Merger, province: Province, leader: Client
) -> None:
    abolish(province)
    page = leader.get(reverse("reports:dashboard_heatmap", args=[merger.directive.pk]), RESTATED)
    assert heat(page) == [
        ("VP-SKHCN", D(100), [(D(90), "met")]),
        ("VP-STTTT", D(100), [(D(95), "met")]),
    ]
    assert [(n.unit.code, n.reason) for n in page.context["not_restated"]] == [
        ("VP-SNV", "Đã giải thể, không có đơn vị kế thừa")
    ]
    assert "Đơn vị không quy đổi được" in page.content.decode()


def test_the_units_behind_a_figure_restated_show_the_pooled_reports(
    merger: Merger, province: Province, leader: Client
) -> None:
    merge(province, merger)
    url = reverse("reports:dashboard_units", args=[merger.directive.pk, merger.pooled.pk])

    def units(page) -> list[tuple]:
        return [(u.unit.code, u.value, u.numerator, u.denominator, u.status)
                for u in page.context["units"]]  # fmt: skip

    historic = leader.get(url)
    assert [(u.unit.code, u.value, u.status) for u in historic.context["units"]] == [
        ("VP-SNV", D(80), "missed"), ("VP-SKHCN", D(90), "met"), ("VP-STTTT", D(95), "met"),
    ]  # fmt: skip
    page = leader.get(url, RESTATED)
    assert units(page) == [
        ("VP-SKHCN", D(85), D(170), D(200), "missed"),
        ("VP-STTTT", D(95), D(95), D(100), "met"),
    ]
    science, dic = page.context["units"]
    assert [p.unit.code for p in science.pooled_from] == ["VP-SKHCN", "VP-SNV"]  # by name
    assert all(p.submission_id for p in science.pooled_from) and science.submission_id is None
    assert dic.pooled_from == [] and dic.submission_id  # its own report, nothing pooled
    # The figure on top is the restated one: (95 + 170) / 300, 1 of 2 successors met.
    figure = page.context["figure"]
    assert (figure.value, figure.units_met, figure.units_expected) == (D("88.333333"), 1, 2)
    html = page.content.decode()
    assert "Gộp từ" in html and "SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY 01/07/2025" in html


def test_the_restated_pages_read_a_fixed_number_of_queries(
    merger: Merger, province: Province, leader: Client, django_assert_num_queries
) -> None:
    merge(province, merger)
    heatmap = reverse("reports:dashboard_heatmap", args=[merger.directive.pk])
    units = reverse("reports:dashboard_units", args=[merger.directive.pk, merger.pooled.pk])
    leader.get(heatmap, RESTATED)  # warm the session and the caches
    counts = []
    for url in (heatmap, units):
        cache.clear()  # counted as computed, not as read from the figures cache
        with CaptureQueriesContext(connection) as first:
            leader.get(url, RESTATED)
        counts.append(len(first.captured_queries))
    # Ten more departments reporting change no count.
    for number in range(10):
        unit = UnitFactory(code=f"VP-S{number}", name=f"Sở thứ {number}", parent=province.root,
                           level=level("department"))  # fmt: skip
        send_report(merger.directive, merger.period, unit, {"DOCS_ONLINE": (90, 100)})
    compliance_recompute(directive=merger.directive, period=merger.period)
    for url, count in zip((heatmap, units), counts, strict=True):
        cache.clear()
        with django_assert_num_queries(count):
            page = leader.get(url, RESTATED)
        assert page.status_code == 200
