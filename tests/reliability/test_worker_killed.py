"""A Celery worker killed (SIGKILL) in the middle of a recompute or an export: no half result is
left, and the task, never acknowledged (acks_late), is handed to the next worker and completes."""

from __future__ import annotations

import io
import os
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.storage import storages
from redis import Redis

from config.celery import app
from reports.compliance.models import ComplianceRun, TargetResult, UnitTargetResult
from reports.exports.models import Export
from reports.exports.services import export_request
from reports.submissions.services import (
    submission_accept,
    submission_save,
    submission_start,
    submission_submit,
)
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reliability.services import (
    celery_broker,
    celery_worker_process,
    in_process_tasks,
    redis_server,
    wait_for,
)
from tests.reports.submissions.reporting_fixtures import Setup, district_directive
from units.models import Role

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
PAUSED_APP = "tests.reliability.paused_worker"
# The next worker gets the dead one's task back after this many seconds (production: an hour).
VISIBILITY = 2
# The killed worker may die holding Redis's restore lock: it expires soon, as visibility does.
RESTORE_LOCK = {"CHITIEU_BROKER_RESTORE_LOCK_SECONDS": "3"}


def _accepted(setup: Setup, unit, signed: int, of: int) -> None:
    submission = submission_start(
        unit=unit, period=setup.period, directive=setup.directive, by=None
    )
    submission_save(
        submission=submission, version=1, by=None,
        values=[ValueInput("DOCS_SIGNED", numerator=Decimal(signed), denominator=Decimal(of)),
                ValueInput("IT_OFFICERS", value=Decimal(1))],
        tasks=[TaskInput("1", "in_progress", progress="Đang làm"),
               TaskInput("2", "in_progress", progress="Duy trì")][: 2 if unit.code.endswith("VINHYEN") else 1],
    )  # fmt: skip
    submission_accept(
        submission=submission_submit(submission=submission, version=2, by=None), by=None
    )


def _signed() -> TargetResult:
    return TargetResult.objects.get(run__basis="official", target__indicator__code="DOCS_SIGNED")


def _kill_when_paused(worker, paused: Path, redis_url: str) -> None:
    """Kill the worker at the pause; leave only its unacknowledged task for the next worker."""
    wait_for(paused.exists, "the worker reaching the pause", timeout=60)
    worker.kill()  # SIGKILL by pid: no warm shutdown, no acknowledgement
    worker.wait(timeout=10)
    app.control.purge()  # tasks still waiting (a later refresh would hide a lost one)
    assert Redis.from_url(redis_url).hlen("unacked") == 1  # kombu's redis transport keeps it


def test_a_worker_killed_mid_recompute_leaves_the_old_figures_whole_and_the_next_one_finishes(
    province: Province, tmp_path: Path
) -> None:
    setup = district_directive(province)
    with in_process_tasks():
        _accepted(setup, province.district, 45, 60)  # computed in-process: the figures before
    before = (_signed().value, _signed().units_reported)
    rows_before = UnitTargetResult.objects.filter(run__basis="official").count()
    assert before == (Decimal(75), 1)
    paused = tmp_path / "paused"
    pause = {"CHITIEU_TEST_PAUSE_AT": "compliance", "CHITIEU_TEST_PAUSED_FILE": str(paused)}
    pause |= RESTORE_LOCK
    with redis_server() as redis, celery_broker(redis.url):
        with celery_worker_process(redis_url=redis.url, app_module=PAUSED_APP, env=pause) as worker:
            _accepted(setup, province.other_district, 20, 40)  # queues a refresh
            _kill_when_paused(worker, paused, redis.url)
        # The dead worker's transaction was rolled back: the last whole figures, no half rows.
        assert (_signed().value, _signed().units_reported) == before
        assert UnitTargetResult.objects.filter(run__basis="official").count() == rows_before
        assert ComplianceRun.objects.filter(basis="official").count() == 1
        time.sleep(VISIBILITY)
        retry = {"CHITIEU_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY)} | RESTORE_LOCK
        with celery_worker_process(redis_url=redis.url, env=retry):
            wait_for(lambda: _signed().units_reported == 2, "the retried refresh", timeout=60)
    assert _signed().value == Decimal(65)  # (45 + 20) / (60 + 40)
    assert ComplianceRun.objects.filter(basis="official").count() == 1


def test_a_worker_killed_mid_export_offers_no_half_file_and_the_next_one_makes_it_whole(
    province: Province, tmp_path: Path
) -> None:
    setup = district_directive(province)
    with in_process_tasks():
        _accepted(setup, province.district, 45, 60)
    officer = user_with_role(Role.REVIEWER, province.root)
    paused = tmp_path / "paused"
    pause = {"CHITIEU_TEST_PAUSE_AT": "export", "CHITIEU_TEST_PAUSED_FILE": str(paused)}
    pause |= RESTORE_LOCK
    exports_root = Path(storages["exports"].location)
    with redis_server() as redis, celery_broker(redis.url):
        with celery_worker_process(redis_url=redis.url, app_module=PAUSED_APP, env=pause) as worker:
            export = export_request(
                by=officer, directive=setup.directive, period=setup.period, format="xlsx"
            )
            _kill_when_paused(worker, paused, redis.url)
        export.refresh_from_db()
        assert (export.status, export.file.name) == ("running", "")  # nothing offered
        finished = [p for p in exports_root.rglob("*") if p.is_file() and ".partial" not in p.parts]
        assert not [p for p in finished if p.name.startswith(f"{export.pk}-")]
        time.sleep(VISIBILITY)
        retry = {"CHITIEU_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY)} | RESTORE_LOCK
        with celery_worker_process(redis_url=redis.url, env=retry):
            wait_for(
                lambda: Export.objects.get(pk=export.pk).status == "done", "the retried export",
                timeout=60,
            )  # fmt: skip
    export.refresh_from_db()
    assert export.progress == 100 and export.error == ""
    workbook = openpyxl.load_workbook(io.BytesIO(storages["exports"].open(export.file.name).read()))
    assert workbook.sheetnames  # a whole workbook that opens
    assert os.path.getsize(exports_root / export.file.name) > 0
