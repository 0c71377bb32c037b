"""Every model is usable in the admin, through the same permissions module as the portal."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    SubmissionFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskAssigneeFactory,
    TaskFactory,
    UserFactory,
    user_with_role,
)
from units.models import Role

pytestmark = pytest.mark.django_db
MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"units", "directives", "indicators", "reports"}
]


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_every_changelist_opens_for_an_admin_with_search_and_filters(
    client: Client, superuser, province: Province, model
) -> None:
    SubmissionFactory(unit=province.district, directive=DirectiveFactory(report_to=province.dic))
    client.force_login(superuser)
    assert client.get(changelist(model)).status_code == 200
    assert client.get(changelist(model), {"q": "so noi vu"}).status_code == 200


def test_a_directive_shows_its_tasks_targets_and_scopes_on_one_page(
    client: Client, superuser, province: Province
) -> None:
    directive = DirectiveFactory(report_to=province.dic)
    task = TaskFactory(directive=directive, title="Triển khai chữ ký số")
    TaskAssigneeFactory(task=task, unit=province.home_affairs)
    TargetScopeFactory(target=TargetFactory(task=task))
    client.force_login(superuser)
    page = client.get(
        reverse("admin:directives_directive_change", args=[directive.pk])
    ).content.decode()
    assert "Triển khai chữ ký số" in page
    assert "targets-" in page and "scope-" in page and "assignees-" in page
    # The scorecard's weights and the overview's key indicators are set per target here.
    assert "-weight" in page and "-featured" in page


def test_admin_search_forgives_missing_diacritics(
    client: Client, superuser, province: Province
) -> None:
    client.force_login(superuser)
    from units.models import Unit

    page = client.get(changelist(Unit), {"q": "so noi vu"}).content.decode()
    assert "VP-SNV" in page and "VP-STTTT" not in page


def test_a_reviewer_manages_directives_but_not_users(client: Client, province: Province) -> None:
    from directives.models import Directive
    from units.models import User

    reviewer = user_with_role(Role.REVIEWER, province.root, is_staff=True)
    client.force_login(reviewer)
    assert client.get(changelist(Directive)).status_code == 200
    assert client.get(changelist(User)).status_code == 403


def test_a_reporter_gets_no_admin(client: Client, province: Province) -> None:
    from directives.models import Directive

    client.force_login(user_with_role(Role.REPORTER, province.district, is_staff=True))
    assert client.get(changelist(Directive)).status_code == 403


def test_a_reviewer_sees_only_their_provinces_units_and_reports(
    client: Client, province: Province, outsider
) -> None:
    from reports.submissions.models import Submission
    from units.models import Unit

    SubmissionFactory(unit=outsider.memberships.get().unit)
    reviewer = user_with_role(Role.REVIEWER, province.root, is_staff=True)
    client.force_login(reviewer)
    assert "BT-VINHYEN" not in client.get(changelist(Unit)).content.decode()
    assert "Bình Thuận" not in client.get(changelist(Submission)).content.decode()


def test_units_cannot_be_deleted_from_the_admin(
    client: Client, superuser, province: Province
) -> None:
    client.force_login(superuser)
    url = reverse("admin:units_unit_delete", args=[province.commune.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403


def test_the_directive_form_saves_the_reporting_cadence_as_a_list(province: Province) -> None:
    from directives.forms import DirectiveAdminForm

    directive = DirectiveFactory(report_to=province.dic, reporting=["quarter"])
    data = {
        "code": directive.code, "kind": "plan", "title": "Kế hoạch", "issuer": "UBND tỉnh",
        "issued_on": "05/01/2016", "effective_from": "15/01/2016", "effective_to": "",
        "reporting": ["half_year", "year"], "report_to": province.dic.pk, "due_working_days": "3",
    }  # fmt: skip
    form = DirectiveAdminForm(data, instance=directive)
    assert form.is_valid(), form.errors
    form.save()
    directive.refresh_from_db()
    assert (directive.reporting, directive.due_working_days) == (["half_year", "year"], 3)
    assert not DirectiveAdminForm({**data, "reporting": ["week"]}, instance=directive).is_valid()


def test_a_unit_changes_form_labels_who_recorded_it_and_when_in_vietnamese(
    client: Client, superuser
) -> None:
    client.force_login(superuser)
    page = client.get(reverse("admin:units_unitevent_add")).content.decode()
    assert "Người ghi nhận" in page and "Thời điểm ghi nhận" in page
    assert "Recorded" not in page
