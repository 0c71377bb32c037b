from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reports.exports.models import Export
from reports.exports.services import (
    BUILD_TASK,
    export_build,
    export_cleanup,
    export_fail_stale,
)


# An export that fails is recorded as failed with why, and the officer retries it: no automatic
# retry. acks_late: a worker dying mid-export has the broker hand the export to another worker,
# which makes it again from the start (export_build is idempotent).
@shared_task(name=BUILD_TASK, acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def build_export(export_id: int) -> str:
    export = (
        Export.objects.filter(pk=export_id).select_related("directive", "period", "area").first()
    )
    if export is None:
        return "missing"
    return export_build(export=export).status


@shared_task(name="reports.tasks.fail_stale_exports")
def fail_stale_exports() -> int:
    return export_fail_stale(now=timezone.now())


@shared_task(name="reports.tasks.clean_exports")
def clean_exports() -> int:
    return export_cleanup(now=timezone.now())
