"""The leaders' dashboard pages: the hand-computed figures on screen, filters, drill-down,
visibility by role, and query counts that do not grow with the number of units."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.compliance.services import compliance_recompute
from reports.submissions.models import Submission
from tests.conftest import Province, make_province
from tests.factories import UnitFactory, level, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard, send_report
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leader(province: Province) -> Client:
    return client_for(user_with_role(Role.LEADER, province.root))


def page(client: Client, name: str, dash: Dashboard, *args: int, **query: str) -> str:
    answer = client.get(reverse(f"reports:{name}", args=[dash.directive.pk, *args]), query)
    assert answer.status_code == 200, answer.status_code
    return answer.content.decode()


def test_the_overview_shows_each_directives_share_met_and_completeness(
    dash: Dashboard, leader: Client
) -> None:
    html = leader.get(reverse("reports:dashboard")).content.decode()
    assert "36a/KH-UBND" in html
    assert "25%" in html and "chỉ tiêu đạt (1/4)" in html
    assert "Báo cáo: 6/6 đơn vị đã gửi, 1 nộp muộn" in html
    assert "87,5%" in html  # the key indicator card of the departments' target
    assert "Số liệu tính lúc" in html
    assert "SỐ LIỆU TẠM TÍNH" not in html


def test_the_provisional_switch_is_marked_and_adds_reports_waiting(
    dash: Dashboard, leader: Client
) -> None:
    html = page(leader, "dashboard_targets", dash, basis="provisional")
    assert "SỐ LIỆU TẠM TÍNH" in html
    assert "30%" in html  # communes: 6/20 with Hợp Châu's report waiting for review


def test_the_targets_page_shows_values_verdicts_and_rules(dash: Dashboard, leader: Client) -> None:
    html = page(leader, "dashboard_targets", dash)
    for text in ("87,5%", "75%", "10%", "50% đơn vị đạt", "Không đạt", "Chưa đến hạn",
                 "Tỷ lệ gộp: tổng tử số / tổng mẫu số", "Tỷ lệ đơn vị đạt", "31/12/2016"):  # fmt: skip
        assert text in html, text


def test_the_targets_page_filters_by_status_and_level(dash: Dashboard, leader: Client) -> None:
    missed = page(leader, "dashboard_targets", dash, status="missed")
    assert "87,5%" in missed and "10%" in missed and "75%" not in missed
    district = page(leader, "dashboard_targets", dash, level="district")
    # The district ratio target and the officers target (districts and communes).
    assert "75%" in district and "50% đơn vị đạt" in district and "87,5%" not in district


def test_a_missed_target_drills_down_to_its_units_worst_first_and_their_reports(
    dash: Dashboard, leader: Client
) -> None:
    html = page(leader, "dashboard_units", dash, dash.targets["department"].pk)
    table = html[html.index("Các đơn vị, yếu nhất trước") :]
    assert table.index("Sở Nội vụ") < table.index("Sở Thông tin và Truyền thông")
    report = reverse("reports:review", args=[dash.submissions["VP-SNV"].pk])
    assert report in html
    assert leader.get(report).status_code == 200


def test_the_heatmap_colours_cells_against_each_units_own_target(
    dash: Dashboard, leader: Client
) -> None:
    html = page(leader, "dashboard_heatmap", dash, sort="-DOCS_ONLINE")
    assert html.count("cell-missed") >= 2 and "cell-met" in html and "cell-no_data" in html
    table = html[html.index('class="grid heatmap"') :]
    assert table.index("Sở Thông tin và Truyền thông") < table.index("UBND xã Hợp Châu")


def test_the_heatmap_reads_in_names_and_percentages(dash: Dashboard, leader: Client) -> None:
    html = page(leader, "dashboard_heatmap", dash)
    head = html[html.index('class="grid heatmap"') : html.index("</thead>")]
    assert "Tỷ lệ dịch vụ công trực tuyến" in head and "Cán bộ chuyên trách CNTT" in head
    assert ">DOCS_ONLINE<" not in head and ">IT_OFFICERS<" not in head
    assert ">95%</a>" in html and ">80%</a>" in html  # STTTT 95/100, Sở Nội vụ 80/100


def test_every_heatmap_cell_links_to_that_units_report_for_the_period(
    dash: Dashboard, leader: Client
) -> None:
    html = page(leader, "dashboard_heatmap", dash)
    snv = reverse("reports:review", args=[dash.submissions["VP-SNV"].pk])
    district = reverse("reports:review", args=[dash.submissions["VP-VINHYEN"].pk])
    assert html.count(f'<a href="{snv}">') == 1  # its one indicator
    assert html.count(f'<a href="{district}">') == 2  # online services and IT officers
    assert leader.get(district).status_code == 200


def test_a_heatmap_link_opens_only_for_those_who_may_see_the_report(
    dash: Dashboard, province: Province
) -> None:
    district = client_for(user_with_role(Role.LEADER, province.district))
    html = page(district, "dashboard_heatmap", dash)
    assert reverse("reports:review", args=[dash.submissions["VP-VINHYEN"].pk]) in html
    outside = reverse("reports:review", args=[dash.submissions["VP-SNV"].pk])
    assert outside not in html
    assert district.get(outside).status_code == 404


def test_the_ranking_lists_units_that_missed_targets_due(dash: Dashboard, leader: Client) -> None:
    html = page(leader, "dashboard_ranking", dash)
    missed = html[html.index("Đơn vị chưa hoàn thành chỉ tiêu") :]
    assert "Sở Nội vụ" in missed and "UBND phường Liên Bảo" in missed
    assert "UBND thành phố Vĩnh Yên" not in missed


def test_the_ranking_opens_within_the_level_most_units_are_at(
    dash: Dashboard, province: Province, leader: Client
) -> None:
    extra = UnitFactory(code="VP-VINHYEN-X", parent=province.district, level=level("commune"))
    send_report(dash.directive, dash.period, extra, {"DOCS_ONLINE": (5, 10), "IT_OFFICERS": 1})
    compliance_recompute(directive=dash.directive, period=dash.period)
    html = page(leader, "dashboard_ranking", dash)
    ranking = html[html.index("Bảng xếp hạng") : html.index("Đơn vị chưa hoàn thành chỉ tiêu")]
    assert '<option value="commune" selected>' in html and "Bảng xếp hạng: Cấp xã" in ranking
    assert "UBND phường Liên Bảo" in ranking and extra.name in ranking
    assert "Sở Nội vụ" not in ranking and "UBND huyện Tam Đảo" not in ranking
    every = page(leader, "dashboard_ranking", dash, level="")
    every = every[every.index("Bảng xếp hạng") : every.index("Đơn vị chưa hoàn thành chỉ tiêu")]
    assert "Sở Nội vụ" in every and "UBND huyện Tam Đảo" in every


def test_overview_cards_name_the_level_their_target_binds(dash: Dashboard, leader: Client) -> None:
    html = leader.get(reverse("reports:dashboard")).content.decode()
    # The departments' 90% and the districts' 70% on the same indicator, each named.
    assert "Áp dụng cho: <strong>Sở, ban, ngành</strong>" in html
    assert "Áp dụng cho: <strong>Cấp huyện</strong>" in html
    assert 'data-percent="1"' in html  # a ratio's chart reads in percent


def test_each_unit_targets_chart_in_percent_with_a_labelled_line_per_level(
    dash: Dashboard, leader: Client
) -> None:
    html = page(leader, "dashboard_trends", dash, indicator="IT_OFFICERS")
    assert 'data-percent="1"' in html  # the share of units meeting it
    online = page(leader, "dashboard_trends", dash, indicator="DOCS_ONLINE")
    for scope in ("Sở, ban, ngành", "Cấp huyện", "Cấp xã"):
        assert f"Chỉ tiêu {scope} (" in online


def test_the_trend_page_has_a_chart_table_with_the_target_line(
    dash: Dashboard, leader: Client
) -> None:
    html = page(leader, "dashboard_trends", dash, indicator="DOCS_ONLINE")
    assert 'data-chart="line"' in html and 'data-kind="target"' in html
    assert 'data-value="87.5"' in html and "Quý IV năm 2016" in html


def test_a_district_leader_sees_only_their_district(dash: Dashboard, province: Province) -> None:
    district = client_for(user_with_role(Role.LEADER, province.district))
    html = district.get(reverse("reports:dashboard")).content.decode()
    assert "UBND thành phố Vĩnh Yên" in html and "Báo cáo: 2/2 đơn vị đã gửi" in html
    ranking = page(district, "dashboard_ranking", dash)
    assert "UBND huyện Tam Đảo" not in ranking and "Sở Nội vụ" not in ranking
    targets_url = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    assert district.get(targets_url, {"unit": "VP"}).status_code == 403
    assert district.get(targets_url, {"unit": "VP-TAMDAO"}).status_code == 403
    units_url = reverse("reports:dashboard_units", args=[dash.directive.pk,
                                                         dash.targets["department"].pk])  # fmt: skip
    assert "Sở Nội vụ" not in district.get(units_url).content.decode()


def test_outsiders_anonymous_and_wrong_methods_are_refused(dash: Dashboard) -> None:
    other = make_province("BT", "Bình Thuận")
    stranger = client_for(user_with_role(Role.LEADER, other.root))
    url = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    assert stranger.get(url).status_code == 404  # as a missing one: ids cannot be probed
    assert Client().get(url).status_code == 302
    leader = client_for(user_with_role(Role.LEADER, dash.directive.report_to.parent))
    assert leader.post(url).status_code == 405
    assert leader.get(reverse("reports:dashboard_targets", args=[999999])).status_code == 404
    units = reverse("reports:dashboard_units", args=[dash.directive.pk, 999999])
    assert leader.get(units).status_code == 404


@pytest.mark.parametrize(
    "name", ["dashboard_targets", "dashboard_heatmap", "dashboard_ranking", "dashboard_trends"]
)
def test_pages_cost_the_same_queries_with_more_units(
    dash: Dashboard, province: Province, leader: Client, name: str
) -> None:
    url = reverse(f"reports:{name}", args=[dash.directive.pk])

    def queries(query: dict) -> int:
        cache.clear()  # what computing the page costs, not reading it from the cache
        with CaptureQueriesContext(connection) as captured:
            assert leader.get(url, query).status_code == 200
        return len(captured.captured_queries)

    leader.get(url)
    before = (queries({}), queries({"unit": "VP-VINHYEN"}))
    assert min(before) > 10  # the pages' queries are counted
    for n in range(4):
        commune = UnitFactory(code=f"VP-VINHYEN-X{n}", parent=province.district,
                              level=level("commune"))  # fmt: skip
        send_report(dash.directive, dash.period, commune,
                    {"DOCS_ONLINE": (n, 10), "IT_OFFICERS": 1})  # fmt: skip
    compliance_recompute(directive=dash.directive, period=dash.period)
    assert (queries({}), queries({"unit": "VP-VINHYEN"})) == before


@pytest.mark.parametrize("target", ["commune", "officers"])
def test_the_units_behind_a_target_cost_the_same_queries_with_more_units(
    dash: Dashboard, province: Province, leader: Client, target: str
) -> None:
    url = reverse("reports:dashboard_units", args=[dash.directive.pk, dash.targets[target].pk])

    def queries(query: dict) -> tuple[int, int]:
        cache.clear()  # what computing the page costs, not reading it from the cache
        with CaptureQueriesContext(connection) as captured:
            answer = leader.get(url, query)
        assert answer.status_code == 200
        return len(captured.captured_queries), answer.content.decode().count("<tr")

    leader.get(url)
    before = (queries({}), queries({"unit": "VP-VINHYEN"}))
    assert min(count for count, _ in before) > 10  # the page's queries are counted
    for n in range(4):
        commune = UnitFactory(code=f"VP-VINHYEN-X{n}", parent=province.district,
                              level=level("commune"))  # fmt: skip
        send_report(dash.directive, dash.period, commune,
                    {"DOCS_ONLINE": (n, 10), "IT_OFFICERS": 1})  # fmt: skip
    compliance_recompute(directive=dash.directive, period=dash.period)
    after = (queries({}), queries({"unit": "VP-VINHYEN"}))
    assert [count for count, _ in after] == [count for count, _ in before]
    # The same queries now list four more units (rows) on each page.
    assert [rows for _, rows in after] == [rows + 4 for _, rows in before]


def test_the_overview_costs_the_same_queries_with_more_units(
    dash: Dashboard, province: Province, leader: Client
) -> None:
    url = reverse("reports:dashboard")
    leader.get(url)
    cache.clear()  # what computing the page costs, not reading it from the cache
    with CaptureQueriesContext(connection) as first:
        leader.get(url)
    for n in range(4):
        commune = UnitFactory(code=f"VP-VINHYEN-X{n}", parent=province.district,
                              level=level("commune"))  # fmt: skip
        send_report(dash.directive, dash.period, commune, {"DOCS_ONLINE": (1, 2),
                                                            "IT_OFFICERS": 2})  # fmt: skip
    compliance_recompute(directive=dash.directive, period=dash.period)
    with CaptureQueriesContext(connection) as second:
        leader.get(url)
    assert len(second.captured_queries) == len(first.captured_queries) > 10


def test_the_overview_loads_the_overdue_task_count_after_the_page(
    dash: Dashboard, leader: Client, province: Province
) -> None:
    html = leader.get(reverse("reports:dashboard")).content.decode()
    url = reverse("reports:dashboard_overdue", args=[dash.directive.pk])
    assert f'hx-get="{url}?unit=VP"' in html
    # Task 1 (6 units, due 31/12/2016) and task 2 (4 units, due 30/06/2017) were reported
    # "in progress" in Q4/2016 and never done: all 10 assignments are overdue today.
    answer = leader.get(url, {"unit": "VP"}).content.decode()
    assert "10 nhiệm vụ quá hạn" in answer and "status=overdue" in answer
    district = client_for(user_with_role(Role.LEADER, province.district))
    # Vĩnh Yên and Liên Bảo: task 1 and task 2 each.
    assert "4 nhiệm vụ quá hạn" in district.get(url).content.decode()
    reporter = client_for(user_with_role(Role.REPORTER, province.district))
    assert reporter.get(url).status_code == 403


def test_every_page_states_how_many_reports_its_figures_come_from(
    dash: Dashboard, leader: Client
) -> None:
    accepted = Submission.objects.filter(directive=dash.directive, period=dash.period)
    official = accepted.filter(status="accepted").count()
    provisional = accepted.filter(status__in=["accepted", "submitted"]).count()
    assert 0 < official < provisional
    overview = leader.get(reverse("reports:dashboard")).content.decode()
    assert f"từ {official} báo cáo" in overview
    assert f"từ {official} báo cáo" in page(leader, "dashboard_targets", dash)
    assert f"từ {provisional} báo cáo" in page(
        leader, "dashboard_heatmap", dash, basis="provisional"
    )
