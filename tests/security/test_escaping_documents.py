"""Script and markup typed into names and report texts come out as literal text in the PDF
report and the notification e-mails; the PDF renderer reads nothing but the portal's own
static files and data: URLs, whatever the markup asks for."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from PIL import Image

from directives.models import Task
from notifications.reminders import remind_reports_due
from notifications.services import notify
from reports.exports import pdf
from reports.exports.content import report_content
from reports.exports.pdf import PortalFetcher, heading, write_pdf
from reports.submissions.models import TaskUpdate
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.exports.export_helpers import pdf_text
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role
from units.selectors import province_profile_of

pytestmark = pytest.mark.django_db

# One payload per field, so a document that shows the wrong field cannot pass by accident.
PAYLOADS = {
    "unit": '<script>alert("unit")</script>',
    "task": '<img src="file:///etc/passwd">',
    "difficulties": '<iframe src="http://example.com/x"></iframe>',
    "proposals": "<b onclick=alert('proposals')>x</b>",
    "person": '<script>alert("person")</script>',
}


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _images(data: bytes) -> list[str]:
    """The images embedded in a PDF (pdfimages -list), one line each."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
        out.write(data)
        out.flush()
        listed = subprocess.run(
            ["/usr/bin/pdfimages", "-list", out.name], check=True, capture_output=True, text=True
        ).stdout.splitlines()
    return listed[2:]  # two header lines


def _png(path: Path) -> Path:
    Image.new("RGB", (8, 8), "red").save(path)
    return path


def test_the_pdf_report_prints_names_and_report_texts_as_literal_text(province: Province) -> None:
    dash = build_dashboard(province)
    province.commune.name = PAYLOADS["unit"]
    province.commune.save()
    Task.objects.filter(directive=dash.directive, number="1").update(title=PAYLOADS["task"])
    TaskUpdate.objects.filter(submission__unit=province.commune, task__number="1").update(
        difficulties=PAYLOADS["difficulties"], proposals=PAYLOADS["proposals"]
    )
    content = report_content(directive=dash.directive, period=dash.period, area=province.root)
    out = io.BytesIO()
    head = heading(
        profile=province_profile_of(province.root), number="", issued_on=dt.date(2017, 1, 5)
    )
    # The assessment is drafted from the reports (the units' difficulties); the officer's own
    # text for the next period takes a payload too (the units' full words stay in the workbook).
    closing = pdf.Closing(next_steps=PAYLOADS["proposals"])
    write_pdf(content, head, out, closing=closing)

    # Long texts wrap in table cells (after "http://" or "</"): compare without the spaces.
    text = _unspaced(pdf_text(out.getvalue()))
    for field in ("unit", "task", "difficulties", "proposals"):
        assert _unspaced(PAYLOADS[field]) in text, f"{field} not printed as text"
    assert "root:" not in text  # /etc/passwd was not read
    assert _images(out.getvalue()) == []  # the <img> is text, not a picture


def test_the_fetcher_refuses_files_outside_static_and_any_network_address(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    _png(static / "logo.png")
    secret = _png(tmp_path / "secret.png")
    fetcher = PortalFetcher()
    with override_settings(STATICFILES_DIRS=[static], STATIC_ROOT=str(tmp_path / "collected")):
        for url in (
            "file:///etc/passwd",
            "FILE:///etc/passwd",
            "file:/etc/passwd",
            f"file://{secret}",
            f"file://{static}/../secret.png",
            f"file://{static}/%2e%2e/secret.png",
            f"file://otherhost{static}/logo.png",
            "http://127.0.0.1:8000/admin/",
            "https://example.com/x.png",
            "ftp://example.com/x.png",
        ):
            with pytest.raises(ValueError):
                fetcher(url)
        # A symbolic link in the static folder is judged by where it points.
        (static / "link.png").symlink_to(secret)
        with pytest.raises(ValueError):
            fetcher(f"file://{static}/link.png")

        fetched = fetcher(f"file://{static}/logo.png")
        assert fetched.read()[:4] == b"\x89PNG"
        fetched.close()
        assert fetcher("data:text/plain;base64,eGluIGNow6Bv").read() == "xin chào".encode()


def test_the_report_renderer_uses_the_fetcher(
    tmp_path: Path, province: Province, monkeypatch
) -> None:
    """Markup that did reach the renderer: the static picture is drawn, the others are not."""
    static = tmp_path / "static"
    static.mkdir()
    allowed = _png(static / "logo.png")
    secret = _png(tmp_path / "secret.png")
    markup = (
        f'<img src="file://{allowed}"><img src="file://{secret}">'
        '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd">'
    )
    monkeypatch.setattr(pdf, "report_html", lambda *given: f"<p>{markup}</p>")
    out = io.BytesIO()
    with override_settings(STATICFILES_DIRS=[static]):
        write_pdf(None, None, out)
    assert len(_images(out.getvalue())) == 1


def _sent_parts() -> tuple[str, str, str]:
    [message] = mail.outbox
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return message.subject, message.body, html


def _escaped(payload: str) -> str:
    return (
        payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#x27;")
    )  # fmt: skip


def test_a_notification_e_mail_escapes_its_html_part_and_keeps_the_text_literal(
    province: Province, django_capture_on_commit_callbacks
) -> None:
    user = user_with_role(
        Role.REVIEWER, province.root, email="stttt@vp.gov.vn", full_name=PAYLOADS["person"]
    )
    title = f"Nhiệm vụ {PAYLOADS['task']} của {PAYLOADS['unit']}"
    body = f"{PAYLOADS['difficulties']}\n{PAYLOADS['proposals']}"
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="report_due_soon", key="k", title=title, body=body, url="/x/")
    subject, text, html = _sent_parts()
    for field in ("person", "task", "unit", "difficulties", "proposals"):
        assert PAYLOADS[field] not in html, f"{field} unescaped in the HTML part"
        assert _escaped(PAYLOADS[field]) in html, f"{field} missing from the HTML part"
        assert PAYLOADS[field] in text, f"{field} not literal in the text part"
    assert subject == f"[chitieu] {title}"  # plain text: no &lt; in the mail client


def test_a_report_reminder_with_a_hostile_unit_name_is_sent_escaped(
    province: Province, django_capture_on_commit_callbacks
) -> None:
    district_directive(province, quarter=2)  # due 17/06/2016
    province.district.name = PAYLOADS["unit"]
    province.district.save()
    user_with_role(Role.UNIT_HEAD, province.district, email="ld.vy@vp.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_reports_due(today=dt.date(2016, 6, 17)) == 1
    subject, text, html = _sent_parts()
    assert PAYLOADS["unit"] in subject and PAYLOADS["unit"] in text
    assert PAYLOADS["unit"] not in html and _escaped(PAYLOADS["unit"]) in html
    assert "<script" not in html
