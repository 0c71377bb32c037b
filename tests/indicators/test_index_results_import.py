"""Official index results: the results file (docs/index-framework.md), imported all-or-nothing
with every problem located by line, through GET /api/v1/index-results/ and POST …/import/, and
compared with the self-assessment on the province's index page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import IndexResult, Indicator
from indicators.services import framework_import, index_results_import
from tests.api_client import client_for
from tests.conftest import make_province, signed_in
from tests.factories import IndicatorFactory, user_with_role
from tests.indicators.framework_yaml import EDITION_2022, EDITION_2023
from units.models import Role

pytestmark = pytest.mark.django_db

RESULTS = """\
format: chitieu/index-results@1
edition: {framework: DTI, year: 2023}
source:
  document: Quyết định 1234/QĐ-BTTTT công bố DTI 2023
  date: 2024-06-15
  url: https://dti.gov.vn/2023
results:
  - {province: VP, score: 48.5, rank: 18}
  - {province: VP, node: P1, score: 20.25, rank: 30}
  - {province: VP, node: P2, score: 28.25}
"""


@pytest.fixture
def editions():
    IndicatorFactory(code="ONLINE", kind=Indicator.Kind.AMOUNT)
    IndicatorFactory(code="SURVEY", kind=Indicator.Kind.AMOUNT)
    return [framework_import(data=EDITION_2022), framework_import(data=EDITION_2023)]


@pytest.fixture
def officer(province):
    return user_with_role(Role.REVIEWER, province.root)


def upload(client, content: str):
    file = SimpleUploadedFile("ket-qua.yaml", content.encode())
    return client.post("/api/v1/index-results/import/", {"file": file}, format="multipart")


def test_an_officer_imports_the_official_results_and_reads_them_back(
    province, editions, officer
) -> None:
    client = client_for(officer)
    response = upload(client, RESULTS)
    assert response.status_code == 201, response.json()
    assert response.json() == {"framework": "DTI", "year": 2023, "results": 3}
    listed = client.get("/api/v1/index-results/", {"year": 2023, "province": "VP"}).json()
    assert listed["count"] == 3
    assert [(r["node"], r["score"], r["rank"]) for r in listed["results"]] == [
        (None, "48.5000", 18),
        ("P1", "20.2500", 30),
        ("P2", "28.2500", None),
    ]
    assert listed["results"][0]["source_document"].startswith("Quyết định 1234")
    assert listed["results"][0]["source_date"] == "2024-06-15"
    assert client.get("/api/v1/index-results/", {"year": 2022}).json()["count"] == 0


def test_importing_again_corrects_the_results_in_place(province, editions, officer) -> None:
    index_results_import(data=RESULTS.encode(), by=officer)
    index_results_import(data=RESULTS.replace("rank: 18", "rank: 17").encode(), by=officer)
    assert IndexResult.objects.count() == 3
    assert IndexResult.objects.get(node=None).rank == 17


def test_a_bad_file_is_refused_whole_with_every_problem_and_its_line(
    province, editions, officer
) -> None:
    bad = RESULTS.replace("  - {province: VP, node: P2, score: 28.25}\n", (
        "  - {province: VP, node: P9, score: 10}\n"
        "  - {province: XX, score: 1}\n"
        "  - {province: VP, node: P1, score: 99, rank: 0}\n"
        "  - {province: VP, node: P2.1}\n"
    )).replace("date: 2024-06-15", "date: 15/06/2024")  # fmt: skip
    response = upload(client_for(officer), bad)
    assert response.status_code == 400
    errors = {(e["line"], e["path"]): e["message"] for e in response.json()["errors"]}
    assert errors[5, "source.date"].startswith("ngày không hợp lệ")
    assert "P9" in errors[10, "results[2].node"]
    assert errors[11, "results[3].province"] == "không có tỉnh mã 'XX'"
    assert errors[12, "results[4].score"] == "điểm phải từ 0 đến 40"  # P1 weighs 40 of 100
    assert errors[12, "results[4].rank"] == "thứ hạng phải là số nguyên từ 1 trở lên"
    assert "điểm (score) hoặc thứ hạng (rank)" in errors[13, "results[5]"]
    assert errors[12, "results[4]"] == "tỉnh và mục này đã có ở dòng trước"
    assert IndexResult.objects.count() == 0


def test_an_unknown_edition_is_named(province, editions, officer) -> None:
    response = upload(client_for(officer), RESULTS.replace("year: 2023", "year: 2019"))
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "path": "edition", "line": 2, "message": "chưa nạp bộ chỉ số DTI năm 2019"
    }  # fmt: skip


def test_another_provinces_officer_cannot_import_its_results(province, editions) -> None:
    other = make_province("BT", "Bình Thuận")
    stranger = user_with_role(Role.REVIEWER, other.root)
    response = upload(client_for(stranger), RESULTS)
    assert response.status_code == 400
    assert "không có quyền nhập kết quả của tỉnh VP" in response.json()["errors"][0]["message"]
    assert IndexResult.objects.count() == 0
    index_results_import(data=RESULTS.encode(), by=user_with_role(Role.REVIEWER, province.root))
    assert client_for(stranger).get("/api/v1/index-results/").json()["count"] == 0


def test_a_reporter_may_neither_import_nor_read_results(
    province, editions, officer, unit_user
) -> None:
    index_results_import(data=RESULTS.encode(), by=officer)
    client = client_for(unit_user)
    assert upload(client, RESULTS).status_code == 403
    assert client.get("/api/v1/index-results/").json()["count"] == 0
    leader = client_for(user_with_role(Role.LEADER, province.root))
    assert leader.get("/api/v1/index-results/").json()["count"] == 3
    assert upload(leader, RESULTS).status_code == 403


def test_the_list_reads_in_a_fixed_number_of_queries(
    province, editions, officer, django_assert_num_queries
) -> None:
    index_results_import(data=RESULTS.encode(), by=officer)
    client = client_for(user_with_role(Role.LEADER, province.root))
    client.get("/api/v1/index-results/")  # warm the session's grants
    with django_assert_num_queries(2):  # the count and the page; visibility is a subquery
        assert client.get("/api/v1/index-results/").json()["count"] == 3


def test_the_province_page_compares_the_self_assessment_with_the_official_result(
    province, editions, officer
) -> None:
    index_results_import(data=RESULTS.encode(), by=officer)
    text = signed_in(officer).get(reverse("indicators:index_province", args=["VP"])).content
    # Nothing scored yet: 0 self-assessed against 48.5 published, a gap of −48.5.
    assert "48,5" in text.decode() and "-48,5" in text.decode()
    edition_page = signed_in(officer).get(
        reverse("indicators:index_edition", args=["VP", editions[1].pk])
    )
    assert "Quyết định 1234/QĐ-BTTTT" in edition_page.content.decode()
    assert IndexResult.objects.get(node__code="P1").score == Decimal("20.25")


def test_an_officer_loads_the_results_file_on_the_province_page(
    province, editions, officer
) -> None:
    client = signed_in(officer)
    url = reverse("indicators:results_import", args=["VP"])
    assert url in client.get(reverse("indicators:index_province", args=["VP"])).content.decode()
    file = SimpleUploadedFile("ket-qua.yaml", RESULTS.encode())
    response = client.post(url, {"file": file}, follow=True)
    assert "Đã nạp 3 kết quả công bố của DTI 2023." in response.content.decode()
    assert IndexResult.objects.count() == 3


def test_a_bad_results_file_on_the_page_lists_every_problem_and_saves_nothing(
    province, editions, officer
) -> None:
    bad = RESULTS.replace("province: VP, node: P1", "province: XX, node: P1")
    file = SimpleUploadedFile("ket-qua.yaml", bad.encode())
    response = signed_in(officer).post(
        reverse("indicators:results_import", args=["VP"]), {"file": file}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "không có dữ liệu nào được ghi" in text
    assert "dòng 9, results[1].province: không có tỉnh mã &#x27;XX&#x27;" in text
    assert IndexResult.objects.count() == 0


def test_a_leader_may_not_load_results(province, editions) -> None:
    leader = signed_in(user_with_role(Role.LEADER, province.root))
    assert leader.get(reverse("indicators:results_import", args=["VP"])).status_code == 403
