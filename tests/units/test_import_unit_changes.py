"""The unit-changes file (chitieu/unit-changes@1): applied all or nothing through the unit
services, each change recorded with its legal document; importing it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from config.errors import ImportRejected
from tests.conftest import Province
from tests.factories import UnitFactory
from units.changes import unit_changes_import
from units.models import Unit, UnitEvent

D = dt.date
pytestmark = pytest.mark.django_db


def changes(body: str) -> bytes:
    return ("format: chitieu/unit-changes@1\nchanges:\n" + textwrap.dedent(body)).encode()


def refusal(data: bytes) -> list[tuple[int | None, str, str]]:
    """(line, path, message) of every problem; asserts that nothing was written."""
    events = UnitEvent.objects.count()
    units = list(Unit.objects.order_by("pk").values())
    with pytest.raises(ImportRejected) as refused:
        unit_changes_import(data=data)
    assert UnitEvent.objects.count() == events
    assert list(Unit.objects.order_by("pk").values()) == units
    return [(p.line, p.path, p.message) for p in refused.value.problems]


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@pytest.fixture
def science(province: Province) -> Unit:
    """The Department of Science and Technology, into which the DIC merges."""
    return UnitFactory(code="VP-SKHCN", name="Sở Khoa học và Công nghệ", parent=province.root)


MERGER = """\
  - date: 2025-07-01
    kind: merge
    document: "1234/QĐ-UBND"
    from: [VP-STTTT, VP-SKHCN]
    into: VP-SKHCN
  - date: 2025-07-01
    kind: rename
    document: "1234/QĐ-UBND"
    unit: VP-SKHCN
    name: "Sở Khoa học và Công nghệ tỉnh Vĩnh Phúc"
