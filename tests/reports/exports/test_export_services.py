"""Asking for, building, retrying and cleaning up exports (the worker's side runs in-process)."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation

from config.errors import DomainError
from reports.exports import services
from reports.exports.models import Export
from reports.exports.services import (
    export_build,
    export_cleanup,
    export_fail_stale,
    export_request,
    export_retry,
)
from tests.conftest import Province
from tests.factories import PeriodFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.exports.export_helpers import pdf_text
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province):
    return user_with_role(Role.REVIEWER, province.root)


def test_an_officers_request_is_queued_then_built_by_the_task(
    dash: Dashboard, province: Province, officer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        export = export_request(
            by=officer, directive=dash.directive, period=dash.period, format="pdf"
        )
    assert len(callbacks) == 1
    export.refresh_from_db()
    assert (export.status, export.progress, export.area, export.error) == (
        "done",
        100,
        province.root,
        "",
    )
    assert re.fullmatch(r"exports/\d{4}/\d\d/\d+-bao-cao-36a-kh-ubnd-quy-iv-nam-2016\w*\.pdf",
                        export.file.name)  # fmt: skip
    with export.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_same_request_in_progress_is_not_queued_twice(dash: Dashboard, officer) -> None:
    first = export_request(by=officer, directive=dash.directive, period=dash.period, format="xlsx")
    again = export_request(by=officer, directive=dash.directive, period=dash.period, format="xlsx")
    assert again.pk == first.pk
    pdf = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    assert pdf.pk != first.pk


def test_a_period_without_official_figures_is_refused_with_a_reason(
    dash: Dashboard, officer
) -> None:
    empty = PeriodFactory(kind="quarter", year=2016, number=3, starts_on=dt.date(2016, 6, 15),
                          ends_on=dt.date(2016, 9, 14), due_on=dt.date(2016, 9, 20))  # fmt: skip
    with pytest.raises(DomainError, match="chưa có số liệu chính thức cho Quý III năm 2016"):
        export_request(by=officer, directive=dash.directive, period=empty, format="pdf")
    assert not Export.objects.exists()


def test_who_may_export_what(dash: Dashboard, province: Province, outsider) -> None:
    kwargs = {"directive": dash.directive, "period": dash.period, "format": "pdf"}
    district_leader = user_with_role(Role.LEADER, province.district)
    assert export_request(by=district_leader, **kwargs).area == province.district
    with pytest.raises(PermissionDenied):  # a leader of the district, not of its neighbour
        export_request(by=district_leader, unit_code=province.other_district.code, **kwargs)
    with pytest.raises(PermissionDenied):  # a district's reviewer is no DIC officer
        export_request(by=user_with_role(Role.REVIEWER, province.district), **kwargs)
    with pytest.raises(PermissionDenied):  # a reporter
        export_request(by=user_with_role(Role.REPORTER, province.dic), **kwargs)
    with pytest.raises(PermissionDenied):  # another province
        export_request(by=outsider, **kwargs)
    officer = user_with_role(Role.REVIEWER, province.root)
    with pytest.raises(Http404):
        export_request(by=officer, unit_code="KHONG-CO", **kwargs)
    assert (
        export_request(by=officer, unit_code=province.district.code, **kwargs).area
        == province.district
    )


def test_a_failure_records_why_and_offers_no_file(dash: Dashboard, officer, monkeypatch) -> None:
    def dies_half_way(content, target, progress, **options):
        target.write(b"PK\x03\x04 half a workbook")
        raise MemoryError("hết bộ nhớ")

    monkeypatch.setattr(services, "write_workbook", dies_half_way)
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="xlsx")
    export = export_build(export=export)
    assert export.status == "failed"
    assert "MemoryError: hết bộ nhớ" in export.error
    assert not export.file
    partial = os.path.join(services.storage().location, services.PARTIAL_DIR)
    assert not os.listdir(partial)  # the scratch file is gone too


def test_a_failed_export_can_be_retried_as_a_new_one(dash: Dashboard, officer) -> None:
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    Export.objects.filter(pk=export.pk).update(status="failed", error="Máy chủ dừng")
    export.refresh_from_db()
    again = export_retry(export=export, by=officer)
    assert again.pk != export.pk and again.status == "queued"
    with pytest.raises(DomainError):
        export_retry(export=again, by=officer)


def test_building_is_idempotent(dash: Dashboard, officer) -> None:
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="xlsx")
    Export.objects.filter(pk=export.pk).update(status="running", progress=40)  # its worker died
    export = export_build(export=export)  # redelivered: made again from the start
    assert export.status == "done"
    name = export.file.name
    assert export_build(export=export).file.name == name  # done: left alone


def test_exports_lost_by_a_dead_worker_are_marked_failed(dash: Dashboard, officer) -> None:
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    now = timezone.now()
    Export.objects.filter(pk=export.pk).update(
        status="running", started_at=now - dt.timedelta(hours=1)
    )
    assert export_fail_stale(now=now) == 1
    export.refresh_from_db()
    assert export.status == "failed" and "Máy chủ dừng giữa chừng" in export.error
    # The first worker finishing after all keeps nothing: the export stays failed, no file.
    assert export_build(export=export).status == "failed"


def test_old_exports_are_deleted_with_their_files(dash: Dashboard, officer, settings) -> None:
    settings.CHITIEU_EXPORT_RETENTION_DAYS = 30
    old = export_build(export=export_request(by=officer, directive=dash.directive,
                                             period=dash.period, format="xlsx"))  # fmt: skip
    recent = export_build(export=export_request(by=officer, directive=dash.directive,
                                                period=dash.period, format="pdf"))  # fmt: skip
    Export.objects.filter(pk=old.pk).update(requested_at=timezone.now() - dt.timedelta(days=31))
    assert export_cleanup(now=timezone.now()) == 1
    assert not services.storage().exists(old.file.name)
    assert services.storage().exists(recent.file.name)
    assert list(Export.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_worker_builds_the_file_in_the_language_of_whoever_asked(
    dash: Dashboard, officer
) -> None:
    with translation.override("en"):
        export = export_request(
            by=officer, directive=dash.directive, period=dash.period, format="pdf"
        )
    assert export.language == "en"
    with translation.override("vi"):  # the worker's own language, whatever it is
        export = export_build(export=export)
    with export.file.open("rb") as pdf:
        text = pdf_text(pdf.read())
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "CỘNG HÒA" not in text


def test_the_same_request_in_another_language_is_another_export(dash: Dashboard, officer) -> None:
    kwargs = {"by": officer, "directive": dash.directive, "period": dash.period, "format": "xlsx"}
    with translation.override("en"):
        english = export_request(**kwargs)
    with translation.override("vi"):
        vietnamese = export_request(**kwargs)
    assert (english.language, vietnamese.language) == ("en", "vi")
    assert english.pk != vietnamese.pk
