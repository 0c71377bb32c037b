"""PostgreSQL restarted under the web process (gunicorn, persistent connections): while it is
down requests fail at once with an error page, and afterwards they succeed again without the
web process or its worker being restarted. On a throwaway cluster the test makes itself."""

from __future__ import annotations

import re
import subprocess
import time

import psycopg2
import pytest
import requests

from tests.factories import UserFactory
from tests.reliability.services import (
    PostgresCluster,
    children,
    gunicorn_server,
    postgres_cluster,
)
from tests.worker import database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
PASSWORD = "mật-khẩu-thử-2026"


def _copy_test_database(cluster: PostgresCluster) -> str:
    """The migrated test database, with its user, into the throwaway cluster: its URL there."""
    admin = psycopg2.connect(cluster.url("postgres"))
    admin.autocommit = True
    admin.cursor().execute("create database chitieu")
    admin.close()
    dump = subprocess.run(["/usr/bin/pg_dump", "--format=custom", "--no-owner", database_url()],
                          check=True, capture_output=True).stdout  # fmt: skip
    url = cluster.url("chitieu")
    subprocess.run(["/usr/bin/pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url}"],
                   input=dump, check=True, capture_output=True)  # fmt: skip
    return url


def _logged_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{base}/login/", timeout=10, allow_redirects=False,
        data={"username": "canbo", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )  # fmt: skip
    assert answer.status_code == 302, answer.text
    return session


def test_requests_fail_cleanly_while_postgresql_restarts_and_recover_without_a_web_restart() -> (
    None
):
    user = UserFactory(username="canbo")
    user.set_password(PASSWORD)
    user.save()
    with postgres_cluster() as cluster:
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _copy_test_database(cluster),
            "DATABASE_CONN_MAX_AGE": "600",  # one connection kept across requests
            "REDIS_URL": "",
        }
        with gunicorn_server(env) as (base, web):
            session = _logged_in(base)
            assert session.get(f"{base}/", timeout=10).status_code == 200
            workers = children(web.pid)

            cluster.stop()
            answers = {}
            for path in ("/", "/api/v1/units/"):
                started = time.monotonic()
                answers[path] = session.get(f"{base}{path}", timeout=15)
                assert answers[path].status_code == 500, (path, answers[path].status_code)
                assert time.monotonic() - started < 5  # at once, no hang
            assert "Hệ thống tạm gián đoạn" in answers["/"].text  # the portal's own error page
            assert answers["/api/v1/units/"].json() == {
                "detail": "Lỗi máy chủ; đã được ghi lại để xử lý."
            }

            cluster.start()
            assert session.get(f"{base}/", timeout=10).status_code == 200  # the very next one
            assert session.get(f"{base}/api/v1/units/", timeout=10).status_code == 200
            # Restarted while no request came: the kept connection is dead, and the next request
            # finds out before using it (CONN_HEALTH_CHECKS) rather than failing.
            cluster.stop()
            cluster.start()
            assert session.get(f"{base}/", timeout=10).status_code == 200
            assert web.poll() is None and children(web.pid) == workers  # nothing restarted
