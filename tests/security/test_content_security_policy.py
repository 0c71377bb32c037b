"""The Content-Security-Policy header on every page, and templates that can live with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from units.models import User

pytestmark = pytest.mark.django_db
PAGES = [
    "login",
    "password_reset",
    "home",
    "reports:my_reports",
    "reports:review_queue",
    "directives:list",
    "directives:tasks",
    "indicators:list",
    "units:list",
    "admin:index",
    "api-docs",
]


def _policy(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_forbids_inline_script_and_style(client: Client, name: str) -> None:
    client.force_login(User.objects.create_superuser("quantri", password="Quan-tri-2026!"))
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = _policy(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_an_api_answer_carries_the_policy_too(client: Client, unit_user: User) -> None:
    client.force_login(unit_user)
    response = client.get("/api/v1/units/")
    assert response["Content-Type"] == "application/json"
    assert "script-src 'self'" in response["Content-Security-Policy"]


_ROOT = Path(settings.BASE_DIR)
_TEMPLATE_DIRS = [_ROOT / "templates", *sorted(_ROOT.glob("*/templates"))]
_INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_holds_inline_script_style_or_event_handlers() -> None:
    found = [
        f"{path.relative_to(_ROOT)}: {what}"
        for folder in _TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        # E-mails are no pages (mail clients need inline style); nor is the PDF report's HTML,
        # which WeasyPrint renders on the server.
        if "email" not in path.parts and "exports/report.html" not in path.as_posix()
        for what, pattern in _INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert len(list(_TEMPLATE_DIRS[0].rglob("*.html"))) > 5  # the scan does read templates
    assert not found, "move these to static/js or static/css: " + "; ".join(found)
