"""The Celery app. The beat schedule lives here, in one place."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("chitieu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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
