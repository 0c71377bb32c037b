from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from config.errors import ImportRejected
from indicators.models import IndexEdition, IndexNode, Indicator
from indicators.services import framework_import
from tests.factories import IndicatorFactory
from tests.indicators.framework_yaml import EDITION_2022, EDITION_2023, edition_yaml

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue() -> None:
    IndicatorFactory(code="ONLINE", kind=Indicator.Kind.AMOUNT)
    IndicatorFactory(code="SURVEY", kind=Indicator.Kind.AMOUNT)


def problems_of(data: bytes) -> dict[str, tuple[int | None, str]]:
    with pytest.raises(ImportRejected) as refused:
        framework_import(data=data)
    return {p.path: (p.line, p.message) for p in refused.value.problems}


def test_it_imports_an_edition_as_a_tree_with_maximums_from_the_weights() -> None:
    edition = framework_import(data=EDITION_2022)
    nodes = {n.code: n for n in edition.nodes.all()}
    assert edition.year == 2022 and edition.published
    assert nodes["P1"].max_score == Decimal(60) and nodes["P2"].max_score == Decimal(40)
    assert nodes["C1"].max_score == Decimal(30) and nodes["C1"].parent == nodes["P1.1"]
    assert nodes["C1"].indicator.code == "ONLINE" and nodes["C2"].indicator is None
    assert nodes["C3"].scoring == {"thresholds": [["50", "50"], ["80", "100"]]}
    assert nodes["P1.1"].level == IndexNode.Level.COMPONENT


def test_two_editions_of_one_framework_keep_their_own_weights() -> None:
    framework_import(data=EDITION_2022)
    framework_import(data=EDITION_2023)
    weights = dict(IndexNode.objects.filter(code="P1").values_list("edition__year", "max_score"))
    assert weights == {2022: Decimal(60), 2023: Decimal(40)}


def test_a_published_edition_is_never_edited_in_place() -> None:
    framework_import(data=EDITION_2022)
    assert "edition.year" in problems_of(edition_yaml(2022, p1=50, p2=50))
    assert IndexNode.objects.get(code="P1").weight == Decimal(60)


def test_an_unpublished_edition_is_replaced_whole() -> None:
    framework_import(data=edition_yaml(2024, p1=60, p2=40, published=False))
    framework_import(data=edition_yaml(2024, p1=50, p2=50, published=False))
    assert IndexNode.objects.get(code="P1").weight == Decimal(50)
    assert IndexEdition.objects.count() == 1


def test_weights_not_summing_to_100_are_refused_with_path_and_line() -> None:
    problems = problems_of(edition_yaml(2022, p1=60, p2=30))
    line, message = problems["pillars"]
    assert line == 8 and "90" in message
    assert IndexEdition.objects.count() == 0


def test_unknown_indicators_duplicate_codes_and_bad_numbers_are_all_listed() -> None:
    text = (
        EDITION_2022.decode()
        .replace("indicator: SURVEY", "indicator: NO_SUCH")
        .replace("code: C2", "code: C1")
        .replace(
            "weight: 100\n        criteria:\n          - code: C3",
            "weight: cao\n        criteria:\n          - code: C3",
        )
    )
    problems = problems_of(text.encode())
    assert problems["pillars[1].components[0].criteria[0].indicator"][0] == 36
    assert "NO_SUCH" in problems["pillars[1].components[0].criteria[0].indicator"][1]
    assert problems["pillars[0].components[0].criteria[1].code"][0] == 22
    assert "trùng" in problems["pillars[0].components[0].criteria[1].code"][1]
    assert problems["pillars[1].components[0].weight"][1] == "phải là một số"
    assert IndexEdition.objects.count() == 0


def test_a_criterion_with_an_indicator_needs_one_scoring() -> None:
    text = EDITION_2022.decode().replace("scoring: {linear: {from: 0, to: 80}}", "scoring: {}")
    problems = problems_of(text.encode())
    assert "linear" in problems["pillars[0].components[0].criteria[0].scoring"][1]


def test_the_command_imports_and_reports_refusals_with_lines(tmp_path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_bytes(EDITION_2022)
    bad.write_bytes(edition_yaml(2023, p1=60, p2=60))
    out = StringIO()
    call_command("import_index_framework", str(good), stdout=out)
    assert "DTI 2022" in out.getvalue()
    with pytest.raises(CommandError, match="120"):
        call_command("import_index_framework", str(bad))


def test_the_admin_shows_a_published_edition_read_only(admin_client) -> None:
    edition = framework_import(data=EDITION_2022)
    url = f"/admin/indicators/indexedition/{edition.pk}/change/"
    admin_client.post(url, {"legal_basis": "Sửa tại chỗ", "published": "on"})
    edition.refresh_from_db()
    assert edition.legal_basis == "Quyết định số 2022/QĐ-BTTTT"
    page = admin_client.get(url)
    assert page.status_code == 200 and "Quyết định số 2022/QĐ-BTTTT" in page.content.decode()
    assert 'name="legal_basis"' not in page.content.decode()


def test_an_edition_names_the_unit_levels_it_also_scores() -> None:
    edition = framework_import(data=edition_yaml(2024, p1=50, p2=50, levels="[district, commune]"))
    assert edition.scored_levels == ["district", "commune"]
    assert framework_import(data=EDITION_2022).scored_levels == []


def test_unknown_repeated_or_province_levels_are_refused_with_their_line() -> None:
    found = problems_of(
        edition_yaml(2024, p1=50, p2=50, levels="[hamlet, district, district, province]")
    )
    assert found["edition.scored_levels[0]"] == (8, "không có cấp đơn vị 'hamlet'")
    assert found["edition.scored_levels[2]"] == (8, "cấp 'district' bị trùng")
    assert found["edition.scored_levels[3]"] == (8, "cấp tỉnh luôn được chấm, không cần ghi")
    assert "edition.scored_levels" in problems_of(
        edition_yaml(2024, p1=50, p2=50, levels="district")
    )
