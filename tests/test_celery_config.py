from __future__ import annotations

from config.celery import app


def test_every_scheduled_job_names_a_registered_task() -> None:
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def test_tasks_are_acknowledged_late_so_a_killed_worker_loses_nothing() -> None:
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
