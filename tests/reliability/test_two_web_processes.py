"""Two web processes behind one address answer any request alike: a session started on one is
valid on the other, a file uploaded through one is served by the other (Django's storage API),
and figures cached by one are replaced for both when the run changes (issue 16, item 6)."""

from __future__ import annotations

import re
import tempfile

import pytest
import redis
import requests
from django.urls import reverse

from reports.compliance.services import compliance_recompute
from reports.submissions.models import EvidenceFile, IndicatorValue
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reliability.services import gunicorn_server, redis_server
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.worker import database_url
from units.models import Role

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
PASSWORD = "mật-khẩu-thử-2026"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=60).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _log_in(session: requests.Session, base: str, username: str) -> None:
    answer = session.post(
        f"{base}/login/", timeout=60, allow_redirects=False,
        data={"username": username, "password": PASSWORD,
              "csrfmiddlewaretoken": _token(session, f"{base}/login/")},
    )  # fmt: skip
    assert answer.status_code == 302, answer.text[:500]


def test_sessions_files_and_cached_figures_work_across_two_web_processes(
    province: Province,
) -> None:
    dash = build_dashboard(province)
    for username, role, unit in (("baocao", Role.REPORTER, province.district),
                                 ("lanhdao", Role.LEADER, province.root)):  # fmt: skip
        user = user_with_role(role, unit, username=username)
        user.set_password(PASSWORD)
        user.save()
    submission = dash.submissions[province.district.code]
    submission.status = "returned"  # editable again, so that evidence may be added
    submission.save()
    with redis_server() as cache_server, tempfile.TemporaryDirectory() as media:
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": "",
            "CHITIEU_CACHE_URL": cache_server.url,
            "DJANGO_MEDIA_ROOT": media,
        }
        with gunicorn_server(env) as (one, _), gunicorn_server(env) as (two, _):
            # A session started on one process is valid on the other.
            reporter = requests.Session()
            _log_in(reporter, one, "baocao")
            mine = reporter.get(f"{two}{reverse('reports:my_reports')}", timeout=60)
            assert mine.status_code == 200 and "/login/" not in mine.url

            # A file uploaded through one is served by the other.
            edit = f"{one}{reverse('reports:edit', args=[submission.pk])}"
            upload = reporter.post(
                f"{one}{reverse('reports:evidence_upload', args=[submission.pk])}",
                data={"code": "DOCS_ONLINE", "csrfmiddlewaretoken": _token(reporter, edit)},
                files={"file": ("quyết định.pdf", PDF, "application/pdf")},
                timeout=60,
            )
            assert upload.status_code == 200, upload.status_code
            evidence = EvidenceFile.objects.get()
            download = reporter.get(
                f"{two}{reverse('reports:evidence_download', args=[submission.pk, evidence.pk])}",
                timeout=60,
            )
            assert (download.status_code, download.content) == (200, PDF)

            # Figures cached by one are replaced for both once the run changes.
            leader = requests.Session()
            _log_in(leader, two, "lanhdao")
            targets = reverse("reports:dashboard_targets", args=[dash.directive.pk])
            assert "87,5%" in leader.get(f"{one}{targets}", timeout=60).text
            shared = redis.Redis.from_url(cache_server.url)
            assert shared.keys("*figures:compliance:*")  # in the shared cache, not one process's
            assert "87,5%" in leader.get(f"{two}{targets}", timeout=60).text
            IndicatorValue.objects.filter(
                submission=dash.submissions[province.dic.code], indicator=dash.online
            ).update(numerator=15, value=15)
            compliance_recompute(directive=dash.directive, period=dash.period)
            for base in (one, two):
                html = leader.get(f"{base}{targets}", timeout=60).text
                assert "87,5%" not in html and "47,5%" in html, base
