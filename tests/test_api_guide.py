"""docs/api.md runs as written: its shell blocks, in order, with curl against a live server on
the demo data, only the host replaced. Each block runs through bash (set -euo pipefail) with the
variables and functions the earlier ones set; every request must answer 2xx (the guide's curl
calls carry --fail-with-body), except the one whose refusal the guide checks itself."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import DEFAULT_LEVELS, level
from tests.reliability.services import in_process_tasks

GUIDE = Path(settings.BASE_DIR) / "docs" / "api.md"
GUIDE_HOST = "http://127.0.0.1:8000"
BLOCK = re.compile(r"^```(?:sh|bash)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
ASSIGNED = re.compile(r"(?:^\s*|[;&|(]\s*|\bfor\s+)([A-Za-z_]\w*)(?:=|\s+in\b)", re.MULTILINE)
FUNCTION = re.compile(r"^([A-Za-z_]\w*)\(\)\s*\{", re.MULTILINE)
# The harness logs each request's status and path on stderr; the guide's own -w (the 409 step)
# takes its place there, which is why that step checks its code itself.
LOGGED = "%{stderr}curl-log %{http_code} %{url_effective}\\n"
LOG_LINE = re.compile(r"^curl-log (\d{3}) (\S+)$", re.MULTILINE)


def blocks() -> list[str]:
    return BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_has_blocks_and_every_curl_fails_on_an_error_answer() -> None:
    found = blocks()
    assert len(found) >= 8
    calls = [c for block in found for c in re.split(r"(?=\bcurl )", block)[1:]]
    assert len(calls) >= 15
    for call in calls:
        command = call.split("\n\n")[0]
        assert "--fail-with-body" in command or "%{http_code}" in command, command


@pytest.fixture
def demo(transactional_db) -> Iterator[None]:
    """The demo as scripts/start.sh serves it by default: tasks in-process (a worker test of the
    same session leaves them going to its worker), on the levels of the data migration (which
    an earlier transactional test may have flushed)."""
    for code in DEFAULT_LEVELS:
        level(code)
    with in_process_tasks():
        call_command("load_demo", "--force", stdout=io.StringIO())
        yield


def test_the_guides_commands_run_against_the_demo(demo, live_server, tmp_path: Path) -> None:
    assert shutil.which("curl"), "curl is needed (scripts/system-packages.sh test installs it)"
    bash = shutil.which("bash")
    assert bash
    found = blocks()
    names = sorted({n for block in found for n in ASSIGNED.findall(block)} - {"attempt"})
    functions = sorted({f for block in found for f in FUNCTION.findall(block)})
    state = tmp_path / "state.sh"
    state.write_text("")
    statuses: list[tuple[int, str]] = []
    for number, block in enumerate(found, start=1):
        script = "\n".join([
            "set -euo pipefail",
            f"curl() {{ command curl -w '{LOGGED}' \"$@\"; }}",
            f"source {state}",
            block.replace(GUIDE_HOST, live_server.url),
            # What this block set, for the next ones (declare -p names only those that exist).
            f"declare -p {' '.join(names)} 2>/dev/null > {state}.new || true",
            f"declare -f {' '.join(functions)} >> {state}.new",
            f"mv {state}.new {state}",
        ])  # fmt: skip
        done = subprocess.run(
            [bash, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True,
            env={**os.environ, "TMPDIR": str(tmp_path)}, timeout=300,
        )  # fmt: skip
        logged = [(int(code), url) for code, url in LOG_LINE.findall(done.stderr)]
        statuses += logged
        assert done.returncode == 0, (
            f"block {number} failed:\n{block}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        )
        assert all(200 <= code < 300 for code, _ in logged), (number, logged)
    paths = {re.sub(r"/\d+/", "/N/", url.removeprefix(live_server.url).split("?")[0])
             for _, url in statuses}  # fmt: skip
    assert paths >= {
        "/api/v1/auth/token/", "/api/v1/units/", "/api/v1/directives/import/",
        "/api/v1/directives/", "/api/v1/directives/N/", "/api/v1/periods/",
        "/api/v1/submissions/", "/api/v1/submissions/N/", "/api/v1/submissions/N/submit/",
        "/api/v1/submissions/N/accept/", "/api/v1/dashboard/compliance/", "/api/v1/exports/",
        "/api/v1/exports/N/", "/api/v1/exports/N/download/",
    }  # fmt: skip
