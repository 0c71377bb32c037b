from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

from config.celery import app


def test_every_scheduled_job_names_a_registered_task() -> None:
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def test_tasks_are_acknowledged_late_so_a_killed_worker_loses_nothing() -> None:
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


def test_the_tasks_services_queue_by_name_are_registered_in_every_process() -> None:
    # A fresh process with no autodiscovery (that is the worker's): the reports app registers
    # the tasks when ready, so a web process running tasks in-process finds them by name.
    probe = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "from reports.exports.services import BUILD_TASK\n"
        "from reports.submissions.schedule import RECOMPUTE_TASK\n"
        "from reports.publications.services import PUSH_TASK\n"
        "print(sorted({BUILD_TASK, RECOMPUTE_TASK, PUSH_TASK} - set(app.tasks)))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    answer = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=settings.BASE_DIR,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert answer.stdout.strip().splitlines()[-1] == "[]"


def test_pushing_to_receivers_has_its_own_queue_chosen_by_task_name() -> None:
    route = app.amqp.router.route({}, "reports.tasks.push_feed")
    assert route["queue"].name == settings.CELERY_FEED_QUEUE
    assert settings.CELERY_FEED_QUEUE != settings.CELERY_TASK_DEFAULT_QUEUE
    other = app.amqp.router.route({}, "reports.tasks.build_export")
    assert other["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE
