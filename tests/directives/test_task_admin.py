"""A task's deadline in the admin: set when the task is added, then kept as the original (a
later deadline is an extension with its approving document, recorded on the extension page)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import Task
from tests.conftest import Province
from tests.factories import DirectiveFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
DUE = dt.date(2016, 6, 30)


class _Fields(HTMLParser):
    """The fields the admin's change form would post as rendered: inputs, selects, textareas
    (disabled ones are not posted by a browser, but a crafted request may send anything)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str | list[str]] = {}
        self.disabled: set[str] = set()
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "file"):
            self.data[name] = a.get("value") or ""
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            checked = self.data.setdefault(name, [])
            assert isinstance(checked, list)
            checked.append(a.get("value") or "on")
        elif tag == "select" and name:
            self._select = name
            self.data[name] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        if name and "disabled" in a:
            self.disabled.add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            text = self.data[self._textarea]
            assert isinstance(text, str)
            self.data[self._textarea] = text + (data if text else data.lstrip("\n"))


def fields(html: str) -> _Fields:
    parser = _Fields()
    parser.feed(html)
    return parser


@pytest.fixture
def admin_client(client: Client, db) -> Client:
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def task(province: Province) -> Task:
    return TaskFactory(directive=DirectiveFactory(report_to=province.dic), number="1", due_on=DUE)


def test_an_existing_tasks_deadline_is_read_only_and_points_to_the_extension_page(
    admin_client: Client, task: Task
) -> None:
    page = admin_client.get(reverse("admin:directives_task_change", args=[task.pk]))
    assert page.status_code == 200
    form = fields(page.content.decode())
    assert "due_on" in form.disabled
    assert reverse("directives:task_deadline", args=[task.pk]) in page.content.decode()


def test_a_changed_deadline_posted_to_the_task_page_is_ignored_while_the_rest_is_saved(
    admin_client: Client, task: Task
) -> None:
    url = reverse("admin:directives_task_change", args=[task.pk])
    data = fields(admin_client.get(url).content.decode()).data
    data |= {"due_on": "31/12/2016", "title": "Ứng dụng chữ ký số (sửa lời)"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert (task.due_on, task.title) == (DUE, "Ứng dụng chữ ký số (sửa lời)")


def test_a_changed_deadline_posted_inline_on_the_directive_page_is_ignored(
    admin_client: Client, task: Task
) -> None:
    url = reverse("admin:directives_directive_change", args=[task.directive_id])
    form = fields(admin_client.get(url).content.decode())
    due_on = next(name for name in form.data if name.endswith("-due_on") and "tasks-0" in name)
    assert due_on in form.disabled
    response = admin_client.post(url, form.data | {due_on: "31/12/2016"})
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.due_on == DUE


def test_a_new_task_gets_its_deadline_in_the_admin(
    admin_client: Client, province: Province
) -> None:
    directive = DirectiveFactory(report_to=province.dic)
    url = reverse("admin:directives_task_add")
    page = admin_client.get(url).content.decode()
    form = fields(page)
    assert "due_on" in form.data and "due_on" not in form.disabled
    data = form.data | {
        "directive": str(directive.pk),
        "number": "3",
        "title": "Số hóa hồ sơ",
        "due_on": "31/12/2016",
        "position": "3",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Task.objects.get(directive=directive, number="3").due_on == dt.date(2016, 12, 31)
