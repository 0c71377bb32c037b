"""The change log: who changed which value, when, from where, before/after; browsed per report
and per directive by their reviewers; read-only everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from directives.models import Target
from tests.api_client import TASKS, VALUES
from tests.conftest import Province
from tests.factories import api_token, user_with_role
from tests.reports.submissions.reporting_fixtures import FILLED, Setup, district_directive, start
from units.models import Role, User

pytestmark = pytest.mark.django_db
TRACKED = [
    "directives.Directive", "directives.Task", "directives.Target", "directives.TargetScope",
    "reports.Period", "reports.Submission", "reports.IndicatorValue", "reports.TaskUpdate",
    "units.Unit", "units.Membership",
]  # fmt: skip


@pytest.fixture
def setup(province: Province) -> Setup:
    return district_directive(province)


@pytest.fixture
def reporter(province: Province) -> User:
    return user_with_role(Role.REPORTER, province.district, full_name="Nguyễn Văn An")


@pytest.fixture
def reviewer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root, full_name="Trần Thị Bình")


def _save(client: Client, submission, version: int, **changes: str) -> None:
    response = client.post(
        reverse("reports:save", args=[submission.pk]),
        {**FILLED, **changes, "version": str(version)},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302


def _saved_twice(client: Client, setup: Setup, province: Province, reporter: User, changes):
    """A draft the reporter saved filled in, then saved again with `changes`."""
    submission = start(setup, province, by=reporter)
    client.force_login(reporter)
    _save(client, submission, 1)
    _save(client, submission, 2, **changes)
    return submission


@pytest.mark.parametrize("label", TRACKED)
def test_every_audited_model_is_registered(label: str) -> None:
    assert auditlog.contains(apps.get_model(label))


def test_a_reviewer_sees_who_changed_a_figure_when_and_from_where_with_before_and_after(
    client: Client, province: Province, setup: Setup, reporter: User, reviewer: User
) -> None:
    submission = _saved_twice(client, setup, province, reporter, {"value:IT_OFFICERS:value": "5"})
    client.force_login(reviewer)
    review = client.get(reverse("reports:review", args=[submission.pk])).content.decode()
    assert reverse("reports:history", args=[submission.pk]) in review
    page = client.get(reverse("reports:history", args=[submission.pk])).content.decode()
    assert "Nguyễn Văn An" in page and "10.1.2.3" in page
    change = LogEntry.objects.filter(
        content_type__model="indicatorvalue", action=LogEntry.Action.UPDATE
    ).get()
    assert change.actor == reporter and change.remote_addr == "10.1.2.3"
    assert [Decimal(v) for v in change.changes_dict["value"]] == [2, 5]
    assert "<td>giá trị</td><td>2</td><td>5</td>" in page
    # Vietnamese field names and values, not "unit", "created at", "False".
    assert "<td>đơn vị</td>" in page and "<td>kỳ báo cáo</td>" in page
    assert "<td>được mở lại</td><td>—</td><td>Không</td>" in page
    for english in ("<td>unit</td>", "<td>created at</td>", ">False<", ">True<"):
        assert english not in page
    assert "Đã cấp chứng thư số" in page  # the task update's text, as created


def test_a_deleted_figure_stays_in_the_history(
    client: Client, province: Province, setup: Setup, reporter: User, reviewer: User
) -> None:
    submission = _saved_twice(client, setup, province, reporter, {"value:IT_OFFICERS:value": ""})
    client.force_login(reviewer)
    page = client.get(reverse("reports:history", args=[submission.pk])).content.decode()
    assert ">Xóa</td>" in page and "Cán bộ chuyên trách CNTT: 2" in page
    assert ".None<" not in page  # reverse relations are no fields of the row


def test_a_reviewer_sees_who_changed_a_directive_target(
    client: Client, setup: Setup, reviewer: User
) -> None:
    admin = User.objects.create_superuser(
        "quantri", password="Quan-tri-2026!", full_name="Lê Quản Trị"
    )
    target = Target.objects.get(indicator=setup.signed)
    with set_actor(admin, remote_addr="10.9.8.7"):  # what AuditlogMiddleware does in a request
        target.value = Decimal(90)
        target.save()

    client.force_login(reviewer)
    detail = client.get(reverse("directives:detail", args=[setup.directive.pk])).content.decode()
    assert reverse("directives:history", args=[setup.directive.pk]) in detail
    page = client.get(reverse("directives:history", args=[setup.directive.pk])).content.decode()
    assert "Lê Quản Trị" in page and "10.9.8.7" in page
    assert "<td>giá trị chỉ tiêu</td><td>100</td><td>90</td>" in page


def test_the_history_is_for_reviewers_only(
    client: Client, province: Province, setup: Setup, reporter: User, outsider: User
) -> None:
    submission = start(setup, province, by=reporter)
    url = reverse("reports:history", args=[submission.pk])
    directive_url = reverse("directives:history", args=[setup.directive.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for user, status in [
        (reporter, 403),  # may see the report, not its change log
        (user_with_role(Role.LEADER, province.root), 403),
        (outsider, 404),  # may not even know it exists
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.get(directive_url).status_code == status
    client.force_login(user_with_role(Role.REVIEWER, province.root))
    assert client.post(url).status_code == 405


def test_the_history_page_costs_the_same_queries_however_long_the_history(
    client: Client,
    province: Province,
    setup: Setup,
    reporter: User,
    reviewer: User,
    django_assert_num_queries,
    django_assert_max_num_queries,
) -> None:
    submission = start(setup, province, by=reporter)
    client.force_login(reporter)
    _save(client, submission, 1)
    client.force_login(reviewer)
    url = reverse("reports:history", args=[submission.pk])
    client.get(url)  # warm the content-type cache
    with django_assert_max_num_queries(100) as short:
        assert client.get(url).status_code == 200
    queries = len(short.captured_queries)  # read now: every request resets the query log
    client.force_login(reporter)
    for version, officers in enumerate(["3", "4", "5", "6"], start=2):
        _save(client, submission, version, **{"value:IT_OFFICERS:value": officers})
    client.force_login(reviewer)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_log_cannot_be_changed_in_the_admin(client: Client, setup: Setup) -> None:
    entry = LogEntry.objects.filter(content_type__model="directive").first()
    assert entry is not None
    client.force_login(User.objects.create_superuser("quantri", password="Quan-tri-2026!"))
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    assert client.get(change).status_code == 200
    assert 'type="submit"' not in client.get(change).content.decode().split('id="content"')[1]
    assert client.post(change, {"action": 0}).status_code == 403
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_changes_outside_a_request_are_logged_without_an_actor(setup: Setup) -> None:
    setup.period.due_on = setup.period.due_on + dt.timedelta(days=1)
    setup.period.save()
    entry = LogEntry.objects.filter(content_type__model="period").latest("timestamp")
    assert entry.actor is None and "due_on" in entry.changes_dict


def test_downloading_the_excel_template_is_recorded_with_who_and_which_file(
    client: Client, province: Province, setup: Setup, reporter: User, reviewer: User
) -> None:
    submission = start(setup, province, by=reporter)
    client.force_login(reporter)
    download = client.get(
        reverse("reports:excel_template", args=[submission.pk]), REMOTE_ADDR="10.1.2.4"
    )
    assert download.status_code == 200
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.actor, entry.remote_addr, entry.object_id) == (
        reporter,
        "10.1.2.4",
        submission.pk,
    )
    client.force_login(reviewer)
    page = client.get(reverse("reports:history", args=[submission.pk])).content.decode()
    assert ">Tải về</td>" in page and ".xlsx</td>" in page


def _token_client(user: User, address: str) -> APIClient:
    """A script's client: a real token header, so DRF's authentication runs as in production."""
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def test_changes_through_the_api_with_a_token_name_the_tokens_user_and_address(
    province: Province, setup: Setup, reporter: User, reviewer: User
) -> None:
    submission = start(setup, province, by=reporter)
    url = f"/api/v1/submissions/{submission.pk}/"
    script = _token_client(reporter, "10.4.5.6")
    filled = {"version": 1, "values": VALUES, "task_updates": TASKS}
    assert script.patch(url, filled, format="json").status_code == 200
    values = [{"indicator": "IT_OFFICERS", "value": 5}]
    assert script.patch(url, {"version": 2, "values": values}, format="json").status_code == 200

    change = LogEntry.objects.get(
        content_type__model="indicatorvalue", action=LogEntry.Action.UPDATE
    )
    assert (change.actor, change.remote_addr) == (reporter, "10.4.5.6")
    assert [Decimal(v) for v in change.changes_dict["value"]] == [2, 5]

    head = _token_client(user_with_role(Role.UNIT_HEAD, province.district), "10.4.5.6")
    assert head.post(url + "submit/", {}, format="json").status_code == 200
    review = _token_client(reviewer, "10.4.5.7")
    assert review.post(url + "accept/", format="json").status_code == 200
    accepted = LogEntry.objects.filter(
        content_type__model="submission", object_id=submission.pk, changes__icontains="accepted"
    ).get()
    assert (accepted.actor, accepted.remote_addr) == (reviewer, "10.4.5.7")
    # Every entry the two scripts caused carries its user: none is left without an actor.
    since = LogEntry.objects.filter(remote_addr__in=["10.4.5.6", "10.4.5.7"])
    assert since.count() >= 3 and not since.filter(actor=None).exists()
