"""Load: agency heads filling in and sending their month's report, leaders on the dashboards.

    bash bench/load.sh                      200 agency users + 50 leaders for 60 s (see there)
    locust -f bench/locustfile.py --headless -u 250 -r 25 -t 60s --host http://127.0.0.1:8001

Users come from bench/out/load-users.json (bench/load_setup.py). An agency user opens its
report, saves the draft a few times as autosave does (htmx), sends it, then looks at its list.
A leader goes through the overview and the directive's pages. Every answer other than the
expected status counts as an error; a draft save whose version does not go up is one too.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, constant, task

USERS = json.loads((Path(__file__).resolve().parent / "out" / "load-users.json").read_text())
AGENCY = int(os.environ.get("BENCH_AGENCY_USERS", "200"))
LEADERS = int(os.environ.get("BENCH_LEADERS", "50"))
SAVES_BEFORE_SENDING = 3
_next_agency = itertools.count()
_next_leader = itertools.count()
FIELD = re.compile(r'name="((?:value|task):[^"]+)"')
VERSION = re.compile(r'id="report-version" name="version" value="(\d+)"')


def _figure(name: str) -> str:
    kind = name.rsplit(":", 1)[-1]
    return {
        "numerator": str(random.randint(30, 60)), "denominator": "60", "value": "1",  # noqa: S311
        "status": "in_progress", "progress": "Đang triển khai theo kế hoạch",
    }.get(kind, "")  # fmt: skip


class _Signed(HttpUser):
    abstract = True

    def sign_in(self, session: str) -> None:
        self.client.cookies.set("sessionid", session)

    def post(self, url: str, data: dict[str, str], name: str, **headers: str):
        headers["X-CSRFToken"] = self.client.cookies.get("csrftoken", "")
        headers["Referer"] = self.host + url
        return self.client.post(url, data=data, headers=headers, name=name,
                                allow_redirects=False, catch_response=True)  # fmt: skip


class AgencyUser(_Signed):
    fixed_count = AGENCY
    wait_time = between(2, 5)  # a person typing, not a script

    def on_start(self) -> None:
        me = USERS["agency"][next(_next_agency) % len(USERS["agency"])]
        self.sign_in(me["session"])
        self.report = me["report"]
        self.saves = 0
        self.sent = False
        self._open()

    def _open(self) -> None:
        page = self.client.get(f"/reports/{self.report}/", name="/reports/[id]/").text
        self.fields = sorted(set(FIELD.findall(page)))
        found = VERSION.search(page)
        self.version = int(found.group(1)) if found else 1

    @task
    def work(self) -> None:
        if self.sent:
            self.client.get("/reports/", name="/reports/ (list)")
            return
        data = {name: _figure(name) for name in self.fields} | {"version": str(self.version)}
        if self.saves < SAVES_BEFORE_SENDING:
            self._save(data)
        else:
            self._send(data)

    def _save(self, data: dict[str, str]) -> None:
        url = f"/reports/{self.report}/save/"
        with self.post(
            url, data, "/reports/[id]/save/ (autosave)", **{"HX-Request": "true"}
        ) as answer:
            found = VERSION.search(answer.text or "")
            if answer.status_code != 200 or not found or int(found.group(1)) <= self.version:
                answer.failure(f"draft not saved: {answer.status_code}")
                return
            self.version = int(found.group(1))
            self.saves += 1

    def _send(self, data: dict[str, str]) -> None:
        with self.post(f"/reports/{self.report}/submit/", data, "/reports/[id]/submit/") as answer:
            if answer.status_code != 302 or not answer.headers.get("Location", "").endswith(
                "/reports/"
            ):
                answer.failure(f"report not sent: {answer.status_code}")
                return
            self.sent = True


class Leader(_Signed):
    fixed_count = LEADERS
    wait_time = between(2, 5)

    def on_start(self) -> None:
        me = USERS["leaders"][next(_next_leader) % len(USERS["leaders"])]
        self.sign_in(me["session"])
        self.directive = USERS["directive"]

    @task(3)
    def overview(self) -> None:
        self.client.get("/reports/dashboard/", name="/reports/dashboard/")

    @task(2)
    def targets(self) -> None:
        self.client.get(f"/reports/dashboard/{self.directive}/", name="/reports/dashboard/[id]/")

    @task
    def heatmap(self) -> None:
        url = f"/reports/dashboard/{self.directive}/heatmap/"
        self.client.get(url, name="/reports/dashboard/[id]/heatmap/")

    @task
    def ranking(self) -> None:
        url = f"/reports/dashboard/{self.directive}/ranking/"
        self.client.get(url, name="/reports/dashboard/[id]/ranking/")

    @task
    def trends(self) -> None:
        url = f"/reports/dashboard/{self.directive}/trends/"
        self.client.get(url, name="/reports/dashboard/[id]/trends/")


class TrivialUser(_Signed):
    """The machine's limit: a leader asking as fast as it can for a trivial signed-in page (My
    reports, nothing owed). Named alone on the command line: `bash bench/load.sh 0 50 60s trivial`."""

    wait_time = constant(0)

    def on_start(self) -> None:
        me = USERS["leaders"][next(_next_leader) % len(USERS["leaders"])]
        self.sign_in(me["session"])

    @task
    def trivial(self) -> None:
        self.client.get("/reports/", name="/reports/ (trivial)")
