from __future__ import annotations

import os
import subprocess
import sys

import yaml
from django.conf import settings

from config.celery import app, queues_for


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


def _queue_of(name: str) -> str:
    return app.amqp.router.route({}, name, (), {})["queue"].name


def test_recomputes_exports_and_notifications_each_go_to_a_queue_of_their_own() -> None:
    app.loader.import_default_modules()
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    by_queue: dict[str, set[str]] = {}
    for name in app.tasks:
        if name.startswith(("reports.", "notifications.")):
            by_queue.setdefault(_queue_of(name), set()).add(name)
    assert by_queue == {
        f"{default}.compliance": {
            "reports.tasks.recompute_compliance", "reports.tasks.recompute_all_compliance",
            "reports.tasks.refresh_directive_compliance", "reports.tasks.refresh_all_compliance",
            "reports.compliance.recompute_indicator_year",
        },
        f"{default}.exports": {
            "reports.tasks.build_export", "reports.tasks.fail_stale_exports",
            "reports.tasks.clean_exports",
        },
        f"{default}.notifications": {
            "notifications.tasks.remind_reports_due", "notifications.tasks.escalate_late_reports",
            "notifications.tasks.remind_reviews_waiting", "notifications.tasks.send_weekly_digests",
        },
        f"{default}.feed": {"reports.tasks.push_feed"},
        default: {"reports.tasks.open_current_periods"},
    }  # fmt: skip


def test_a_worker_started_without_queues_takes_every_queue() -> None:
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    assert {queue.name for queue in app.conf.task_queues} == {
        default, f"{default}.compliance", f"{default}.exports", f"{default}.notifications",
        f"{default}.feed",
    }  # fmt: skip


def test_docker_compose_runs_a_worker_for_every_queue() -> None:
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    taken = set()
    for service in compose["services"].values():
        command = service.get("command", [])
        if "worker" in command:
            taken.add(command[command.index("-Q") + 1])
    assert taken == {queue.name for queue in queues_for("chitieu")}


def test_pushing_to_receivers_has_its_own_queue_chosen_by_task_name() -> None:
    route = app.amqp.router.route({}, "reports.tasks.push_feed")
    assert route["queue"].name == f"{settings.CELERY_TASK_DEFAULT_QUEUE}.feed"
    other = app.amqp.router.route({}, "reports.tasks.build_export")
    assert other["queue"].name == f"{settings.CELERY_TASK_DEFAULT_QUEUE}.exports"
