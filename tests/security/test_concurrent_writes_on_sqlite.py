"""On SQLite (the embedded default) concurrent writes are answered 200 or 409/400, never a 500
"database is locked": transactions take the write lock up front (IMMEDIATE) and wait a few
seconds for it. Requests go at once, from threads, to a real server on its own SQLite file."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

PASSWORD = "mat-khau-thu-nghiem"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    database = tmp_path_factory.mktemp("sqlite") / "chitieu.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
           "DJANGO_SETTINGS_MODULE": "config.settings.test", "CHITIEU_WORKER_EAGER": "1"}  # fmt: skip
    manage = [sys.executable, "manage.py"]
    run = {"cwd": settings.BASE_DIR, "env": env, "check": True, "timeout": 300}
    subprocess.run([*manage, "migrate", "-v0"], **run)
    seeded = subprocess.run(
        [*manage, "shell", "-c", "from tests.security.concurrent_seed import main; main()"],
        capture_output=True, text=True, **run,
    )  # fmt: skip
    port = _free_port()
    process = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(port, process)
        yield {
            "url": f"http://127.0.0.1:{port}",
            **json.loads(seeded.stdout.strip().splitlines()[-1]),
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    for _attempt in range(300):
        assert process.poll() is None, "the server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def _call(
    method: str, url: str, body: dict | None = None, token: str | None = None
) -> tuple[int, Any]:
    parts = urllib.parse.urlsplit(url)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, parts.path, json.dumps(body or {}).encode(), headers)
        response = connection.getresponse()
        text = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(text or b"{}")
    except ValueError:
        return response.status, text[:200]


def _token(server: dict[str, Any], name: str) -> str:
    status, body = _call("POST", f"{server['url']}/api/v1/auth/token/",
                         {"username": server[name]["username"], "password": PASSWORD})  # fmt: skip
    assert status == 200, body
    return body["token"]


def _at_once(count: int, request: Any) -> list[tuple[int, Any]]:
    """`request()` from `count` threads released together."""
    barrier = threading.Barrier(count)
    answers: list[tuple[int, Any]] = []

    def go() -> None:
        barrier.wait()
        answers.append(request())

    threads = [threading.Thread(target=go) for _n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_three_simultaneous_submits_send_the_report_once_and_refuse_the_others(server) -> None:
    token = _token(server, "ready")
    report = server["ready"]
    url = f"{server['url']}/api/v1/submissions/{report['id']}/submit/"
    answers = _at_once(3, lambda: _call("POST", url, {"version": report["version"]}, token))
    codes = sorted(code for code, _body in answers)
    assert codes[0] == 200 and all(code in (400, 409) for code in codes[1:]), answers


def test_four_patches_of_one_version_save_once_and_answer_409_to_the_others(server) -> None:
    token = _token(server, "draft")
    report = server["draft"]
    url = f"{server['url']}/api/v1/submissions/{report['id']}/"

    def patch(officers: int) -> Any:
        body = {
            "version": report["version"],
            "values": [{"indicator": "IT_OFFICERS", "value": officers}],
        }
        return lambda: _call("PATCH", url, body, token)

    answers = _at_once(4, patch(3))
    assert sorted(code for code, _body in answers) == [200, 409, 409, 409], answers
