"""Services a reliability test starts for itself, on free ports of its own, and stops by process
id: a Redis server, a throwaway PostgreSQL cluster. Nothing shared is ever touched."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.worker import ROOT, run_worker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what}: not within {timeout}s")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    """`redis-server` on a free loopback port, in memory only; start and kill it at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: _listening(self.port), f"redis-server on port {self.port}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # by pid: SIGKILL, like a crash
            self.process.wait(timeout=10)
        self.process = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.kill()


def _pg_binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version) or [
        path for path in (f"/usr/local/bin/{name}",) if os.path.exists(path)
    ]
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return found[-1]


def _version(path: str) -> int:
    return int(Path(path).parent.parent.name)


class PostgresCluster:
    """A PostgreSQL cluster of its own (initdb into a temporary directory, trust auth, loopback
    and a socket in that directory). PostgreSQL refuses to run as root: then it runs as the
    `postgres` system user."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="chitieu-pg-"))
        self.port = free_port()
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(_pg_binary("initdb"), "--auth=trust", "--username=postgres", "--encoding=UTF8",
                  "--locale=C.UTF-8", "-D", str(self.directory / "data"))  # fmt: skip

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as, *command], check=True, capture_output=True, cwd=self.directory)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(_pg_binary("pg_ctl"), "start", "--wait", "-D", str(self.directory / "data"),
                  "-l", str(self.directory / "server.log"), "-o", options)  # fmt: skip

    def stop(self) -> None:
        self._run(_pg_binary("pg_ctl"), "stop", "--wait", "-m", "fast",
                  "-D", str(self.directory / "data"))  # fmt: skip

    def remove(self) -> None:
        pid_file = self.directory / "data" / "postmaster.pid"
        if pid_file.exists():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Send this process's tasks through the broker at `url` (not in-process) meanwhile."""
    from config.celery import app

    conf = app.conf
    saved = conf.broker_url, conf.task_always_eager

    def use(broker: str, eager: bool) -> None:
        conf.broker_url, conf.task_always_eager = broker, eager
        # Connections to the old broker are pooled: drop the pools so the next send reconnects.
        app._pool = None
        app.amqp._producer_pool = None

    use(url, False)
    try:
        yield
    finally:
        use(*saved)


@contextmanager
def in_process_tasks() -> Iterator[None]:
    """Run this process's tasks in-process meanwhile: once a worker test of the same session has
    started the shared worker, tasks would otherwise go to it and finish at any moment."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = saved


# A Celery worker process on the test database, as a `with` block.
celery_worker_process = contextmanager(run_worker)


@contextmanager
def gunicorn_server(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen]]:
    """The portal under gunicorn (one worker) on a free loopback port: (its address, process)."""
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="chitieu-web-")) / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers=1",
             f"--bind=127.0.0.1:{port}", "--timeout=30", "--no-control-socket"],
            cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(lambda: _listening(port), f"gunicorn on port {port}:\n{log.read_text()}")
            yield f"http://127.0.0.1:{port}", process
        finally:
            process.terminate()
            process.wait(timeout=30)


def children(pid: int) -> set[int]:
    """The process ids whose parent is `pid` (gunicorn's workers)."""
    found = set()
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(Path(stat).parent.name))
    return found
