"""units_import and the import_units command: a units CSV is loaded all-or-nothing."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from config.errors import ImportRejected, Problem
from config.search import fold, search_filter
from tests.conftest import Province
from units.models import Unit
from units.services import ImportSummary, unit_abolish, units_import

HEADER = "code,name,parent,level,kind"

# A small tree of another province than the fixture's, written in file order.
TREE_ROWS = (
    "HN,UBND thành phố Hà Nội,,province,UBND thành phố",
    "HN-STTTT,Sở Thông tin và Truyền thông thành phố Hà Nội,HN,department,sở",
    "HN-BADINH,UBND quận Ba Đình,HN,district,UBND quận",
    "HN-BADINH-DIENBIEN,UBND phường Điện Biên,HN-BADINH,commune,UBND phường",
    "HN-HOANKIEM,UBND quận Hoàn Kiếm,HN,district,UBND quận",
)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "".join(f"{line}\n" for line in (header, *rows)).encode()


def units_snapshot() -> list[tuple]:
    return list(
        Unit.objects.order_by("id").values_list(
            "id", "code", "name", "parent_id", "level_id", "kind", "active"
        )
    )


def rejected(data: bytes) -> list[Problem]:
    """The problems of a refused file, after checking that nothing at all was written."""
    before = units_snapshot()
    with pytest.raises(ImportRejected) as caught:
        units_import(data=data)
    assert units_snapshot() == before
    return caught.value.problems


def where(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.path) for problem in problems]


def parent_code(code: str) -> str | None:
    unit = Unit.objects.select_related("parent").get(code=code)
    return unit.parent.code if unit.parent else None


# --- a valid file -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_creates_a_tree_with_the_right_parents_levels_and_kinds() -> None:
    summary = units_import(data=csv_bytes(*TREE_ROWS))

    assert summary == ImportSummary(created=5, updated=0, unchanged=0)
    rows = {
        unit.code: (unit.parent.code if unit.parent else None, unit.level.code, unit.kind)
        for unit in Unit.objects.select_related("parent", "level")
    }
    assert rows == {
        "HN": (None, "province", "UBND thành phố"),
        "HN-STTTT": ("HN", "department", "sở"),
        "HN-BADINH": ("HN", "district", "UBND quận"),
        "HN-BADINH-DIENBIEN": ("HN-BADINH", "commune", "UBND phường"),
        "HN-HOANKIEM": ("HN", "district", "UBND quận"),
    }
    assert Unit.objects.get(code="HN-BADINH-DIENBIEN").name == "UBND phường Điện Biên"
    assert all(Unit.objects.values_list("active", flat=True))


@pytest.mark.django_db
def test_it_fills_the_folded_search_text_of_every_unit() -> None:
    units_import(data=csv_bytes(*TREE_ROWS))

    commune = Unit.objects.get(code="HN-BADINH-DIENBIEN")
    assert "ubnd phuong dien bien" in commune.search_text
    assert fold("UBND phường Điện Biên") in commune.search_text
    assert list(search_filter(Unit.objects.all(), "dien bien")) == [commune]


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing() -> None:
    data = csv_bytes(*TREE_ROWS)
    units_import(data=data)
    before = units_snapshot()

    summary = units_import(data=data)

    assert summary == ImportSummary(created=0, updated=0, unchanged=5)
    assert str(summary).startswith("0 mới, 0 cập nhật, 5 không đổi")
    assert units_snapshot() == before


@pytest.mark.django_db
def test_a_changed_name_or_parent_updates_the_unit_in_place() -> None:
    units_import(data=csv_bytes(*TREE_ROWS))
    ids = dict(Unit.objects.values_list("code", "id"))

    summary = units_import(
        data=csv_bytes(
            "HN,UBND thành phố Hà Nội,,province,UBND thành phố",
            "HN-BADINH,UBND quận Ba Đình thành phố Hà Nội,HN,district,UBND quận",
            "HN-BADINH-DIENBIEN,UBND phường Điện Biên,HN-HOANKIEM,commune,UBND phường",
        )
    )

    assert summary == ImportSummary(created=0, updated=2, unchanged=1)
    assert dict(Unit.objects.values_list("code", "id")) == ids
    assert Unit.objects.get(code="HN-BADINH").name == "UBND quận Ba Đình thành phố Hà Nội"
    assert parent_code("HN-BADINH-DIENBIEN") == "HN-HOANKIEM"


@pytest.mark.django_db
def test_units_absent_from_the_file_are_never_deleted() -> None:
    units_import(data=csv_bytes(*TREE_ROWS))

    units_import(data=csv_bytes("HN-TAYHO,UBND quận Tây Hồ,HN,district,UBND quận"))

    assert Unit.objects.count() == 6
    assert Unit.objects.filter(active=True).count() == 6
    assert parent_code("HN-BADINH-DIENBIEN") == "HN-BADINH"


def test_a_file_naming_units_of_the_database_as_parents_adds_to_their_tree(
    province: Province,
) -> None:
    count = Unit.objects.count()

    summary = units_import(
        data=csv_bytes("VP-VINHYEN-DONGDA,UBND phường Đống Đa,VP-VINHYEN,commune,UBND phường")
    )

    assert summary == ImportSummary(created=1, updated=0, unchanged=0)
    assert Unit.objects.count() == count + 1
    assert parent_code("VP-VINHYEN-DONGDA") == "VP-VINHYEN"
    assert Unit.objects.get(code="VP-VINHYEN-LIENBAO").active


@pytest.mark.django_db
def test_the_active_column_marks_a_unit_inactive_without_deleting_it() -> None:
    units_import(data=csv_bytes(*TREE_ROWS))
    header = f"{HEADER},active"

    summary = units_import(
        data=csv_bytes(
            "HN,UBND thành phố Hà Nội,,province,UBND thành phố,1",
            "HN-BADINH,UBND quận Ba Đình,HN,district,UBND quận,",
            "HN-BADINH-DIENBIEN,UBND phường Điện Biên,HN-BADINH,commune,UBND phường,0",
            "HN-HOANKIEM,UBND quận Hoàn Kiếm,HN,district,UBND quận,không",
            header=header,
        )
    )

    assert summary == ImportSummary(created=0, updated=2, unchanged=2)
    assert Unit.objects.count() == 5
    assert set(Unit.objects.filter(active=False).values_list("code", flat=True)) == {
        "HN-BADINH-DIENBIEN",
        "HN-HOANKIEM",
    }
    assert parent_code("HN-BADINH-DIENBIEN") == "HN-BADINH"


@pytest.mark.django_db
def test_only_an_explicit_active_value_brings_an_inactive_unit_back() -> None:
    header = f"{HEADER},active"
    row = "HN-HOANKIEM,UBND quận Hoàn Kiếm,HN,district,UBND quận"
    units_import(data=csv_bytes(f"{TREE_ROWS[0]},", f"{row},0", header=header))
    assert Unit.objects.get(code="HN").active is True

    units_import(data=csv_bytes(f"{row},", header=header))
    assert Unit.objects.get(code="HN-HOANKIEM").active is False

    summary = units_import(data=csv_bytes(f"{row},1", header=header))
    assert summary == ImportSummary(created=0, updated=1, unchanged=0)
    assert Unit.objects.get(code="HN-HOANKIEM").active is True


def test_reimporting_a_file_without_the_active_column_keeps_an_abolished_unit_inactive(
    province: Province,
) -> None:
    # data/README.md tells officers to re-run import_units on files that have no active column;
    # that must not bring back a unit that was ended by a dated change.
    unit_abolish(
        unit=province.other_commune,
        effective_on=datetime.date(2025, 7, 1),
        legal_document="Nghị quyết số 1656/NQ-UBTVQH15",
        by=None,
    )

    units_import(data=csv_bytes("VP-TAMDAO-HOPCHAU,UBND xã Hợp Châu,VP-TAMDAO,commune,UBND xã"))

    commune = Unit.objects.get(code="VP-TAMDAO-HOPCHAU")
    assert commune.valid_to == datetime.date(2025, 6, 30)
    assert commune.active is False


@pytest.mark.django_db
def test_a_child_listed_before_its_parent_is_created_under_it() -> None:
    summary = units_import(
        data=csv_bytes(
            "HN-BADINH-DIENBIEN,UBND phường Điện Biên,HN-BADINH,commune,UBND phường",
            "HN-BADINH,UBND quận Ba Đình,HN,district,UBND quận",
            "HN,UBND thành phố Hà Nội,,province,UBND thành phố",
        )
    )

    assert summary.created == 3
    assert parent_code("HN-BADINH-DIENBIEN") == "HN-BADINH"
    assert parent_code("HN-BADINH") == "HN"
    assert parent_code("HN") is None


@pytest.mark.django_db
def test_a_utf8_byte_order_mark_is_accepted() -> None:
    summary = units_import(data=b"\xef\xbb\xbf" + csv_bytes(*TREE_ROWS))

    assert summary.created == 5
    assert Unit.objects.get(code="HN").name == "UBND thành phố Hà Nội"


@pytest.mark.django_db
def test_blank_lines_are_skipped_and_lines_keep_their_numbers() -> None:
    data = csv_bytes(TREE_ROWS[0], "", TREE_ROWS[1], " , , , , ", "HN-X,Đơn vị X,HN,ward,ban")

    problems = rejected(data)

    assert where(problems) == [(6, "level")]


# --- refused files: one problem each ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_it_refuses_a_file_that_is_not_utf8(province: Province, encoding: str) -> None:
    # Every character of these rows exists in cp1258 (Windows Vietnamese) as one byte.
    text = f"{HEADER}\nVP-DAI,Đài Phát thanh Văn hóa,VP,agency,ban\n"
    data = text.encode(encoding)

    problems = rejected(data)

    assert where(problems) == [(None, "tệp")]
    assert "UTF-8" in problems[0].message
    first_bad = next(i for i, byte in enumerate(data) if byte >= 0x80)
    assert f"vị trí {first_bad}" in problems[0].message


def test_it_refuses_an_empty_file(province: Province) -> None:
    problems = rejected(b"")

    assert where(problems) == [(1, "tệp")]
    assert problems[0].message == "tệp rỗng"


def test_it_refuses_a_file_with_a_header_and_no_unit(province: Province) -> None:
    problems = rejected(csv_bytes())

    assert where(problems) == [(None, "tệp")]
    assert "không có đơn vị nào" in problems[0].message


@pytest.mark.django_db
def test_it_refuses_a_header_missing_a_column() -> None:
    problems = rejected(
        csv_bytes("HN,UBND thành phố Hà Nội,,province", header="code,name,parent,level")
    )

    assert where(problems) == [(1, "tiêu đề")]
    assert problems[0].message == "thiếu cột: kind"


@pytest.mark.django_db
def test_it_refuses_a_header_with_an_unknown_column() -> None:
    problems = rejected(
        csv_bytes("HN,UBND thành phố Hà Nội,,province,UBND,a@b.vn", header=f"{HEADER},email")
    )

    assert where(problems) == [(1, "tiêu đề")]
    assert problems[0].message == "cột không hợp lệ: email"


@pytest.mark.django_db
def test_it_refuses_a_header_missing_one_column_and_adding_another() -> None:
    problems = rejected(
        csv_bytes("HN,UBND thành phố Hà Nội,,province,UBND", header="code,name,parent,cap,kind")
    )

    assert where(problems) == [(1, "tiêu đề"), (1, "tiêu đề")]
    assert [p.message for p in problems] == ["thiếu cột: level", "cột không hợp lệ: cap"]


@pytest.mark.django_db
def test_it_refuses_an_unknown_level_and_writes_none_of_the_valid_rows() -> None:
    problems = rejected(csv_bytes(*TREE_ROWS[:2], "HN-BADINH,UBND quận Ba Đình,HN,ward,UBND quận"))

    assert where(problems) == [(4, "level")]
    assert "'ward'" in problems[0].message
    assert Unit.objects.count() == 0


@pytest.mark.parametrize("code", ["HN BADINH", "Hà-Nội", "-HN", "X" * 65])
@pytest.mark.django_db
def test_it_refuses_an_invalid_unit_code(code: str) -> None:
    problems = rejected(csv_bytes(TREE_ROWS[0], f"{code},UBND quận Ba Đình,HN,district,UBND quận"))

    assert where(problems) == [(3, "code")]
    assert "không hợp lệ" in problems[0].message


@pytest.mark.django_db
def test_it_refuses_an_empty_name() -> None:
    problems = rejected(csv_bytes(TREE_ROWS[0], "HN-BADINH,  ,HN,district,UBND quận"))

    assert where(problems) == [(3, "name")]
    assert problems[0].message == "thiếu tên đơn vị"


@pytest.mark.django_db
def test_it_refuses_a_code_listed_twice_in_the_file() -> None:
    problems = rejected(
        csv_bytes(*TREE_ROWS, "HN-BADINH,UBND quận Ba Đình mới,HN,district,UBND quận")
    )

    assert where(problems) == [(7, "code")]
    assert problems[0].message == "mã HN-BADINH đã có ở dòng 4"


def test_it_refuses_a_parent_that_is_neither_in_the_file_nor_in_the_database(
    province: Province,
) -> None:
    problems = rejected(csv_bytes("VP-SKHDT,Sở Kế hoạch và Đầu tư,VP-XYZ,department,sở"))

    assert where(problems) == [(2, "parent")]
    assert "'VP-XYZ'" in problems[0].message


@pytest.mark.django_db
def test_it_refuses_a_row_naming_itself_as_parent() -> None:
    problems = rejected(csv_bytes(TREE_ROWS[0], "HN-BADINH,UBND quận Ba Đình,HN-BADINH,district,x"))

    assert where(problems) == [(3, "parent")]
    assert "chính nó" in problems[0].message


@pytest.mark.django_db
def test_it_refuses_a_cycle_inside_the_file() -> None:
    problems = rejected(
        csv_bytes(
            TREE_ROWS[0],
            "HN-A,Đơn vị A,HN-B,department,sở",
            "HN-B,Đơn vị B,HN-A,department,sở",
        )
    )

    assert where(problems) == [(3, "parent"), (4, "parent")]
    assert all("vòng lặp cấp trên" in p.message for p in problems)


def test_it_refuses_a_cycle_through_units_already_in_the_database(province: Province) -> None:
    # VP > VP-VINHYEN > VP-VINHYEN-LIENBAO: the file puts the district under its own commune.
    problems = rejected(
        csv_bytes("VP-VINHYEN,UBND thành phố Vĩnh Yên,VP-VINHYEN-LIENBAO,district,UBND thành phố")
    )

    assert where(problems) == [(2, "parent")]
    assert "vòng lặp cấp trên: VP-VINHYEN" in problems[0].message
    assert parent_code("VP-VINHYEN") == "VP"


@pytest.mark.django_db
def test_it_refuses_a_row_with_the_wrong_number_of_cells() -> None:
    problems = rejected(
        csv_bytes(TREE_ROWS[0], "HN-BADINH,UBND quận Ba Đình,HN,district", TREE_ROWS[1])
    )

    assert where(problems) == [(3, "dòng")]
    assert problems[0].message == "có 4 ô, tiêu đề có 5 cột"


@pytest.mark.django_db
def test_it_refuses_an_active_value_it_does_not_know() -> None:
    problems = rejected(
        csv_bytes(
            "HN,UBND thành phố Hà Nội,,province,UBND thành phố,maybe", header=f"{HEADER},active"
        )
    )

    assert where(problems) == [(2, "active")]
    assert "'maybe'" in problems[0].message


# --- refused files: every problem listed at once ------------------------------------------------


def test_every_problem_of_a_file_is_listed_with_its_line(province: Province) -> None:
    problems = rejected(
        csv_bytes(
            "VP-SKHDT,Sở Kế hoạch và Đầu tư,VP,department,sở",
            "VP SCT,Sở Công Thương,VP,department,sở",
            "VP-STC,,VP,dept,sở",
            "VP-SKHDT,Sở Kế hoạch và Đầu tư,VP,department,sở",
            "VP-SYT,Sở Y tế,VP,department",
            "VP-SXD,Sở Xây dựng,VP-NOPE,department,sở",
            "VP-VINHYEN,UBND thành phố Vĩnh Yên,VP-VINHYEN-LIENBAO,district,UBND thành phố",
        )
    )

    assert where(problems) == [
        (3, "code"),
        (4, "name"),
        (4, "level"),
        (5, "code"),
        (6, "dòng"),
        (7, "parent"),
        (8, "parent"),
    ]
    assert not Unit.objects.filter(code="VP-SKHDT").exists()


# --- the command --------------------------------------------------------------------------------


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "don_vi.csv"
    path.write_bytes(data)
    return path


@pytest.mark.django_db
def test_the_command_imports_a_file_and_prints_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes(*TREE_ROWS))
    out = io.StringIO()

    call_command("import_units", str(path), stdout=out)

    assert Unit.objects.count() == 5
    assert f"{path}: 5 mới, 0 cập nhật, 0 không đổi" in out.getvalue()


def test_the_command_lists_every_problem_with_its_line(province: Province, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        csv_bytes(
            "VP-SKHDT,Sở Kế hoạch và Đầu tư,VP,department,sở",
            "VP-STC,Sở Tài chính,VP,dept,sở",
            "VP-SXD,Sở Xây dựng,VP-NOPE,department,sở",
        ),
    )
    count = Unit.objects.count()

    with pytest.raises(CommandError) as caught:
        call_command("import_units", str(path))

    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert "2 lỗi" in text
    assert "dòng 3, level: cấp 'dept' không có trong danh mục" in text
    assert "dòng 4, parent: đơn vị cấp trên 'VP-NOPE' không có" in text
    assert Unit.objects.count() == count


@pytest.mark.django_db
def test_the_command_refuses_a_file_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_units", str(tmp_path / "khong_co.csv"))
