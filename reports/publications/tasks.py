from __future__ import annotations

from celery import shared_task

from reports.publications.feed import feed_push_all
from reports.publications.services import PUSH_TASK


# On its own queue (CELERY_TASK_ROUTES): a slow receiver never delays the exports or the
# figures. No Celery retry: what is not delivered stays pending, and the beat asks again
# every minute (feed.receiver_push decides what is due).
@shared_task(name=PUSH_TASK, soft_time_limit=10 * 60, time_limit=11 * 60)
def push_feed() -> int:
    return feed_push_all()
