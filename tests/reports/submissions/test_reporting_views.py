"""Agency staff's pages: what they owe, the report form (save, autosave, submit), evidence."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.submissions.models import EvidenceFile, IndicatorValue, Submission
from tests.conftest import Province
from tests.factories import (
    IndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    user_with_role,
)
from tests.reports.submissions.reporting_fixtures import FILLED, district_directive, start
from units.models import Role

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2016, 6, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def setup(province: Province):
    return district_directive(province)


@pytest.fixture
def reporter(province: Province):
    return user_with_role(Role.REPORTER, province.district)


@pytest.fixture
def head(province: Province):
    return user_with_role(Role.UNIT_HEAD, province.district)


def as_user(client: Client, user) -> Client:
    client.force_login(user)
    return client


@time_machine.travel(NOW)
def test_my_reports_lists_what_the_unit_owes_and_starting_opens_a_draft(
    client: Client, setup, reporter
) -> None:
    page = as_user(client, reporter).get(reverse("reports:my_reports")).content.decode()
    assert "886/KH-UBND" in page and "Quý II năm 2016" in page and "Chưa bắt đầu" in page
    assert "còn 7 ngày" in page  # due 17/06/2016
    response = client.post(
        reverse("reports:start"),
        {
            "unit": reporter.memberships.get().unit_id,
            "period": setup.period.pk,
            "directive": setup.directive.pk,
        },
    )
    submission = Submission.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "reports:edit", args=[submission.pk]
    )


def test_nobody_starts_a_report_for_a_unit_that_is_not_theirs(
    client: Client, province: Province, setup
) -> None:
    other = user_with_role(Role.REPORTER, province.other_district)
    response = as_user(client, other).post(
        reverse("reports:start"),
        {"unit": province.district.pk, "period": setup.period.pk, "directive": setup.directive.pk},
    )
    assert response.status_code == 404 and not Submission.objects.exists()


def test_my_reports_is_empty_for_a_leader_and_needs_login(
    client: Client, province: Province, setup, parent_user
) -> None:
    assert (
        "chưa có báo cáo nào"
        in as_user(client, parent_user).get(reverse("reports:my_reports")).content.decode()
    )
    client.logout()
    assert client.get(reverse("reports:my_reports")).status_code == 302


def test_the_form_shows_targets_and_fields_and_a_leader_sees_it_read_only(
    client: Client, province: Province, setup, reporter, parent_user
) -> None:
    submission = start(setup, province)
    page = (
        as_user(client, reporter)
        .get(reverse("reports:edit", args=[submission.pk]))
        .content.decode()
    )
    assert "Tỷ lệ văn bản ký số" in page and "≥ 100%" in page and "≥ 1 người" in page
    assert 'name="value:DOCS_SIGNED:numerator"' in page and "Lưu nháp" in page
    page = (
        as_user(client, parent_user)
        .get(reverse("reports:edit", args=[submission.pk]))
        .content.decode()
    )
    assert "Lưu nháp" not in page and "disabled" in page


def test_another_units_report_is_a_404_even_by_guessing(
    client: Client, province: Province, setup, outsider
) -> None:
    submission = start(setup, province)
    other_district = user_with_role(Role.REPORTER, province.other_district)
    for user in (outsider, other_district):
        as_user(client, user)
        assert client.get(reverse("reports:edit", args=[submission.pk])).status_code == 404
        assert client.post(reverse("reports:save", args=[submission.pk]), FILLED).status_code == 404
        assert client.post(reverse("reports:submit", args=[submission.pk])).status_code == 404
    assert client.get(reverse("reports:edit", args=[99999])).status_code == 404


def test_saving_a_draft_stores_figures_and_redirects_with_a_message(
    client: Client, province: Province, setup, reporter
) -> None:
    submission = start(setup, province)
    response = as_user(client, reporter).post(
        reverse("reports:save", args=[submission.pk]), {**FILLED, "version": "1"}, follow=True
    )
    assert "Đã lưu nháp (phiên bản 2)" in response.content.decode()
    assert (
        IndicatorValue.objects.get(submission=submission, indicator__code="DOCS_SIGNED").value == 75
    )


def test_numbers_typed_the_vietnamese_way_are_understood(
    client: Client, province: Province, setup, reporter
) -> None:
    submission = start(setup, province)
    data = {
        **FILLED,
        "value:DOCS_SIGNED:numerator": "1.234",
        "value:DOCS_SIGNED:denominator": "2.000,0",
        "version": "1",
    }
    as_user(client, reporter).post(reverse("reports:save", args=[submission.pk]), data)
    value = IndicatorValue.objects.get(submission=submission, indicator__code="DOCS_SIGNED")
    assert (value.numerator, value.value) == (Decimal(1234), Decimal("61.7"))


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("value:DOCS_SIGNED:numerator", "abc", "Phải là một số"),
        ("value:DOCS_SIGNED:numerator", "61", "không được lớn hơn mẫu số"),
        ("value:IT_OFFICERS:value", "-2", "số âm"),
        # A head-count typed with a decimal comma: refused, with the whole number to type.
        ("value:IT_OFFICERS:value", "1.234,5", "Phải là số nguyên (số đếm, ví dụ số người)"),
        ("task:1:completed_on", "31/02/2016", "Ngày không hợp lệ"),
    ],
)
def test_a_bad_field_is_explained_next_to_it_and_nothing_is_saved(
    client: Client, province: Province, setup, reporter, field, typed, message
) -> None:
    submission = start(setup, province)
    response = as_user(client, reporter).post(
        reverse("reports:save", args=[submission.pk]), {**FILLED, field: typed, "version": "1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'value="{typed}"' in page  # what the user typed is kept
    assert not IndicatorValue.objects.filter(submission=submission).exists()


def test_a_stale_save_is_refused_with_a_way_to_reload(
    client: Client, province: Province, setup, reporter, head
) -> None:
    submission = start(setup, province)
    as_user(client, head).post(
        reverse("reports:save", args=[submission.pk]), {**FILLED, "version": "1"}
    )
    response = as_user(client, reporter).post(
        reverse("reports:save", args=[submission.pk]),
        {**FILLED, "value:IT_OFFICERS:value": "7", "version": "1"},
    )
    assert response.status_code == 409
    assert "tải lại" in response.content.decode() and "Tải lại trang" in response.content.decode()
    assert (
        IndicatorValue.objects.get(submission=submission, indicator__code="IT_OFFICERS").value == 2
    )


# The autosave's first out-of-band element: it empties every field's message span.
CLEAR_MESSAGES = '<span hx-swap-oob="innerHTML:#report-form .field-messages"></span>'


def test_autosave_answers_only_the_status_the_version_and_the_messages(
    client: Client, province: Province, setup, reporter
) -> None:
    submission = start(setup, province)
    response = as_user(client, reporter).post(
        reverse("reports:save", args=[submission.pk]),
        {**FILLED, "version": "1"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Đã lưu lúc" in page
    assert 'id="report-version" name="version" value="2" hx-swap-oob="true"' in page
    assert "<table" not in page
    # Every message span of the form is emptied first (fields put right since the last save);
    # a save with nothing to say sends no field's span.
    assert page.count(CLEAR_MESSAGES) == 1
    assert 'class="field-messages" id=' not in page


def test_autosave_puts_a_message_next_to_the_wrong_field_escaped(
    client: Client, province: Province, setup, reporter
) -> None:
    submission = start(setup, province)
    response = as_user(client, reporter).post(
        reverse("reports:save", args=[submission.pk]),
        {**FILLED, "value:IT_OFFICERS:value": "<b>hai</b>", "version": "1"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    field = f"f-{b'value:IT_OFFICERS:value'.hex()}"
    span = re.search(
        rf'<span class="field-messages" id="{field}" hx-swap-oob="true">(.*?)</span></span>', page
    )
    assert span and '<span class="field-error">' in span.group(1)
    assert "<b>" not in page
    # Only the field with something to say is sent, after the clearing of every span.
    assert re.findall(r'class="field-messages" id="(f-[0-9a-f]+)"', page) == [field]
    assert page.index(CLEAR_MESSAGES) < span.start()


@time_machine.travel(NOW)
def test_the_head_saves_and_sends_in_one_click_and_it_is_frozen_on_time(
    client: Client, province: Province, setup, head
) -> None:
    submission = start(setup, province)
    response = as_user(client, head).post(
        reverse("reports:submit", args=[submission.pk]), {**FILLED, "version": "1"}
    )
    assert response.status_code == 302 and response.url == reverse("reports:my_reports")
    submission.refresh_from_db()
    assert (submission.status, submission.is_late) == ("submitted", False)
    page = client.get(reverse("reports:edit", args=[submission.pk])).content.decode()
    assert "Lưu nháp" not in page


def test_an_incomplete_report_is_not_sent_and_says_what_is_missing(
    client: Client, province: Province, setup, head
) -> None:
    submission = start(setup, province)
    response = as_user(client, head).post(
        reverse("reports:submit", args=[submission.pk]),
        {**FILLED, "value:IT_OFFICERS:value": "", "version": "1"},
    )
    assert (
        response.status_code == 400
        and "Cần nhập số liệu trước khi gửi" in response.content.decode()
    )
    submission.refresh_from_db()
    assert submission.status == "draft" and submission.version == 1  # the save was rolled back too


def test_a_refused_sending_says_the_autosaved_draft_is_kept(
    client: Client, province: Province, setup, head
) -> None:
    submission = start(setup, province)
    client = as_user(client, head)
    client.post(
        reverse("reports:save", args=[submission.pk]),
        {**FILLED, "version": "1"},
        headers={"HX-Request": "true"},
    )  # fmt: skip  (the autosave)
    response = client.post(
        reverse("reports:submit", args=[submission.pk]),
        {**FILLED, "value:IT_OFFICERS:value": "", "version": "2"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Báo cáo có 1 lỗi." in page
    assert "(phiên bản 2) vẫn được giữ nguyên" in page and "chưa có gì được lưu" not in page.lower()
    submission.refresh_from_db()
    assert submission.status == "draft" and submission.version == 2


def test_a_reporter_sends_only_where_the_unit_allows_it(
    client: Client, province: Province, setup, reporter
) -> None:
    submission = start(setup, province)
    as_user(client, reporter).post(
        reverse("reports:submit", args=[submission.pk]), {**FILLED, "version": "1"}
    )
    assert Submission.objects.get(pk=submission.pk).status == "draft"
    province.district.reporters_may_submit = True
    province.district.save()
    client.post(reverse("reports:submit", args=[submission.pk]), {**FILLED, "version": "1"})
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


def test_a_report_sent_twice_says_it_is_sent_already(
    client: Client, province: Province, setup, head
) -> None:
    submission = start(setup, province)
    url = reverse("reports:submit", args=[submission.pk])
    as_user(client, head).post(url, {**FILLED, "version": "1"})
    page = client.post(url, {**FILLED, "version": "1"}, follow=True).content.decode()
    assert "Báo cáo này đã được gửi; không cần gửi lại." in page
    assert "Bạn không có quyền gửi báo cáo này." not in page
    actions = list(Submission.objects.get().events.values_list("action", flat=True))
    assert actions.count("submit") == 1


def test_a_reporter_without_the_right_to_send_is_told_so(
    client: Client, province: Province, setup, reporter
) -> None:
    submission = start(setup, province)
    response = as_user(client, reporter).post(
        reverse("reports:submit", args=[submission.pk]), {**FILLED, "version": "1"}, follow=True
    )
    assert "Bạn không có quyền gửi báo cáo này." in response.content.decode()


@pytest.mark.parametrize("name", ["reports:save", "reports:submit", "reports:evidence_upload"])
def test_writes_refuse_get(client: Client, province: Province, setup, reporter, name: str) -> None:
    submission = start(setup, province)
    assert as_user(client, reporter).get(reverse(name, args=[submission.pk])).status_code == 405


def test_the_form_page_uses_a_fixed_number_of_queries(
    client: Client, province: Province, setup, reporter, django_assert_max_num_queries
) -> None:
    submission = start(setup, province)
    as_user(client, reporter)
    url = reverse("reports:edit", args=[submission.pk])
    client.post(reverse("reports:save", args=[submission.pk]), {**FILLED, "version": "1"})
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    bound = len(small.captured_queries)  # the log is cleared at the next request
    extra = {}
    for n in range(40):
        indicator = IndicatorFactory(code=f"EXTRA_{n}")
        TargetScopeFactory(
            target=TargetFactory(task=setup.email, indicator=indicator),
            unit=province.district,
            level=None,
        )
        extra[f"value:EXTRA_{n}:value"] = str(n)
    # Saved figures (and their evidence lists) must not cost a query per row either.
    client.post(reverse("reports:save", args=[submission.pk]), {**FILLED, **extra, "version": "2"})
    assert IndicatorValue.objects.filter(submission=submission).count() == 42
    with django_assert_max_num_queries(bound):
        assert "EXTRA_39" in client.get(url).content.decode()


def _reads(queries: list[dict], table: str) -> int:
    return sum(
        1 for q in queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    )


@pytest.mark.parametrize("name", ["reports:save", "reports:submit"])
def test_a_save_or_a_sending_reads_the_reports_targets_and_tasks_once(
    client: Client, province: Province, setup, head, name: str
) -> None:
    """The view reads the report's rows to parse the form; the service takes them from it
    instead of reading its targets, tasks and last period's figures again."""
    submission = start(setup, province)
    as_user(client, head)
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(
            reverse(name, args=[submission.pk]), {**FILLED, "version": "1"},
            headers={"HX-Request": "true"},
        )  # fmt: skip
    assert answer.status_code == 200
    assert _reads(queries.captured_queries, "directives_target") == 1
    # the tasks the unit reports on, and which of them it leads
    assert _reads(queries.captured_queries, "directives_task") == 2
    submission.refresh_from_db()
    assert submission.status == ("draft" if name == "reports:save" else "submitted")


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_evidence_is_checked_by_content_and_served_as_a_safe_download(
    client: Client, province: Province, setup, reporter, outsider
) -> None:
    submission = start(setup, province)
    as_user(client, reporter)
    url = reverse("reports:evidence_upload", args=[submission.pk])
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(url, {"code": "DOCS_SIGNED", "file": fake}, follow=True)
    assert (
        "nội dung tệp không đúng loại" in response.content.decode()
        and not EvidenceFile.objects.exists()
    )
    client.post(url, {"code": "DOCS_SIGNED", "file": SimpleUploadedFile("quyết định.pdf", PDF)})
    evidence = EvidenceFile.objects.get()
    download = client.get(reverse("reports:evidence_download", args=[submission.pk, evidence.pk]))
    assert (
        download["Content-Type"] == "application/pdf"
        and download["X-Content-Type-Options"] == "nosniff"
    )
    assert download["Content-Disposition"].startswith("attachment")
    as_user(client, outsider)
    assert (
        client.get(
            reverse("reports:evidence_download", args=[submission.pk, evidence.pk])
        ).status_code
        == 404
    )


@override_settings(CHITIEU_MAX_UPLOAD_BYTES=1024)
def test_evidence_over_the_size_limit_is_refused(
    client: Client, province: Province, setup, reporter
) -> None:
    submission = start(setup, province)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    response = as_user(client, reporter).post(
        reverse("reports:evidence_upload", args=[submission.pk]),
        {"code": "DOCS_SIGNED", "file": big},
        follow=True,
    )
    assert "giới hạn" in response.content.decode() and not EvidenceFile.objects.exists()