"""


def test_a_merger_and_a_rename_take_effect_with_their_legal_document(
    province: Province, science: Unit
) -> None:
    summary = unit_changes_import(data=changes(MERGER))
    assert (summary.changed, summary.changes) == (True, 2)
    dic = unit("VP-STTTT")
    assert (dic.active, dic.valid_to) == (False, D(2025, 6, 30))
    assert unit("VP-SKHCN").name == "Sở Khoa học và Công nghệ tỉnh Vĩnh Phúc"
    merge = UnitEvent.objects.get(kind="merge")
    assert (merge.legal_document, merge.effective_on, merge.successor) == (
        "1234/QĐ-UBND",
        D(2025, 7, 1),
        science,
    )
    assert {u.code for u in merge.before.all()} == {"VP-STTTT", "VP-SKHCN"}


def test_importing_the_same_file_twice_changes_nothing(province: Province, science: Unit) -> None:
    unit_changes_import(data=changes(MERGER))
    units = list(Unit.objects.order_by("pk").values())
    summary = unit_changes_import(data=changes(MERGER))
    assert (summary.changed, summary.changes) == (False, 0)
    assert UnitEvent.objects.count() == 2
    assert list(Unit.objects.order_by("pk").values()) == units


def test_a_transfer_moves_a_unit_and_keeps_both_parents(province: Province) -> None:
    unit_changes_import(
        data=changes("""\
          - date: 2025-07-01
            kind: transfer
            document: "NQ 1656/NQ-UBTVQH15"
            unit: VP-VINHYEN-LIENBAO
            parent: VP
        """)
    )
    assert unit("VP-VINHYEN-LIENBAO").parent == province.root
    event = UnitEvent.objects.get()
    assert (event.kind, event.old_parent, event.new_parent) == (
        "transfer",
        province.district,
        province.root,
    )


def test_abolishing_a_district_after_moving_its_communes_leaves_every_unit_in_a_tree(
    province: Province,
) -> None:
    unit_changes_import(
        data=changes("""\
          - date: 2025-07-01
            kind: abolish
            document: "NQ 1656/NQ-UBTVQH15"
            unit: VP-VINHYEN
            successor: VP
        """)
    )
    assert unit("VP-VINHYEN-LIENBAO").parent == province.root  # moved to the successor
    assert unit("VP-VINHYEN").valid_to == D(2025, 6, 30)
    moves = UnitEvent.objects.filter(kind="transfer")
    assert [(e.old_parent.code, e.new_parent.code, e.legal_document) for e in moves] == [
        ("VP-VINHYEN", "VP", "NQ 1656/NQ-UBTVQH15")
    ]


def test_a_split_gives_the_new_units_their_start_and_the_primary_the_figures(
    province: Province,
) -> None:
    for code in ("VP-SNV-A", "VP-SNV-B"):
        UnitFactory(code=code, name=code, parent=province.root, valid_from=D(2025, 7, 1))
    unit_changes_import(
        data=changes("""\
          - date: 2025-07-01
            kind: split
            document: "QĐ 9"
            from: VP-SNV
            into: [VP-SNV-A, VP-SNV-B]
            primary: VP-SNV-A
        """)
    )
    event = UnitEvent.objects.get()
    assert (event.kind, event.successor.code) == ("split", "VP-SNV-A")
    assert unit("VP-SNV").valid_to == D(2025, 6, 30)


def test_a_merge_into_a_unit_created_on_its_date(province: Province) -> None:
    UnitFactory(code="VP-SMOI", name="Sở mới", parent=province.root, valid_from=D(2025, 7, 1))
    unit_changes_import(
        data=changes("""\
          - date: 2025-07-01
            kind: merge
            document: "QĐ 7"
            from: [VP-STTTT, VP-SNV]
            into: VP-SMOI
        """)
    )
    assert UnitEvent.objects.get().successor.code == "VP-SMOI"
    assert [unit(c).valid_to for c in ("VP-STTTT", "VP-SNV", "VP-SMOI")] == [
        D(2025, 6, 30),
        D(2025, 6, 30),
        None,
    ]


def test_changes_apply_in_date_order_whatever_their_order_in_the_file(
    province: Province,
) -> None:
    unit_changes_import(
        data=changes("""\
          - date: 2025-08-01
            kind: rename
            document: "QĐ 2"
            unit: VP-SNV
            name: "Sở Nội vụ (3)"
          - date: 2025-01-01
            kind: rename
            document: "QĐ 1"
            unit: VP-SNV
            name: "Sở Nội vụ (2)"
        """)
    )
    assert unit("VP-SNV").name == "Sở Nội vụ (3)"
    assert list(UnitEvent.objects.order_by("effective_on").values_list("old_name", "new_name")) == [
        ("Sở Nội vụ", "Sở Nội vụ (2)"),
        ("Sở Nội vụ (2)", "Sở Nội vụ (3)"),
    ]


# --- bad input: refused whole, every problem with its path and line, nothing written -------


def test_an_unknown_unit_a_merge_of_one_unit_and_a_missing_document_are_all_listed(
    province: Province,
) -> None:
    problems = refusal(
        changes("""\
          - date: 2025-07-01
            kind: merge
            document: "QĐ 1"
            from: [VP-STTTT]
            into: VP-STTTT
          - date: 2025-07-01
            kind: rename
            unit: VP-KHONGCO
            name: "Tên"
          - date: 2025-07-01
            kind: rename
            document: "QĐ 2"
            unit: VP-KHONGCO
            name: "Tên"
        """)
    )
    assert problems == [
        (6, "changes[0].from", "cần ít nhất 2 đơn vị"),
        (8, "changes[1].document", "thiếu khóa bắt buộc"),
        (15, "changes[2].unit", problems[2][2]),
    ]
    assert "VP-KHONGCO" in problems[2][2] and "CSV" in problems[2][2]


def test_a_change_dated_before_a_unit_existed_is_refused_at_its_change(
    province: Province,
) -> None:
    UnitFactory(code="VP-MOI", name="Đơn vị mới", parent=province.root, valid_from=D(2025, 7, 1))
    problems = refusal(
        changes("""\
          - date: 2025-06-01
            kind: rename
            document: "QĐ 1"
            unit: VP-MOI
            name: "Tên khác"
        """)
    )
    assert problems == [
        (
            3,
            "changes[0]",
            "Đơn vị Đơn vị mới chỉ có từ ngày 01/07/2025, sau ngày thay đổi 01/06/2025.",
        )
    ]


def test_a_cycle_of_successors_is_refused(province: Province) -> None:
    problems = refusal(
        changes("""\
          - date: 2025-07-01
            kind: abolish
            document: "QĐ 1"
            unit: VP-STTTT
            successor: VP-SNV
          - date: 2025-07-01
            kind: abolish
            document: "QĐ 1"
            unit: VP-SNV
            successor: VP-STTTT
        """)
    )
    assert [(line, path) for line, path, _ in problems] == [(3, "changes[0]"), (8, "changes[1]")]
    assert all("vòng lặp đơn vị kế thừa" in message for _, _, message in problems)


def test_closing_a_unit_that_still_has_active_children_is_refused_and_nothing_is_written(
    province: Province,
) -> None:
    problems = refusal(
        changes("""\
          - date: 2025-07-01
            kind: rename
            document: "QĐ 1"
            unit: VP-SNV
            name: "Sở Nội vụ mới"
          - date: 2025-07-01
            kind: abolish
            document: "NQ 1656/NQ-UBTVQH15"
            unit: VP-TAMDAO
          - date: 2025-07-01
            kind: merge
            document: "NQ 1656/NQ-UBTVQH15"
            from: [VP-VINHYEN, VP-SNV]
            into: VP-SNV
        """)
    )
    assert [(line, path) for line, path, _ in problems] == [(8, "changes[1]"), (12, "changes[2]")]
    assert "chỉ định đơn vị tiếp nhận" in problems[0][2]
    assert "hãy chuyển chúng trước" in problems[1][2]
    assert unit("VP-SNV").name == "Sở Nội vụ"  # the valid rename was rolled back too


def test_a_wrong_format_tag_and_bad_dates_are_located(province: Province) -> None:
    data = b"""format: chitieu/unit-changes@2
changes:
  - date: 2025-02-30
    kind: rename
    document: "QD 1"
    unit: VP-SNV
    name: "X"
  - date: "01/07/2025"
    kind: dissolve
    document: "QD 2"
    unit: VP-SNV
"""
    problems = refusal(data)
    assert [(line, path) for line, path, _ in problems] == [
        (1, "format"),
        (3, "changes[0].date"),
        (8, "changes[1].date"),
        (9, "changes[1].kind"),
    ]
    assert "chitieu/unit-changes@1" in problems[0][2]
    assert "YYYY-MM-DD" in problems[1][2]


def test_a_file_that_is_not_yaml_is_refused_with_its_line() -> None:
    problems = refusal(b"format: chitieu/unit-changes@1\nchanges: [\n  - x: : y\n")
    assert problems[0][1] == "tệp" and problems[0][0] is not None


def test_a_change_to_a_unit_already_closed_is_refused(province: Province, science: Unit) -> None:
    unit_changes_import(data=changes(MERGER))
    problems = refusal(
        changes("""\
          - date: 2025-09-01
            kind: rename
            document: "QĐ 5"
            unit: VP-STTTT
            name: "Sở cũ"
        """)
    )
    assert problems == [
        (
            3,
            "changes[0]",
            "Đơn vị Sở Thông tin và Truyền thông không còn hoạt động vào ngày 01/09/2025.",
        )
    ]
