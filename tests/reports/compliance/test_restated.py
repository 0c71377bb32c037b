"""Restated figures, hand-computed (unit-changes.md, "Restated figures").

Q4/2016 (ends 31/12/2016), online public services DOCS_ONLINE, departments, due 31/12/2016:
  Sở TT&TT 95/100, Sở Nội vụ 80/100, Sở KH&CN 90/100, all accepted.
  pooled ≥ 90:    (95+80+90)/300 = 88,333333% missed; units met 2 of 3 (95 and 90).
  each_unit ≥ 85: 2 of 3 departments meet it = 66,666667% (share 100 needed) missed.
On 1/7/2025 Sở Nội vụ merges into Sở KH&CN. Restated onto that structure:
  Sở KH&CN = (80+90)/(100+100) = 85%; Sở TT&TT 95%.
  pooled ≥ 90:    (95+170)/300 = 88,333333% again (every reporting unit has a successor);
                  units met 1 of 2 (85% < 90%).
  each_unit ≥ 85: 2 of 2 = 100% met.
Abolished instead without a successor: Sở Nội vụ is listed apart; pooled (95+90)/200 = 92,5%
met over 2 units; each_unit 2 of 2 = 100% met.
Q3/2025 (after the merger): Sở TT&TT 96/100, Sở KH&CN 180/200. Sở KH&CN's own pooled figure:
historic 90% then 90%; restated 85% (with Sở Nội vụ's report) then 90%.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from reports.compliance import dashboards
from reports.compliance.selectors import compliance_for
from reports.compliance.services import compliance_recompute
from tests.conftest import Province
from tests.factories import (
    PeriodFactory,
    user_with_role,
)
from tests.reports.compliance.dashboard_fixtures import send_report
from tests.reports.compliance.restate_fixtures import (
    MERGED_ON,
    Merger,
    abolish,
    build_merger,
    merge,
)
from units.models import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/dashboard/compliance/"


@pytest.fixture
def merger(province: Province) -> Merger:
    return build_merger(province)


def figures(merger: Merger, **how) -> dict[str, tuple]:
    compliance = compliance_for(directive=merger.directive, period=merger.period,
                                basis="official", **how)  # fmt: skip
    names = {merger.pooled.pk: "pooled", merger.each.pk: "each"}
    return {
        names[f.target.pk]: (f.value, f.met, f.status, f.units_expected, f.units_reported,
                             f.units_met)
        for f in compliance.targets
    }  # fmt: skip


HISTORIC = {
    "pooled": (D("88.333333"), False, "missed", 3, 3, 2),
    "each": (D("66.666667"), False, "missed", 3, 3, 2),
}


def test_before_any_change_the_figures_are_the_hand_computed_ones(merger: Merger) -> None:
    assert figures(merger) == HISTORIC


def test_a_merger_changes_an_each_unit_share_and_not_a_pooled_value(
    merger: Merger, province: Province
) -> None:
    merge(province, merger)
    restated = figures(merger, structure="current", on=MERGED_ON)
    assert restated == {
        "pooled": (D("88.333333"), False, "missed", 2, 2, 1),
        "each": (D("100.000000"), True, "met", 2, 2, 2),
    }
    compliance = compliance_for(directive=merger.directive, period=merger.period,
                                basis="official", structure="current", on=MERGED_ON)  # fmt: skip
    assert compliance.restated and compliance.not_restated == []
    assert (compliance.completeness.expected, compliance.completeness.submitted) == (2, 2)


def test_the_historic_view_stays_the_figures_before_the_change(
    merger: Merger, province: Province
) -> None:
    merge(province, merger)
    assert figures(merger) == HISTORIC
    assert figures(merger, structure="historic") == HISTORIC
    # Restated onto the structure of the day before the merger: nothing to restate.
    assert figures(merger, structure="current", on=MERGED_ON - dt.timedelta(days=1)) == HISTORIC


def test_an_abolished_unit_without_successor_is_listed_apart(
    merger: Merger, province: Province
) -> None:
    abolish(province)
    compliance = compliance_for(directive=merger.directive, period=merger.period,
                                basis="official", structure="current", on=MERGED_ON)  # fmt: skip
    assert figures(merger, structure="current", on=MERGED_ON) == {
        "pooled": (D("92.500000"), True, "met", 2, 2, 2),
        "each": (D("100.000000"), True, "met", 2, 2, 2),
    }
    assert [(n.unit.code, n.reason) for n in compliance.not_restated] == [
        ("VP-SNV", "Đã giải thể, không có đơn vị kế thừa")
    ]
    assert compliance.completeness.expected == 2


def test_a_trend_runs_across_a_merger_when_restated(merger: Merger, province: Province) -> None:
    merge(province, merger)
    after = PeriodFactory(kind="quarter", year=2025, number=3, starts_on=MERGED_ON,
                          ends_on=dt.date(2025, 9, 30), due_on=dt.date(2025, 10, 5))  # fmt: skip
    send_report(merger.directive, after, province.dic, {"DOCS_ONLINE": (96, 100)})
    send_report(merger.directive, after, merger.science, {"DOCS_ONLINE": (180, 200)})
    compliance_recompute(directive=merger.directive, period=after)

    def line(**how) -> list:
        periods, lines = dashboards.trend(
            directive=merger.directive, indicator_id=merger.pooled.indicator_id,
            basis="official", area=merger.science, kind="quarter", **how,
        )  # fmt: skip
        assert periods == [merger.period, after]
        pooled = next(li for li in lines if li.target.pk == merger.pooled.pk)
        return [p.value for p in pooled.points]

    assert line() == [D("90.000000"), D("90.000000")]
    assert line(structure="current", on=MERGED_ON) == [D("85.000000"), D("90.000000")]


def test_the_api_restates_like_the_engine_and_lists_units_apart(
    merger: Merger, province: Province
) -> None:
    abolish(province)
    api = APIClient()
    api.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    query = {"directive": merger.directive.pk, "period": merger.period.pk}
    historic = api.get(URL, query).json()
    assert (historic["structure"], historic["on"], historic["not_restated"]) == (
        "historic", None, [],
    )  # fmt: skip
    assert [t["value"] for t in historic["targets"]] == ["88.333333", "66.666667"]
    answer = api.get(URL, {**query, "structure": "current", "on": "2025-07-01"})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["structure"], body["on"]) == ("current", "2025-07-01")
    assert [(t["value"], t["status"], t["units_expected"]) for t in body["targets"]] == [
        ("92.500000", "met", 2), ("100.000000", "met", 2),
    ]  # fmt: skip
    assert body["not_restated"] == [
        {"unit": "VP-SNV", "name": "Sở Nội vụ", "reason": "Đã giải thể, không có đơn vị kế thừa"}
    ]
    # Without `on`: today's structure, which the abolition is part of.
    assert api.get(URL, {**query, "structure": "current"}).json()["targets"] == body["targets"]


def test_an_unknown_structure_or_date_is_a_400_in_vietnamese(
    merger: Merger, province: Province
) -> None:
    api = APIClient()
    api.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    query = {"directive": merger.directive.pk, "period": merger.period.pk}
    answer = api.get(URL, {**query, "structure": "today"})
    assert answer.status_code == 400
    assert answer.json() == {"structure": [
        "Cơ cấu đơn vị không hợp lệ: chọn historic (theo cơ cấu của kỳ) hoặc current (quy đổi "
        "theo cơ cấu hiện nay)."
    ]}  # fmt: skip
    answer = api.get(URL, {**query, "structure": "current", "on": "1/7/2025"})
    assert answer.status_code == 400
    assert answer.json() == {"on": ["Ngày không hợp lệ: dùng dạng YYYY-MM-DD."]}


def test_the_targets_page_shows_the_restated_figures_marked_with_units_apart(
    merger: Merger, province: Province
) -> None:
    abolish(province)
    leader = Client()
    leader.force_login(user_with_role(Role.LEADER, province.root))
    url = reverse("reports:dashboard_targets", args=[merger.directive.pk])
    historic = leader.get(url)
    assert "QUY ĐỔI" not in historic.content.decode()
    assert [f.value for f in historic.context["rows"]] == [D("88.333333"), D("66.666667")]
    page = leader.get(url, {"structure": "current", "on": "2025-07-01"})
    html = page.content.decode()
    assert "SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY 01/07/2025" in html
    assert [f.value for f in page.context["rows"]] == [D("92.500000"), D("100.000000")]
    assert "Đơn vị không quy đổi được" in html and "Sở Nội vụ" in html
    assert "structure=current" in page.context["scope"].query
    api = APIClient()
    api.force_authenticate(user_with_role(Role.LEADER, province.root))
    body = api.get(URL, {"directive": merger.directive.pk, "period": merger.period.pk,
                         "structure": "current", "on": "2025-07-01"}).json()  # fmt: skip
    assert [D(t["value"]) for t in body["targets"]] == [f.value for f in page.context["rows"]]


def test_the_overview_restates_its_figures_and_cards_marked(
    merger: Merger, province: Province
) -> None:
    abolish(province)
    leader = Client()
    leader.force_login(user_with_role(Role.LEADER, province.root))
    historic = leader.get(reverse("reports:dashboard"))
    assert "QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY" not in historic.content.decode()
    ((board, _, _),) = historic.context["boards"]
    assert [f.value for f in board.compliance.targets] == [D("88.333333"), D("66.666667")]
    page = leader.get(reverse("reports:dashboard"), {"structure": "current"})
    html = page.content.decode()
    assert "SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY" in html
    ((board, _, _),) = page.context["boards"]
    assert [f.value for f in board.compliance.targets] == [D("92.500000"), D("100.000000")]
    assert [p.value for p in board.cards[0].points] == [D("92.500000")]
    assert board.compliance.completeness.expected == 2
    assert "Sở Nội vụ (Đã giải thể, không có đơn vị kế thừa)" in html


def test_the_ranking_scores_the_successors_on_their_pooled_figures(
    merger: Merger, province: Province
) -> None:
    merge(province, merger)
    leader = Client()
    leader.force_login(user_with_role(Role.LEADER, province.root))
    url = reverse("reports:dashboard_ranking", args=[merger.directive.pk])

    def ranked(page) -> list[tuple]:
        return [(r.unit.code, r.rank, r.score) for r in page.context["page"]]

    # Historic: each department on its own report; Sở Nội vụ (80%) meets neither target.
    assert ranked(leader.get(url)) == [
        ("VP-SKHCN", 1, D(100)), ("VP-STTTT", 1, D(100)), ("VP-SNV", 3, D(0)),
    ]  # fmt: skip
    page = leader.get(url, {"structure": "current", "on": "2025-07-01"})
    # Sở KH&CN at 170/200 = 85%: meets ≥ 85 (each unit), misses ≥ 90 (pooled): 1 of 2 weights.
    assert ranked(page) == [("VP-STTTT", 1, D(100)), ("VP-SKHCN", 2, D(50))]
    assert [(m.unit.code, [(t.pk, v) for t, v in m.targets]) for m in page.context["missed"]] == [
        ("VP-SKHCN", [(merger.pooled.pk, D(85))])
    ]
    assert "SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY 01/07/2025" in page.content.decode()
