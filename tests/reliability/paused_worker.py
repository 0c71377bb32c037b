"""The project's Celery app with one test-only pause: the worker stops at a chosen point of a
task and waits there to be killed. CHITIEU_TEST_PAUSE_AT says where:

- `compliance`: inside the transaction that rewrites the figures, right after the units' rows
  are written (reports.compliance.services._write_unit_results);
- `export`: after the workbook is written to its scratch file, before it is moved into place.

On reaching it the worker creates the file CHITIEU_TEST_PAUSED_FILE, so the test knows when
to kill it. Started as `celery -A tests.reliability.paused_worker worker`."""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path
from typing import Any

import django

django.setup()

from config.celery import app  # noqa: E402
from reports.compliance import services as aggregation  # noqa: E402
from reports.exports import services as export_services  # noqa: E402

__all__ = ["app"]
_TARGETS = {
    "compliance": (aggregation, "_write_unit_results"),
    "export": (export_services, "write_workbook"),
}


def _pausing(function):
    @functools.wraps(function)
    def run_then_wait(*args: Any, **kwargs: Any):
        function(*args, **kwargs)
        Path(os.environ["CHITIEU_TEST_PAUSED_FILE"]).touch()
        while True:  # until killed
            time.sleep(1)

    return run_then_wait


module, name = _TARGETS[os.environ["CHITIEU_TEST_PAUSE_AT"]]
setattr(module, name, _pausing(getattr(module, name)))
