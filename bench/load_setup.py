"""Prepare the load scenario (bench/locustfile.py) on the benchmark province (make_bench_data):
an open month with a draft report for each agency user's commune, agency heads and provincial
leaders, each with a signed-in session, written to bench/out/load-users.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chitieu_bench python bench/load_setup.py 200 50

Sessions are made here rather than by logging in under load: a password check costs about a
second of CPU by design, and signing in is not what this scenario measures. Run again before
each load run: the reports of the previous run are deleted and started anew.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from harness import setup_django

setup_django("sqlite:////tmp/chitieu-bench.sqlite3")

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from directives.models import Directive  # noqa: E402
from reports.periods.services import period_open  # noqa: E402
from reports.submissions.models import Submission  # noqa: E402
from reports.submissions.services import submission_start  # noqa: E402
from units.models import Membership, Role, Unit, User  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "load-users.json"


def _user(username: str, unit: Unit, role: str) -> dict[str, str]:
    user, _ = User.objects.get_or_create(username=username, defaults={"is_active": True})
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"username": username, "session": session.session_key}


@transaction.atomic
def main(agency: int, leaders: int) -> None:
    call_command("make_bench_data")
    directive = Directive.objects.get(code="BENCH-KH")
    period = period_open(kind="month", year=2026, number=1)
    communes = list(Unit.objects.filter(code__startswith="BENCH-X").order_by("code")[:agency])
    Submission.objects.filter(period=period, directive=directive).delete()  # a previous run's
    agency_users = []
    for i, unit in enumerate(communes):
        report = submission_start(unit=unit, period=period, directive=directive, by=None)
        agency_users.append({**_user(f"bench.donvi{i:03d}", unit, Role.UNIT_HEAD),
                             "report": report.pk})  # fmt: skip
    root = Unit.objects.get(code="BENCH")
    leader_users = [_user(f"bench.lanhdao{i:03d}", root, Role.LEADER) for i in range(leaders)]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(
        {"directive": directive.pk, "agency": agency_users, "leaders": leader_users}, indent=1
    ))  # fmt: skip
    print(f"{len(agency_users)} agency users, {len(leader_users)} leaders -> {OUT}")


if __name__ == "__main__":
    main(*(int(n) for n in (sys.argv[1:] or ["200", "50"])))
