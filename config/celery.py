"""The Celery app. The beat schedule and the task queues live here, in one place.

Recomputes, exports, notifications and the feed to receivers each have a queue (and in docker-compose.yml workers)
of their own, so a burst of exports or e-mails never waits in front of a refresh of the
figures. Queue names derive from the default queue (CELERY_QUEUE), so two deployments or
test runs sharing one Redis never take each other's tasks.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

# Task name -> the kind of work, whose queue is "<default queue>.<kind>"; the rest go to the
# default queue (period opening).
QUEUE_OF_TASK = {
    "reports.tasks.recompute_compliance": "compliance",
    "reports.tasks.recompute_all_compliance": "compliance",
    "reports.tasks.refresh_directive_compliance": "compliance",
    "reports.tasks.refresh_all_compliance": "compliance",
    "reports.tasks.build_export": "exports",
    "reports.tasks.fail_stale_exports": "exports",
    "reports.tasks.clean_exports": "exports",
    "reports.compliance.recompute_indicator_year": "compliance",
    # Pushing published figures waits on other systems' servers: never ahead of the rest.
    "reports.tasks.push_feed": "feed",
}
QUEUE_KINDS = ("compliance", "exports", "notifications", "feed")


def queues_for(default: str) -> list[Queue]:
    """Every queue, so a worker started without -Q (tests, a one-process install) takes all."""
    return [Queue(default), *(Queue(f"{default}.{kind}") for kind in QUEUE_KINDS)]


def route_task(name: str, args, kwargs, options, task=None, **kw) -> dict[str, str] | None:
    kind = QUEUE_OF_TASK.get(name)
    if kind is None and name.startswith("notifications."):
        kind = "notifications"
    if kind is None:
        return None
    return {"queue": f"{app.conf.task_default_queue}.{kind}"}


app = Celery("chitieu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.task_routes = (route_task,)

app.conf.beat_schedule = {
    "open-current-periods": {
        "task": "reports.tasks.open_current_periods",
        "schedule": crontab(hour=0, minute=30),
    },
    "recompute-all-compliance": {
        "task": "reports.tasks.recompute_all_compliance",
        "schedule": crontab(hour=1, minute=0),
    },
    # Reminders after the night's period opening; each is sent once (notifications sent-log).
    "remind-reports-due": {
        "task": "notifications.tasks.remind_reports_due",
        "schedule": crontab(hour=7, minute=0),
    },
    "escalate-late-reports": {
        "task": "notifications.tasks.escalate_late_reports",
        "schedule": crontab(hour=7, minute=15),
    },
    "remind-reviews-waiting": {
        "task": "notifications.tasks.remind_reviews_waiting",
        "schedule": crontab(hour=7, minute=30),
    },
    "send-weekly-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=45),
    },
    "fail-stale-exports": {
        "task": "reports.tasks.fail_stale_exports",
        "schedule": crontab(minute="*/10"),
    },
    # Publications not yet delivered to a receiver (down, or answering 5xx) when their wait is up.
    "push-feed": {
        "task": "reports.tasks.push_feed",
        "schedule": crontab(minute="*"),
    },
    "clean-exports": {
        "task": "reports.tasks.clean_exports",
        "schedule": crontab(hour=2, minute=0),
    },
}
