"""A task's deadline in the admin: set when the task is added, then kept as the original (a
later deadline is an extension with its approving document, recorded on the extension page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import Task
from tests.admin_forms import fields
from tests.conftest import Province
from tests.factories import DirectiveFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
DUE = dt.date(2016, 6, 30)


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
