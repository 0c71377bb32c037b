"""directive_import and the import_directive command (file format chitieu/directive@1)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from config.errors import ImportRejected, Problem
from directives.models import Directive, Target, TargetScope, Task, TaskAssignee
from directives.services import DirectiveImportResult, directive_import
from indicators.models import Indicator
from reports.submissions.models import TaskUpdate
from tests.conftest import Province, make_province
from tests.directives.directive_yaml import VALID, edit
from tests.factories import IndicatorFactory, PeriodFactory, SubmissionFactory


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the `occurrence`-th `needle`."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[occurrence - 1]


def snapshot() -> dict[str, list[tuple]]:
    """Every row the import may write, with its id."""
    return {
        "directive": list(Directive.objects.order_by("id").values_list()),
        "task": list(Task.objects.order_by("id").values_list()),
        "assignee": list(TaskAssignee.objects.order_by("id").values_list()),
        "target": list(Target.objects.order_by("id").values_list()),
        "scope": list(TargetScope.objects.order_by("id").values_list()),
        "indicator": list(Indicator.objects.order_by("id").values_list()),
    }


def rejected(text: str | bytes) -> list[Problem]:
    """The problems of a refused file, after checking that nothing at all was written."""
    data = text.encode() if isinstance(text, str) else text
    before = snapshot()
    with pytest.raises(ImportRejected) as caught:
        directive_import(data=data)
    assert snapshot() == before
    return caught.value.problems


def where(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.path) for problem in problems]


def imported(text: str) -> DirectiveImportResult:
    return directive_import(data=text.encode())


def selectors(rows: list[tuple[str | None, str | None]]) -> set[str]:
    return {unit or f"@{level}" for unit, level in rows}


def assignees(task: Task, role: str) -> set[str]:
    return selectors(
        list(task.assignees.filter(role=role).values_list("unit__code", "level__code"))
    )


def scope(target: Target) -> set[str]:
    return selectors(list(target.scope.values_list("unit__code", "level__code")))


# --- a valid file -----------------------------------------------------------------------------


def test_it_creates_the_directive_with_its_fields(province: Province) -> None:
    result = imported(VALID)

    directive = Directive.objects.get()
    assert result.directive == directive
    assert result.changed
    assert directive.code == "15/CT-UBND"
    assert directive.kind == Directive.Kind.DIRECTIVE
    assert directive.title == "Chỉ thị về đẩy mạnh ứng dụng công nghệ thông tin"
    assert directive.issuer == "UBND tỉnh Vĩnh Phúc"
    assert directive.issued_on == datetime.date(2016, 1, 5)
    assert directive.effective_from == datetime.date(2016, 1, 15)
    assert directive.effective_to == datetime.date(2020, 12, 31)
    assert directive.reporting == ["quarter", "year"]
    assert directive.report_to == province.dic
    assert directive.due_working_days is None
    assert result.counts[("directive", "created")] == 1
    assert result.counts[("task", "created")] == 3
    assert result.counts[("target", "created")] == 4
    assert result.counts[("indicator", "created")] == 4


def test_it_creates_the_tasks_in_file_order_with_their_assignees(province: Province) -> None:
    imported(VALID)

    tasks = list(Directive.objects.get().tasks.order_by("position"))
    assert [(t.number, t.position, t.due_on) for t in tasks] == [
        ("1.a", 0, datetime.date(2016, 6, 30)),
        ("2", 1, None),
        ("3", 2, None),
    ]
    assert tasks[0].title == "Triển khai chữ ký số trong trao đổi văn bản"
    assert assignees(tasks[0], "lead") == {"VP-STTTT"}
    assert assignees(tasks[0], "support") == {"@district", "VP-SNV"}
    assert assignees(tasks[1], "lead") == {"@district"}
    assert assignees(tasks[1], "support") == {"VP-SNV"}
    assert assignees(tasks[2], "lead") == {"@department", "@district"}
    assert assignees(tasks[2], "support") == set()


def test_it_adds_the_declared_indicators_to_the_catalogue(province: Province) -> None:
    imported(VALID)

    ratio = Indicator.objects.get(code="DOCS_SIGNED")
    assert (ratio.kind, ratio.name, ratio.display_unit) == (
        "ratio",
        "Tỷ lệ văn bản đi được ký số",
        "%",
    )
    assert (ratio.numerator_label, ratio.denominator_label) == (
        "Số văn bản đi được ký số",
        "Tổng số văn bản đi",
    )
    assert ratio.higher_is_better is True
    count = Indicator.objects.get(code="IT_STAFF")
    assert (count.kind, count.display_unit, count.numerator_label) == ("count", "người", "")
    assert Indicator.objects.get(code="HAS_ONE_STOP").kind == "boolean"
    rank = Indicator.objects.get(code="ICT_RANK")
    assert rank.kind == "rank"
    assert rank.higher_is_better is False


def test_it_creates_the_targets_with_their_scopes(province: Province) -> None:
    imported(VALID)

    rows = [
        (
            t.task.number,
            t.position,
            t.indicator.code,
            t.op,
            t.value,
            t.due_on,
            t.judge,
            t.units_share,
            t.change_per_year,
            scope(t),
        )
        for t in Target.objects.select_related("task", "indicator").order_by(
            "task__position", "position"
        )
    ]
    assert rows == [
        (
            "1.a",
            0,
            "DOCS_SIGNED",
            ">=",
            Decimal(80),
            datetime.date(2016, 12, 31),
            "pooled",
            None,
            False,
            {"@department", "@district"},
        ),
        (
            "1.a",
            1,
            "IT_STAFF",
            ">=",
            Decimal(1),
            datetime.date(2016, 12, 31),
            "each_unit",
            Decimal(50),
            False,
            {"@district"},
        ),
        (
            "2",
            0,
            "HAS_ONE_STOP",
            "==",
            Decimal(1),
            None,
            "each_unit",
            None,
            False,
            {"@commune", "VP-VINHYEN"},
        ),
        (
            "2",
            1,
            "DOCS_SIGNED",
            "<=",
            Decimal("7.5"),
            datetime.date(2017, 12, 31),
            "pooled",
            None,
            True,
            {"VP-SNV"},
        ),
    ]


# --- importing again --------------------------------------------------------------------------


def test_importing_the_same_bytes_twice_changes_nothing(province: Province) -> None:
    imported(VALID)
    before = snapshot()

    result = imported(VALID)

    assert result.changed is False
    assert set(result.counts) == {
        ("indicator", "unchanged"),
        ("directive", "unchanged"),
        ("task", "unchanged"),
        ("target", "unchanged"),
    }
    # Every row, with its id and the directive's updated_at, is exactly as it was.
    assert snapshot() == before


def test_the_command_says_nothing_changed_on_a_second_import(
    province: Province, tmp_path: Path
) -> None:
    path = tmp_path / "chi_thi.yaml"
    path.write_text(VALID, encoding="utf-8")
    call_command("import_directive", str(path), stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_directive", str(path), stdout=out)

    assert out.getvalue().strip() == f"{path}: 15/CT-UBND — không có thay đổi"


def test_a_changed_title_task_and_target_are_updated_in_place(province: Province) -> None:
    imported(VALID)
    directive_id = Directive.objects.get().pk
    task_ids = dict(Task.objects.values_list("number", "id"))
    target_ids = list(Target.objects.order_by("id").values_list("id", flat=True))
    changed = edit(VALID, "đẩy mạnh ứng dụng công nghệ thông tin", "ứng dụng CNTT năm 2016")
    changed = edit(changed, "Triển khai chữ ký số trong", "Ứng dụng chữ ký số trong")
    changed = edit(changed, "value: 80", "value: 90")

    result = imported(changed)

    assert result.changed
    assert result.counts[("directive", "updated")] == 1
    assert result.counts[("task", "updated")] == 1
    assert result.counts[("target", "updated")] == 1
    directive = Directive.objects.get()
    assert directive.pk == directive_id
    assert directive.title == "Chỉ thị về ứng dụng CNTT năm 2016"
    assert dict(Task.objects.values_list("number", "id")) == task_ids
    assert Task.objects.get(number="1.a").title.startswith("Ứng dụng chữ ký số")
    assert list(Target.objects.order_by("id").values_list("id", flat=True)) == target_ids
    assert Target.objects.get(task__number="1.a", position=0).value == Decimal(90)


def test_a_changed_target_scope_is_saved_and_reported_as_a_change(province: Province) -> None:
    imported(VALID)
    target_id = Target.objects.get(task__number="1.a", position=1).pk

    result = imported(edit(VALID, 'scope: ["@district"]', 'scope: ["@district", "@commune"]'))

    assert scope(Target.objects.get(pk=target_id)) == {"@district", "@commune"}
    assert result.changed, dict(result.counts)


def test_a_changed_assignee_is_saved_and_reported_as_a_change(province: Province) -> None:
    imported(VALID)

    result = imported(edit(VALID, "lead: [VP-STTTT]", "lead: [VP-STTTT, VP-SNV]"))

    assert result.changed
    assert assignees(Task.objects.get(number="1.a"), "lead") == {"VP-STTTT", "VP-SNV"}


def test_reordered_tasks_get_their_new_positions(province: Province) -> None:
    imported(VALID)
    ids = dict(Task.objects.values_list("number", "id"))
    task_3 = '  - number: "3"\n    title: "Báo cáo định kỳ về Sở Thông tin và Truyền thông"\n'
    task_3 += '    lead: ["@department", "@district"]\n'
    reordered = edit(VALID, task_3, "").replace("tasks:\n", "tasks:\n" + task_3)

    imported(reordered)

    assert list(Task.objects.order_by("position").values_list("number", "id")) == [
        ("3", ids["3"]),
        ("1.a", ids["1.a"]),
        ("2", ids["2"]),
    ]


def test_a_task_dropped_from_the_file_is_removed_with_its_targets(province: Province) -> None:
    imported(VALID)
    start = VALID.index("  - number: 2\n")
    end = VALID.index('  - number: "3"')

    result = imported(VALID[:start] + VALID[end:])

    assert result.counts[("task", "deleted")] == 1
    assert set(Task.objects.values_list("number", flat=True)) == {"1.a", "3"}
    assert Target.objects.count() == 2
    assert TargetScope.objects.filter(target__task__number="2").count() == 0


def test_it_refuses_to_drop_a_task_that_has_a_report(province: Province) -> None:
    imported(VALID)
    directive = Directive.objects.get()
    submission = SubmissionFactory(
        unit=province.district, directive=directive, period=PeriodFactory()
    )
    TaskUpdate.objects.create(
        submission=submission,
        task=Task.objects.get(number="2"),
        status=TaskUpdate.Status.IN_PROGRESS,
    )
    start = VALID.index("  - number: 2\n")
    end = VALID.index('  - number: "3"')
    without_task_2 = VALID[:start] + VALID[end:]
    # Other changes of the same file must not be written either.
    without_task_2 = edit(without_task_2, "Chỉ thị về đẩy mạnh", "Chỉ thị sửa đổi về đẩy mạnh")

    problems = rejected(without_task_2)

    assert [(p.path, p.message) for p in problems] == [
        ("tasks", "nhiệm vụ 2 đã có báo cáo nên không thể bỏ khỏi văn bản")
    ]
    assert Directive.objects.get().title == "Chỉ thị về đẩy mạnh ứng dụng công nghệ thông tin"


def test_importing_the_same_code_again_never_creates_a_second_directive(
    province: Province,
) -> None:
    imported(VALID)

    imported(edit(VALID, "kind: directive", "kind: plan"))

    assert Directive.objects.get().kind == "plan"


def test_a_target_value_with_more_decimals_than_stored_is_refused_not_rounded(
    province: Province,
) -> None:
    problems = rejected(edit(VALID, "value: 7.5", "value: 66.666667"))
    assert [p.path for p in problems] == ["tasks[1].targets[1].value"]
    assert "thập phân" in problems[0].message
    imported(edit(VALID, "value: 7.5", "value: 66.6667"))
    assert imported(edit(VALID, "value: 7.5", "value: 66.6667")).changed is False


def test_an_unquoted_dotted_task_number_is_refused_with_a_hint(province: Province) -> None:
    text = edit(VALID, "  - number: 2\n", "  - number: 2.10\n")
    problems = rejected(text)
    assert [p.path for p in problems] == ["tasks[1].number"]
    assert '"1.10"' in problems[0].message


# --- indicators listed by code alone ----------------------------------------------------------

BY_CODE = """\
format: chitieu/directive@1
directive:
  code: "16/KH-UBND"
  kind: plan
  title: "Kế hoạch ứng dụng CNTT năm 2016"
  issuer: "UBND tỉnh Vĩnh Phúc"
  issued_on: 2016-02-01
  effective_from: 2016-02-01
  reporting: [year]
  report_to: VP-STTTT
