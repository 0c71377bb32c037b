"""The reports app's tasks module, found by Celery's autodiscovery: each task lives next to the
service it calls, in its domain's tasks.py; they keep their `reports.tasks.*` names."""

from reports.compliance.tasks import recompute_all_compliance, recompute_compliance
from reports.exports.tasks import build_export, clean_exports, fail_stale_exports
from reports.periods.tasks import open_current_periods
from reports.publications.tasks import push_feed

__all__ = [
    "build_export",
    "clean_exports",
    "fail_stale_exports",
    "open_current_periods",
    "push_feed",
    "recompute_all_compliance",
    "recompute_compliance",
]
