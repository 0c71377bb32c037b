"""Figures are never stale: a change to what they are computed from besides the reports (a
target's value, operator or weight, a scope, units' validity, a deadline, a re-imported
directive) queues a refresh of what it affects, and the refresh computes anew."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import Directive, Target, TargetScope
from directives.services import directive_import, directive_targets_changed, task_deadline_change
from reports.compliance import tasks as compliance_tasks
from reports.compliance.models import ComplianceUnit, TargetResult
from reports.compliance.services import compliance_recompute, compliance_refresh
from reports.submissions.models import Submission
from reports.submissions.services import submission_accept
from tests.admin_forms import fields
from tests.conftest import Province
from tests.directives.directive_yaml import VALID, edit
from tests.factories import UserFactory
from tests.reports.submissions.reporting_fixtures import sent_report
from units.services import unit_abolish

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(province: Province) -> Submission:
    """The district's report accepted (Tam Đảo sent none) and the figures computed."""
    report = submission_accept(submission=sent_report(province), by=None)
    compliance_recompute(directive=report.directive, period=report.period)
    return report


def stored() -> set[tuple]:
    targets = set(
        TargetResult.objects.values_list(
            "run__basis", "target_id", "value", "met", "status", "units_expected", "units_met"
        )
    )
    units = set(ComplianceUnit.objects.values_list("run__basis", "unit_id", "targets", "score"))
    return targets | units


def refreshed_and_recomputed(report: Submission) -> tuple[dict[str, str], set, set]:
    """What a refresh answers and stores, and what a full recompute stores."""
    pair = {"directive": report.directive, "period": report.period}
    answer = compliance_refresh(**pair)
    after_refresh = stored()
    compliance_recompute(**pair)
    return answer, after_refresh, stored()


def _officers() -> Target:
    return Target.objects.get(indicator__code="IT_OFFICERS")


def _change_value() -> None:
    Target.objects.filter(indicator__code="DOCS_SIGNED").update(value=D(70))


def _change_operator() -> None:
    Target.objects.filter(indicator__code="IT_OFFICERS").update(op="<=")


def _change_weight() -> None:
    Target.objects.filter(indicator__code="IT_OFFICERS").update(weight=5)


def _narrow_scope(province: Province) -> None:
    # From every district to Vĩnh Yên alone: the same units in all, another unit per target.
    TargetScope.objects.filter(target=_officers()).delete()
    TargetScope.objects.create(target=_officers(), unit=province.district)


@pytest.mark.parametrize(
    "change",
    [_change_value, _change_operator, _change_weight, _narrow_scope],
    ids=["value", "operator", "weight", "scope"],
)
def test_a_refresh_after_a_change_to_a_target_computes_anew(
    accepted: Submission, province: Province, change
) -> None:
    before = stored()
    change(province) if change is _narrow_scope else change()
    answer, after_refresh, recomputed = refreshed_and_recomputed(accepted)
    assert answer == {"official": "full", "provisional": "full"}
    assert after_refresh == recomputed != before


def test_a_refresh_with_no_change_at_all_still_finds_the_figures_current(
    accepted: Submission,
) -> None:
    answer, after_refresh, recomputed = refreshed_and_recomputed(accepted)
    assert answer == {"official": "current", "provisional": "current"}
    assert after_refresh == recomputed


@pytest.fixture
def queued(monkeypatch) -> list[int | None]:
    """The directives whose figures a queued refresh brought up to date (None: all)."""
    found: list[int | None] = []
    pairs = compliance_tasks.compliance_pairs

    def recording(*, directive_id: int | None = None):
        found.append(directive_id)
        return pairs(directive_id=directive_id)

    monkeypatch.setattr(compliance_tasks, "compliance_pairs", recording)
    return found


def test_a_target_saved_in_the_back_office_refreshes_its_directives_figures(
    accepted: Submission, queued: list, django_capture_on_commit_callbacks
) -> None:
    _change_value()
    with django_capture_on_commit_callbacks(execute=True):
        directive_targets_changed(directive=accepted.directive)
    assert queued == [accepted.directive_id]
    answer, after_refresh, recomputed = refreshed_and_recomputed(accepted)
    assert answer == {"official": "current", "provisional": "current"}
    assert after_refresh == recomputed


def test_a_deadline_extension_refreshes_its_directives_figures(
    accepted: Submission, queued: list, django_capture_on_commit_callbacks
) -> None:
    task = accepted.directive.tasks.get(number="1")
    with django_capture_on_commit_callbacks(execute=True):
        task_deadline_change(
            task=task, new_due_on=dt.date(2016, 12, 31), document_number="12/QĐ-UBND",
            document_date=dt.date(2016, 6, 1), by=None,
        )  # fmt: skip
    assert queued == [accepted.directive_id]


def test_a_unit_closed_before_the_period_ends_refreshes_every_directives_figures(
    accepted: Submission, province: Province, queued: list, django_capture_on_commit_callbacks
) -> None:
    before = stored()
    with django_capture_on_commit_callbacks(execute=True):
        unit_abolish(
            unit=province.other_district, effective_on=dt.date(2016, 5, 1),
            legal_document="NQ 1/2016", by=None, successor=province.district,
        )  # fmt: skip
    # A closing with its children's transfers: each change queues it, the later find it current.
    assert queued and set(queued) == {None}
    answer, after_refresh, recomputed = refreshed_and_recomputed(accepted)
    assert answer == {"official": "current", "provisional": "current"}
    assert after_refresh == recomputed != before


def test_a_reimported_directive_with_a_changed_target_refreshes_its_figures(
    province: Province, queued: list, django_capture_on_commit_callbacks
) -> None:
    directive_import(data=VALID.encode())
    directive = Directive.objects.get(code="15/CT-UBND")
    with django_capture_on_commit_callbacks(execute=True):
        directive_import(data=edit(VALID, "value: 80", "value: 90").encode())
    assert queued == [directive.pk]


def test_a_reimport_that_changes_nothing_queues_nothing(
    province: Province, queued: list, django_capture_on_commit_callbacks
) -> None:
    directive_import(data=VALID.encode())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        directive_import(data=VALID.encode())
    assert callbacks == []
    assert queued == []


def test_a_target_value_changed_on_the_admins_task_page_refreshes_the_figures(
    accepted: Submission, client: Client, queued: list, django_capture_on_commit_callbacks
) -> None:
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    task = accepted.directive.tasks.get(number="1")
    url = reverse("admin:directives_task_change", args=[task.pk])
    form = fields(client.get(url).content.decode())
    signed = Target.objects.get(indicator__code="DOCS_SIGNED")
    value = next(
        name for name, given in form.data.items()
        if name.endswith("-value") and form.data[name.replace("-value", "-id")] == str(signed.pk)
    )  # fmt: skip
    before = stored()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form.data | {value: "70"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert queued == [accepted.directive_id]
    assert stored() != before
    answer, after_refresh, recomputed = refreshed_and_recomputed(accepted)
    assert answer == {"official": "current", "provisional": "current"}
    assert after_refresh == recomputed
