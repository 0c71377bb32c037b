"""When no expected unit's report is merely sent, the provisional figures are the official ones:
a computation copies the official run instead of judging the reports twice, and stores exactly
what judging them gives. A refresh that changes no provisional figure leaves the targets' roll-ups
alone."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection

from reports.compliance import services
from reports.compliance.models import (
    ComplianceRun,
    ComplianceUnit,
    TargetResult,
    UnitTargetResult,
)
from reports.compliance.services import compliance_compute, compliance_recompute, compliance_refresh
from reports.submissions.models import Submission
from reports.submissions.services import submission_accept
from tests.conftest import Province
from tests.reports.compliance.rules_oracle import expected_figures, stored_figures
from tests.reports.compliance.sent_reports import report
from tests.reports.submissions.reporting_fixtures import Setup, district_directive

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_accepted(province: Province) -> Setup:
    setup = district_directive(province)
    submission_accept(submission=report(setup, province.district, (45, 60), 2), by=None)
    submission_accept(submission=report(setup, province.other_district, (30, 40), 0), by=None)
    return setup


@pytest.fixture
def unit_row_writes(monkeypatch) -> list[str]:
    """The bases whose unit rows were judged from the reports (not copied)."""
    judged: list[str] = []
    write = services._write_unit_results

    def counted(run, setting, units=None):
        judged.append(setting.basis)
        return write(run, setting, units)

    monkeypatch.setattr(services, "_write_unit_results", counted)
    return judged


def stored(setup: Setup) -> dict[str, tuple]:
    return {
        run.basis: stored_figures(run)
        for run in ComplianceRun.objects.filter(directive=setup.directive, period=setup.period)
    }


def test_with_only_accepted_reports_the_provisional_run_is_a_copy(
    both_accepted: Setup, unit_row_writes: list[str]
) -> None:
    official, provisional = compliance_recompute(
        directive=both_accepted.directive, period=both_accepted.period
    )
    assert unit_row_writes == ["official"]
    figures = stored(both_accepted)
    assert figures["provisional"] == figures["official"]
    assert figures["provisional"] == expected_figures(
        both_accepted.directive, both_accepted.period, "provisional"
    )
    assert (provisional.sources, provisional.units_accepted) == (official.sources, 2)
    assert provisional.setting == official.setting


def test_the_copy_stores_what_computing_both_bases_stores(
    both_accepted: Setup, monkeypatch
) -> None:
    compliance_recompute(directive=both_accepted.directive, period=both_accepted.period)
    copied = stored(both_accepted)
    ComplianceRun.objects.all().delete()
    monkeypatch.setattr(services, "_official_alike", lambda setting: None)
    compliance_recompute(directive=both_accepted.directive, period=both_accepted.period)
    assert stored(both_accepted) == copied


def test_a_copy_over_other_figures_rewrites_them(both_accepted: Setup) -> None:
    compliance_recompute(directive=both_accepted.directive, period=both_accepted.period)
    provisional = ComplianceRun.objects.get(basis="provisional")
    TargetResult.objects.filter(run=provisional).update(units_met=99)
    ComplianceUnit.objects.filter(run=provisional).first().delete()
    provisional.unit_targets.update(met=None, value=D(7))
    compliance_compute(
        directive=both_accepted.directive, period=both_accepted.period, basis="provisional"
    )
    figures = stored(both_accepted)
    assert figures["provisional"] == figures["official"]


def test_a_report_merely_sent_is_judged_for_the_provisional_basis(
    province: Province, unit_row_writes: list[str]
) -> None:
    setup = district_directive(province)
    submission_accept(submission=report(setup, province.district, (45, 60), 2), by=None)
    report(setup, province.other_district, (30, 40), 0)
    compliance_recompute(directive=setup.directive, period=setup.period)
    assert unit_row_writes == ["official", "provisional"]
    figures = stored(setup)
    assert figures["provisional"] == expected_figures(setup.directive, setup.period, "provisional")
    assert figures["provisional"] != figures["official"]


def test_a_copy_is_brought_up_to_date_by_the_next_refresh(both_accepted: Setup) -> None:
    directive, period = both_accepted.directive, both_accepted.period
    compliance_recompute(directive=directive, period=period)
    # Sent back and sent again: now the provisional basis counts it, the official does not.
    Submission.objects.filter(unit__code="VP-TAMDAO").update(status="submitted", version=9)
    assert compliance_refresh(directive=directive, period=period) == {
        "official": "incremental",
        "provisional": "incremental",
    }
    for basis, figures in stored(both_accepted).items():
        assert figures == expected_figures(directive, period, basis)


def test_an_acceptance_leaves_the_provisional_targets_alone(
    province: Province, monkeypatch
) -> None:
    setup = district_directive(province)
    submission_accept(submission=report(setup, province.district, (45, 60), 2), by=None)
    sent = report(setup, province.other_district, (30, 40), 0)
    compliance_recompute(directive=setup.directive, period=setup.period)
    submission_accept(submission=sent, by=None)
    rolled_up: list[str] = []
    roll_up = services.write_target_results

    def counted(run, targets, end, **shift):
        rolled_up.append(run.basis)
        return roll_up(run, targets, end, **shift)

    monkeypatch.setattr(services, "write_target_results", counted)
    assert compliance_refresh(directive=setup.directive, period=setup.period) == {
        "official": "incremental",
        "provisional": "incremental",
    }
    # Only PostgreSQL says how many unit rows changed; elsewhere both are rolled up again.
    assert rolled_up == (
        ["official"] if connection.vendor == "postgresql" else ["official", "provisional"]
    )
    for basis, figures in stored(setup).items():
        assert figures == expected_figures(setup.directive, setup.period, basis)
    scores = ComplianceUnit.objects.filter(run__basis="provisional", unit__code="VP-TAMDAO")
    assert scores.get().report_status == "accepted"


def row_versions() -> dict[str, list]:
    """Each stored row's id and the transaction that last wrote it (PostgreSQL's xmin)."""
    found = {}
    with connection.cursor() as cursor:
        for model in (UnitTargetResult, TargetResult, ComplianceUnit):
            table = model._meta.db_table
            cursor.execute(f"SELECT id, xmin::text FROM {table} ORDER BY id")  # noqa: S608
            found[table] = cursor.fetchall()
    return found


@pytest.mark.services  # run where PostgreSQL is configured (scripts/test.sh), never skipped
def test_a_recompute_that_finds_the_same_figures_writes_no_row(both_accepted: Setup) -> None:
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL (xmin): DATABASE_URL=postgres://…")
    directive, period = both_accepted.directive, both_accepted.period
    compliance_recompute(directive=directive, period=period)
    before = row_versions()
    assert all(before.values())
    compliance_recompute(directive=directive, period=period)
    assert row_versions() == before
