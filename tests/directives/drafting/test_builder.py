"""A whole draft from a short directive written for the tests."""

from __future__ import annotations

import pytest

from directives.drafting.builder import build_draft


@pytest.fixture
def result(directive_text, drafting_province) -> dict:
    return build_draft(directive_text, drafting_province)


def task(result: dict, number: str) -> dict:
    return next(t for t in result["draft"]["tasks"] if t["number"] == number)


def test_the_metadata_is_read_from_the_heading(result: dict) -> None:
    directive = result["draft"]["directive"]
    assert directive["kind"] == "directive"
    assert directive["title"].startswith("Chỉ thị về tăng cường sử dụng thư điện tử")
    assert directive["issuer"] == "Chủ tịch UBND tỉnh Lâm Sơn"
    assert directive["issued_on"] == "2022-01-01"
    assert directive["reporting"] == ["half_year", "year"]
    assert directive["report_to"] == "LS-STTTT"


def test_a_missing_number_is_a_placeholder_with_a_note(result: dict) -> None:
    assert result["draft"]["directive"]["code"] == "DU-THAO-CT-2022"
    assert any(n["rule"] == "code_missing" for n in result["notes"])


def test_tasks_keep_the_documents_numbers(result: dict) -> None:
    assert [t["number"] for t in result["draft"]["tasks"]] == ["1.a", "1.b", "2", "3", "4"]


def test_lead_comes_from_the_heading_and_support_from_phoi_hop(result: dict) -> None:
    assert task(result, "1.a")["lead"] == ["LS-STTTT"]
    assert task(result, "1.a")["support"] == ["LS-SNV"]


def test_levels_named_as_subject_lead_the_task(result: dict) -> None:
    assert task(result, "4")["lead"] == ["@department", "@district"]


def test_a_pooled_percentage_with_its_deadline_and_catalogue_indicator(result: dict) -> None:
    assert task(result, "1.a")["targets"] == [
        {"indicator": "STAFF_EMAIL", "op": ">=", "value": 100, "due": "2022-12-31",
         "scope": ["LS-STTTT"], "judge": "pooled"}
    ]  # fmt: skip


def test_each_unit_count_target_with_a_before_month_deadline(result: dict) -> None:
    target = task(result, "2")["targets"][0]
    assert (target["indicator"], target["value"], target["judge"], target["due"]) == (
        "IT_OFFICERS",
        1,
        "each_unit",
        "2022-06-30",
    )


def test_an_unknown_unit_is_listed_and_the_task_falls_back_to_all_agencies(result: dict) -> None:
    assert task(result, "2")["lead"] == ["@department", "@district"]
    unmatched = [n["name"] for n in result["notes"] if n["rule"] == "unmatched_unit"]
    assert unmatched == ["Sở Tư pháp"]


def test_a_share_of_communes_is_a_new_yes_no_indicator(result: dict) -> None:
    target = task(result, "3")["targets"][0]
    assert (target["scope"], target["judge"], target["value"]) == (["@commune"], "each_unit", 1)
    declared = {i["code"]: i for i in result["draft"]["indicators"]}
    assert declared[target["indicator"]]["kind"] == "boolean"


def test_every_target_names_its_rule_and_source(result: dict, directive_text: str) -> None:
    notes = [n for n in result["notes"] if ".targets[" in n["path"]]
    assert len(notes) == sum(len(t.get("targets", [])) for t in result["draft"]["tasks"])
    for note in notes:
        assert note["rule"] and note["source"] == directive_text[note["span"][0] : note["span"][1]]
