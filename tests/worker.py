"""A real Celery worker process (and beat) on Redis, sharing the test database (PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(settings.BASE_DIR)


def database_url(name: str | None = None) -> str:
    """The test database's URL, or that of database `name` on the same server."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("worker tests need PostgreSQL: set DATABASE_URL=postgres://…")
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{name or db['NAME']}"


def run_worker(
    *,
    redis_url: str = "",
    app_module: str = "config",
    env: dict[str, str] | None = None,
    name: str = "test",
) -> Iterator[subprocess.Popen]:
    """Start a worker on the test database; stop it (warm shutdown) afterwards. By default on
    the configured Redis with the project's app; reliability tests give a Redis of their own,
    an app module wrapping the project's, and extra environment; a second worker next to the
    session's, a `name` of its own."""
    workdir = Path(tempfile.mkdtemp(prefix="chitieu-worker-"))
    env = _celery_env(redis_url, env)
    log = (workdir / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app_module,
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            f"--hostname={name}-{os.getpid()}@%h",
            f"--pidfile={workdir / 'worker.pid'}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_ready(process, workdir / "worker.log")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _celery_env(redis_url: str, env: dict[str, str] | None) -> dict[str, str]:
    """What a worker or beat process needs: the test database, Redis, tasks sent for real."""
    redis_url = redis_url or settings.REDIS_URL
    if not redis_url:
        raise RuntimeError("worker tests need Redis: set REDIS_URL=redis://…")
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CHITIEU_WORKER_EAGER": "0",
        **(env or {}),
    }


def run_beat(*, scheduler: str, env: dict[str, str] | None = None) -> Iterator[Path]:
    """Start `celery beat` with `scheduler` (module:Class) on the configured Redis, sending to
    the test database's worker; stop it by its pid afterwards. Yields its log file."""
    workdir = Path(tempfile.mkdtemp(prefix="chitieu-beat-"))
    log_path = workdir / "beat.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=DEBUG",
            f"--scheduler={scheduler}", f"--pidfile={workdir / 'beat.pid'}",
            f"--schedule={workdir / 'celerybeat-schedule'}",
        ],
        cwd=ROOT,
        env=_celery_env("", env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield log_path
        if process.poll() is not None:
            raise RuntimeError(f"beat exited early:\n{log_path.read_text()}")
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _wait_until_ready(process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited early:\n{log.read_text()}")
        if app.control.ping(timeout=1.0):
            return
    raise RuntimeError(f"the worker did not answer a ping in {timeout}s:\n{log.read_text()}")
