"""Redis down: a report sent and accepted meanwhile is saved all the same (its recompute cannot be
queued), and the figures are brought up to date once Redis is back."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from reports.compliance.models import ComplianceRun, TargetResult
from reports.compliance.tasks import recompute_all_compliance
from reports.submissions.models import Submission
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reliability.services import celery_broker, celery_worker_process, redis_server
from tests.reports.submissions.reporting_fixtures import district_directive, start
from units.models import Role

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2016, 6, 10, 3, 0, tzinfo=dt.UTC)
FILLED = {
    "value:DOCS_SIGNED:numerator": "45", "value:DOCS_SIGNED:denominator": "60",
    "value:IT_OFFICERS:value": "2", "task:1:status": "done_on_time",
    "task:1:completed_on": "2016-05-20", "task:1:progress": "Đã cấp chứng thư số",
    "task:2:status": "in_progress", "task:2:progress": "Duy trì hằng ngày", "version": "1",
}  # fmt: skip


def _official(code: str) -> TargetResult | None:
    return TargetResult.objects.filter(run__basis="official", target__indicator__code=code).first()


def test_a_report_sent_and_accepted_while_redis_is_down_is_saved_and_counted_once_it_is_back(
    province: Province, caplog
) -> None:
    setup = district_directive(province)
    submission = start(setup, province)
    head = Client()
    head.force_login(user_with_role(Role.UNIT_HEAD, province.district))
    reviewer = Client()
    reviewer.force_login(user_with_role(Role.REVIEWER, province.root))
    with redis_server() as redis, celery_broker(redis.url):
        redis.kill()
        with time_machine.travel(NOW, tick=True):
            sent = head.post(reverse("reports:submit", args=[submission.pk]), FILLED)
        accepted = reviewer.post(reverse("reports:accept", args=[submission.pk]), {"comment": ""})
        assert (sent.status_code, accepted.status_code) == (302, 302)
        assert Submission.objects.get(pk=submission.pk).status == "accepted"
        assert "in on_commit()" in caplog.text and "Connection refused" in caplog.text  # logged
        assert not ComplianceRun.objects.exists()  # nothing could compute the figures

        redis.start()
        with celery_worker_process(redis_url=redis.url):
            recompute_all_compliance.delay()  # what beat sends every night
            deadline = time.monotonic() + 60
            while _official("DOCS_SIGNED") is None and time.monotonic() < deadline:
                time.sleep(0.2)
    result = _official("DOCS_SIGNED")
    assert result is not None, "the nightly reconciliation did not run once Redis was back"
    assert (result.value, result.units_reported) == (Decimal(75), 1)  # 45/60