indicators:
  - IT_OFFICERS
  - code: EMAIL_USE
tasks:
  - number: "I.1"
    title: "Bố trí cán bộ chuyên trách CNTT"
    lead: ["@department"]
    targets:
      - indicator: IT_OFFICERS
        op: ">="
        value: 2
        due: 2016-12-31
        scope: ["@department"]
        judge: each_unit
      - indicator: EMAIL_USE
        op: ">="
        value: 100
        due: 2016-12-31
        scope: ["@department"]
        judge: pooled
"""


def test_an_indicator_of_the_catalogue_may_be_listed_by_code_alone(province: Province) -> None:
    officers = IndicatorFactory(code="IT_OFFICERS", name="Số cán bộ chuyên trách CNTT")
    email = IndicatorFactory(
        code="EMAIL_USE",
        kind=Indicator.Kind.RATIO,
        numerator_label="a",
        denominator_label="b",
        name="Tỷ lệ sử dụng thư điện tử",
    )

    imported(BY_CODE)

    assert Indicator.objects.count() == 2
    assert [t.indicator for t in Target.objects.order_by("position")] == [officers, email]
    officers.refresh_from_db()
    assert officers.name == "Số cán bộ chuyên trách CNTT"


def test_an_indicator_listed_by_code_alone_must_be_in_the_catalogue(province: Province) -> None:
    IndicatorFactory(code="IT_OFFICERS")

    problems = rejected(BY_CODE)

    assert where(problems) == [(line_of(BY_CODE, "- code: EMAIL_USE"), "indicators[1]")]
    assert "'EMAIL_USE' chưa có trong danh mục" in problems[0].message


def test_the_catalogue_kind_of_an_indicator_listed_by_code_checks_the_value(
    province: Province,
) -> None:
    IndicatorFactory(code="IT_OFFICERS")
    IndicatorFactory(
        code="EMAIL_USE", kind=Indicator.Kind.RATIO, numerator_label="a", denominator_label="b"
    )

    problems = rejected(edit(BY_CODE, "value: 100", "value: 120"))

    assert where(problems) == [(line_of(BY_CODE, "value: 100"), "tasks[0].targets[1].value")]


# --- refused files --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_it_refuses_a_file_that_is_not_utf8(province: Province, encoding: str) -> None:
    data = VALID.encode(encoding, errors="replace")

    problems = rejected(data)

    assert where(problems) == [(None, "tệp")]
    assert "UTF-8" in problems[0].message


def test_it_accepts_a_utf8_byte_order_mark(province: Province) -> None:
    directive_import(data=b"\xef\xbb\xbf" + VALID.encode())

    assert Directive.objects.get().code == "15/CT-UBND"


def test_it_refuses_invalid_yaml_syntax_with_the_line(province: Province) -> None:
    text = edit(VALID, '  issuer: "UBND', '\tissuer: "UBND')

    problems = rejected(text)

    assert where(problems) == [(line_of(VALID, "issuer:"), "tệp")]
    assert problems[0].message.startswith("YAML không hợp lệ")


def test_it_refuses_more_than_one_document(province: Province) -> None:
    problems = rejected(VALID + "---\n" + VALID)

    assert len(problems) == 1
    assert problems[0].message.startswith("YAML không hợp lệ")


@pytest.mark.parametrize(
    "text",
    ["- format: chitieu/directive@1\n- tasks: []\n", "chỉ thị\n", "", "# chỉ có chú thích\n"],
    ids=["list", "scalar", "empty", "comment"],
)
def test_it_refuses_a_document_that_is_not_a_mapping(province: Province, text: str) -> None:
    problems = rejected(text)

    assert where(problems) == [(1, "tệp")]
    assert problems[0].message == "phải là một bảng khóa: giá trị"


def test_it_refuses_a_recursive_alias_as_a_located_problem(province: Province) -> None:
    problems = rejected(VALID + "extra: &loop [*loop]\n")

    assert {p.path for p in problems} & {"tệp", "extra"}, problems


def test_it_refuses_another_format(province: Province) -> None:
    problems = rejected(edit(VALID, "chitieu/directive@1", "chitieu/directive@2"))

    assert where(problems) == [(1, "format")]
    assert "'chitieu/directive@1'" in problems[0].message


def test_it_refuses_unknown_keys_at_every_level(province: Province) -> None:
    text = edit(VALID, "  report_to: VP-STTTT\n", "  report_to: VP-STTTT\n  signer: Chủ tịch\n")
    text = edit(text, '    unit: "người"\n', '    unit: "người"\n    colour: blue\n')
    text = edit(text, "    due: 2016-06-30\n", "    due: 2016-06-30\n    owner: VP-SNV\n")
    text = edit(text, "        units_share: 50\n", "        units_share: 50\n        weight: 2\n")
    text += "notes: thử\n"

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "signer:"), "directive.signer"),
        (line_of(text, "colour:"), "indicators[1].colour"),
        (line_of(text, "owner:"), "tasks[0].owner"),
        (line_of(text, "weight:"), "tasks[0].targets[1].weight"),
        (line_of(text, "notes:"), "notes"),
    ]
    assert problems[0].message.startswith("khóa không hợp lệ 'signer' (cho phép: code, kind")


def test_it_refuses_missing_required_keys_at_every_level(province: Province) -> None:
    text = edit(VALID, "format: chitieu/directive@1\n", "")
    text = edit(text, '  issuer: "UBND tỉnh Vĩnh Phúc"\n', "")
    text = edit(text, "    kind: count\n", "")
    text = edit(text, '    title: "Triển khai một cửa điện tử ở cấp xã"\n', "")
    text = edit(
        text,
        "        judge: pooled\n        change_per_year: true\n",
        "        change_per_year: true\n",
    )

    problems = rejected(text)

    # Without its first line the file starts with `directive:`; same line, sorted by path.
    assert where(problems) == [
        (1, "directive.issuer"),
        (1, "format"),
        (line_of(text, "- code: IT_STAFF"), "indicators[1].kind"),
        (line_of(text, "- number: 2"), "tasks[1].title"),
        (line_of(text, "- indicator: DOCS_SIGNED", 2), "tasks[1].targets[1].judge"),
    ]
    assert {p.message for p in problems} == {"thiếu khóa bắt buộc"}


def test_it_refuses_a_file_without_tasks(province: Province) -> None:
    problems = rejected(VALID[: VALID.index("tasks:")] + "tasks: []\n")

    assert where(problems) == [(line_of(VALID, "tasks:"), "tasks")]
    assert problems[0].message == "danh sách không được rỗng"


def test_it_refuses_unknown_unit_codes(province: Province) -> None:
    text = edit(VALID, "lead: [VP-STTTT]", "lead: [VP-STTT]")
    text = edit(text, "scope: [VP-SNV]", "scope: [VP-SNN]")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "lead: [VP-STTT]"), "tasks[0].lead[0]"),
        (line_of(text, "scope: [VP-SNN]"), "tasks[1].targets[1].scope[0]"),
    ]
    assert problems[0].message == "không có đơn vị mã 'VP-STTT'"


def test_it_refuses_an_unknown_report_to_unit(province: Province) -> None:
    problems = rejected(edit(VALID, "report_to: VP-STTTT", "report_to: VP-TTTT"))

    assert where(problems) == [(line_of(VALID, "report_to:"), "directive.report_to")]
    assert problems[0].message == "không có đơn vị mã 'VP-TTTT'"


def test_it_lists_unknown_unit_codes_even_when_report_to_is_unknown(province: Province) -> None:
    text = edit(VALID, "report_to: VP-STTTT", "report_to: VP-TTTT")
    text = edit(text, "lead: [VP-STTTT]", "lead: [VP-STTT]")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "report_to:"), "directive.report_to"),
        (line_of(text, "lead: [VP-STTT]"), "tasks[0].lead[0]"),
    ]


def test_it_refuses_a_unit_of_another_province(province: Province) -> None:
    make_province("BT", "Bình Thuận")
    text = edit(VALID, "lead: [VP-STTTT]", "lead: [BT-STTTT]")
    text = edit(text, "scope: [VP-SNV]", "scope: [BT-SNV]")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "lead: [BT-STTTT]"), "tasks[0].lead[0]"),
        (line_of(text, "scope: [BT-SNV]"), "tasks[1].targets[1].scope[0]"),
    ]
    assert problems[0].message == "đơn vị 'BT-STTTT' thuộc tỉnh khác với đơn vị nhận báo cáo"


def test_it_refuses_an_unknown_level_selector(province: Province) -> None:
    text = edit(VALID, 'support: ["@district", VP-SNV]', 'support: ["@ward", VP-SNV]')

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "@ward"), "tasks[0].support[0]")]
    assert problems[0].message.startswith("cấp '@ward' không có (cho phép: @agency, @commune")


def test_it_refuses_a_selector_listed_twice(province: Province) -> None:
    text = edit(VALID, 'lead: ["@district"]', 'lead: ["@district", "@district"]')

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, 'lead: ["@district", "@district"]'), "tasks[1].lead[1]")
    ]


def test_it_refuses_a_target_whose_indicator_is_not_declared(province: Province) -> None:
    # Being in the catalogue is not enough: the file must list what its targets use.
    IndicatorFactory(code="EMAIL_USE")
    text = edit(VALID, "- indicator: IT_STAFF", "- indicator: EMAIL_USE")
    text = edit(text, "- indicator: HAS_ONE_STOP", "- indicator: HAS_DMS")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "EMAIL_USE"), "tasks[0].targets[1].indicator"),
        (line_of(text, "HAS_DMS"), "tasks[1].targets[0].indicator"),
    ]
    assert "'EMAIL_USE' chưa được khai báo trong mục indicators" in problems[0].message


def test_it_refuses_an_indicator_declared_twice(province: Province) -> None:
    text = edit(VALID, "  - code: ICT_RANK", "  - code: IT_STAFF")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "- code: IT_STAFF", 2), "indicators[3].code")]


@pytest.mark.parametrize(
    ("first", "second"),
    [('"1.a"', '"1.a"'), ('"2"', "2")],
    ids=["same-text", "text-and-number"],
)
def test_it_refuses_duplicate_task_numbers(province: Province, first: str, second: str) -> None:
    text = edit(VALID, "- number: 2\n", '- number: "2.b"\n')
    text = edit(text, '- number: "1.a"', f"- number: {first}")
    text = edit(text, '- number: "3"', f"- number: {second}")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "Báo cáo định kỳ") - 1, "tasks[2].number")]
    assert "trùng với tasks[0]" in problems[0].message


def test_it_refuses_a_ratio_indicator_without_labels(province: Province) -> None:
    text = edit(VALID, '    numerator: "Số văn bản đi được ký số"\n', "")
    text = edit(text, '    denominator: "Tổng số văn bản đi"\n', "")

    problems = rejected(text)

    item = line_of(text, "- code: DOCS_SIGNED")
    assert where(problems) == [
        (item, "indicators[0].denominator"),
        (item, "indicators[0].numerator"),
    ]
    assert "tử số" in problems[1].message


def test_it_refuses_labels_on_an_indicator_that_is_not_a_ratio(province: Province) -> None:
    text = edit(VALID, '    unit: "người"\n', '    unit: "người"\n    numerator: "Số cán bộ"\n')

    problems = rejected(text)

    assert where(problems) == [(line_of(text, 'numerator: "Số cán bộ"'), "indicators[1].numerator")]
    assert problems[0].message == "chỉ số không phải tỷ lệ thì không có tử số, mẫu số"


def test_it_refuses_directive_dates_out_of_order(province: Province) -> None:
    text = edit(VALID, "effective_from: 2016-01-15", "effective_from: 2016-01-04")
    text = edit(text, "effective_to: 2020-12-31", "effective_to: 2015-12-31")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "effective_from:"), "directive.effective_from"),
        (line_of(text, "effective_to:"), "directive.effective_to"),
    ]
    assert problems[0].message == "ngày hiệu lực trước ngày ban hành"
    assert problems[1].message == "ngày hết hiệu lực trước ngày có hiệu lực"


def test_it_refuses_task_and_target_deadlines_before_the_issue_date(province: Province) -> None:
    text = edit(VALID, "    due: 2016-06-30", "    due: 2016-01-04")
    text = edit(text, "        due: 2017-12-31", "        due: 2015-12-31")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "due: 2016-01-04"), "tasks[0].due"),
        (line_of(text, "due: 2015-12-31"), "tasks[1].targets[1].due"),
    ]
    assert {p.message for p in problems} == {"thời hạn trước ngày ban hành văn bản"}


@pytest.mark.parametrize("bad", ["2016-02-30", "2016-13-01", "05/01/2016", "'2016'"])
def test_it_refuses_an_impossible_date(province: Province, bad: str) -> None:
    text = edit(VALID, "issued_on: 2016-01-05", f"issued_on: {bad}")
    text = edit(text, "        due: 2017-12-31", f"        due: {bad}")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "issued_on:"), "directive.issued_on"),
        (line_of(text, f"        due: {bad}"), "tasks[1].targets[1].due"),
    ]
    assert problems[0].message.startswith("ngày không hợp lệ")
    assert "YYYY-MM-DD" in problems[0].message


@pytest.mark.parametrize("op", ['"=>"', '">"', '"<"', "1"])
def test_it_refuses_an_unknown_comparison(province: Province, op: str) -> None:
    text = edit(VALID, 'op: "=="', f"op: {op}")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, f"op: {op}"), "tasks[1].targets[0].op")]
    assert "(cho phép: >=, <=, ==)" in problems[0].message


def test_it_refuses_an_unknown_judge(province: Province) -> None:
    text = edit(VALID, "judge: each_unit\n        units_share", "judge: mean\n        units_share")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "judge: mean"), "tasks[0].targets[1].judge")]


def test_it_refuses_units_share_on_a_pooled_target(province: Province) -> None:
    text = edit(
        VALID, "judge: each_unit\n        units_share", "judge: pooled\n        units_share"
    )

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "units_share:"), "tasks[0].targets[1].units_share")]
    assert problems[0].message == "units_share chỉ dùng với judge: each_unit"


@pytest.mark.parametrize("share", ["101", "-5", "100.5"])
def test_it_refuses_units_share_outside_0_to_100(province: Province, share: str) -> None:
    text = edit(VALID, "units_share: 50", f"units_share: {share}")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "units_share:"), "tasks[0].targets[1].units_share")]
    assert problems[0].message == "phải từ 0 đến 100"


def test_it_accepts_units_share_at_both_ends(province: Province) -> None:
    imported(edit(VALID, "units_share: 50", "units_share: 0"))
    imported(edit(VALID, "units_share: 50", "units_share: 100"))

    assert Target.objects.get(task__number="1.a", position=1).units_share == 100


def test_it_refuses_a_ratio_target_above_100(province: Province) -> None:
    text = edit(VALID, "value: 80", "value: 100.01")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "value: 100.01"), "tasks[0].targets[0].value")]
    assert problems[0].message == "chỉ tiêu tỷ lệ phải từ 0 đến 100 (%)"


@pytest.mark.parametrize("value", ["2", "0.5"])
def test_it_refuses_a_boolean_target_other_than_0_or_1(province: Province, value: str) -> None:
    text = edit(VALID, 'op: "=="\n        value: 1', f'op: "=="\n        value: {value}')

    problems = rejected(text)

    assert where(problems) == [(line_of(VALID, 'op: "=="') + 1, "tasks[1].targets[0].value")]
    assert problems[0].message == "chỉ tiêu có/không phải là 1 (có) hoặc 0 (không)"


def test_it_refuses_a_negative_target(province: Province) -> None:
    text = edit(VALID, "value: 7.5", "value: -7.5")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "value: -7.5"), "tasks[1].targets[1].value")]
    assert problems[0].message == "chỉ tiêu không được âm"


def test_it_refuses_a_rank_target_below_1(province: Province) -> None:
    text = edit(VALID, "- indicator: IT_STAFF", "- indicator: ICT_RANK")
    text = edit(text, "value: 1\n        due: 2016-12-31", "value: 0\n        due: 2016-12-31")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "value: 0"), "tasks[0].targets[1].value")]
    assert problems[0].message == "thứ hạng phải từ 1 trở lên"


@pytest.mark.parametrize("value", ["true", "yes", '"80"', "[80]", ".nan", ".inf"])
def test_it_refuses_a_target_value_that_is_not_a_number(province: Province, value: str) -> None:
    text = edit(VALID, "value: 80", f"value: {value}")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, f"value: {value}"), "tasks[0].targets[0].value")]
    assert problems[0].message == "phải là một số"


def test_it_refuses_a_units_share_that_is_a_boolean(province: Province) -> None:
    text = edit(VALID, "units_share: 50", "units_share: true")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "units_share:"), "tasks[0].targets[1].units_share")]
    assert problems[0].message == "phải là một số"


def test_it_refuses_a_change_per_year_that_is_not_a_boolean(province: Province) -> None:
    text = edit(VALID, "change_per_year: true", "change_per_year: 1")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "change_per_year:"), "tasks[1].targets[1].change_per_year")
    ]


def test_it_refuses_an_unknown_reporting_kind(province: Province) -> None:
    text = edit(VALID, "reporting: [quarter, year]", "reporting: [quarter, week]")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "reporting:"), "directive.reporting[1]")]
    assert "'week' không hợp lệ" in problems[0].message


def test_it_refuses_a_reporting_kind_listed_twice(province: Province) -> None:
    text = edit(VALID, "reporting: [quarter, year]", "reporting: [quarter, year, quarter]")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "reporting:"), "directive.reporting[2]")]
    assert problems[0].message == "kỳ báo cáo bị lặp"


def test_two_unknown_reporting_kinds_are_not_also_called_a_duplicate(province: Province) -> None:
    text = edit(VALID, "reporting: [quarter, year]", "reporting: [week, day]")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "reporting:"), "directive.reporting[0]"),
        (line_of(text, "reporting:"), "directive.reporting[1]"),
    ]


def test_it_refuses_a_key_written_twice_in_a_mapping(province: Province) -> None:
    text = edit(
        VALID,
        '  issuer: "UBND tỉnh Vĩnh Phúc"\n',
        '  issuer: "UBND tỉnh Vĩnh Phúc"\n  title: "Chỉ thị khác"\n',
    )
    text = edit(text, "        units_share: 50\n", "        units_share: 50\n        value: 2\n")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, 'title: "Chỉ thị khác"'), "directive.title"),
        (line_of(text, "value: 2"), "tasks[0].targets[1].value"),
    ]
    assert {p.message for p in problems} == {"khóa bị lặp"}


def test_it_refuses_a_section_of_the_wrong_shape(province: Province) -> None:
    text = edit(VALID, "reporting: [quarter, year]", "reporting: quarter")
    text = edit(text, "lead: [VP-STTTT]", "lead: VP-STTTT")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "reporting:"), "directive.reporting"),
        (line_of(text, "lead: VP-STTTT"), "tasks[0].lead"),
    ]
    assert {p.message for p in problems} == {"phải là một danh sách"}


def test_every_problem_of_a_file_is_listed_and_nothing_is_written(province: Province) -> None:
    text = edit(VALID, "kind: directive", "kind: circular")
    text = edit(text, "lead: [VP-STTTT]", "lead: [VP-XX]")
    text = edit(text, "value: 80", "value: 180")
    text = edit(text, "- indicator: HAS_ONE_STOP", "- indicator: HAS_DMS")

    problems = rejected(text)

    assert where(problems) == [
        (line_of(text, "kind: circular"), "directive.kind"),
        (line_of(text, "lead: [VP-XX]"), "tasks[0].lead[0]"),
        (line_of(text, "value: 180"), "tasks[0].targets[0].value"),
        (line_of(text, "HAS_DMS"), "tasks[1].targets[0].indicator"),
    ]
    assert not Indicator.objects.filter(code="DOCS_SIGNED").exists()


def test_a_refused_reimport_leaves_the_imported_directive_as_it_was(province: Province) -> None:
    imported(VALID)
    text = edit(VALID, "Chỉ thị về đẩy mạnh", "Chỉ thị mới về đẩy mạnh")
    text = edit(text, '    name: "Số cán bộ chuyên trách CNTT"\n', '    name: "Số cán bộ CNTT"\n')
    text = edit(text, "value: 7.5", "value: -1")

    problems = rejected(text)

    assert where(problems) == [(line_of(text, "value: -1"), "tasks[1].targets[1].value")]


# --- the command ------------------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_its_code(province: Province, tmp_path: Path) -> None:
    path = tmp_path / "chi_thi.yaml"
    path.write_text(VALID, encoding="utf-8")
    out = io.StringIO()

    call_command("import_directive", str(path), stdout=out)

    assert out.getvalue().startswith(f"{path}: 15/CT-UBND — ")
    assert "task created: 3" in out.getvalue()
    assert Directive.objects.filter(code="15/CT-UBND").exists()


def test_the_command_lists_every_problem_with_line_and_path(
    province: Province, tmp_path: Path
) -> None:
    text = edit(VALID, "lead: [VP-STTTT]", "lead: [VP-XX]")
    text = edit(text, "value: 80", "value: 180")
    path = tmp_path / "chi_thi.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("import_directive", str(path), stdout=io.StringIO())

    message = str(caught.value)
    assert message.startswith(f"{path}: Tệp không được nạp vì có 2 lỗi")
    assert (
        f"dòng {line_of(text, 'lead: [VP-XX]')}, tasks[0].lead[0]: không có đơn vị mã 'VP-XX'"
        in message
    )
    assert f"dòng {line_of(text, 'value: 180')}, tasks[0].targets[0].value: " in message
    assert Directive.objects.count() == 0
    assert Indicator.objects.count() == 0


def test_the_command_refuses_a_file_it_cannot_read(province: Province, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_directive", str(tmp_path / "khong_co.yaml"))


def test_a_billion_laughs_file_is_refused_without_expanding_its_aliases(province: Province) -> None:
    # Nine levels of nine aliases: 9**9 nodes if expanded. Each node is visited once instead.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    problems = rejected("\n".join(levels) + "\n")
    assert "a9" in {p.path for p in problems}
