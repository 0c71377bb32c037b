"""Stored compliance figures: hand-computed cases, bases, completeness, idempotence, wiring."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection, connections

from reports.compliance import services as aggregation
from reports.compliance import tasks as compliance_tasks
from reports.compliance.models import ComplianceRun, TargetResult, UnitTargetResult
from reports.compliance.services import compliance_compute, compliance_recompute, compliance_refresh
from reports.compliance.tasks import recompute_compliance
from reports.submissions.models import Submission
from reports.submissions.services import submission_accept
from tests.conftest import Province
from tests.reports.compliance.sent_reports import report
from tests.reports.submissions.reporting_fixtures import Setup, district_directive

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_districts(province: Province):
    """Vĩnh Yên accepted (45/60 signed, 2 IT officers); Tam Đảo sent, not reviewed (30/40, 0)."""
    setup = district_directive(province)
    submission_accept(submission=report(setup, province.district, (45, 60), 2), by=None)
    report(setup, province.other_district, (30, 40), 0)
    return setup


def results(run: ComplianceRun) -> dict[str, tuple]:
    return {
        r.target.indicator.code: (
            r.value,
            r.met,
            r.status,
            r.units_expected,
            r.units_reported,
            r.units_met,
        )
        for r in run.targets.select_related("target__indicator")
    }


def test_official_figures_count_accepted_reports_only(two_districts: Setup) -> None:
    run = compliance_compute(
        directive=two_districts.directive, period=two_districts.period, basis="official"
    )
    assert results(run) == {
        # 45/60 from Vĩnh Yên alone; due 30/06/2016, the quarter ends 14/06: still on track.
        "DOCS_SIGNED": (D(75), False, "on_track", 2, 1, 0),
        # each unit ≥ 1 IT officer (due 30/06/2016 too): Vĩnh Yên meets it, Tam Đảo has not
        # reported officially, so 1 of 2 units: 50%, not met, still on track.
        "IT_OFFICERS": (D(50), False, "on_track", 2, 1, 1),
    }
    assert (run.units_expected, run.units_submitted, run.units_accepted) == (2, 2, 1)
    assert [pk for pk, _ in run.sources] == [Submission.objects.get(status="accepted").pk]


def test_provisional_figures_add_reports_waiting_for_review(two_districts: Setup) -> None:
    run = compliance_compute(
        directive=two_districts.directive, period=two_districts.period, basis="provisional"
    )
    assert results(run)["DOCS_SIGNED"][:2] == (D(75), False)  # (45+30)/(60+40)
    assert results(run)["IT_OFFICERS"][0] == D(50)  # Tam Đảo reported 0
    tam_dao = UnitTargetResult.objects.get(
        run=run, unit__code="VP-TAMDAO", target__indicator__code="IT_OFFICERS"
    )
    assert (tam_dao.reported, tam_dao.value, tam_dao.met) == (True, D(0), False)


def test_recomputing_gives_the_same_rows_and_one_run_per_basis(two_districts: Setup) -> None:
    first = [
        results(r)
        for r in compliance_recompute(
            directive=two_districts.directive, period=two_districts.period
        )
    ]
    second = [
        results(r)
        for r in compliance_recompute(
            directive=two_districts.directive, period=two_districts.period
        )
    ]
    assert first == second
    assert ComplianceRun.objects.count() == 2
    assert TargetResult.objects.count() == 4 and UnitTargetResult.objects.count() == 8


def test_accepting_a_report_recomputes_after_the_commit(
    province: Province, django_capture_on_commit_callbacks
) -> None:
    setup = district_directive(province)
    sent = report(setup, province.district, (60, 60), 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission_accept(submission=sent, by=None)
    assert len(callbacks) == 1
    official = ComplianceRun.objects.get(basis="official")
    assert results(official)["DOCS_SIGNED"][:3] == (D(100), True, "met")


def rows(run: ComplianceRun) -> tuple[set, set, dict]:
    """Everything a run stores, minus ids and times, to compare two ways of computing it."""
    units = set(
        run.unit_targets.values_list(
            "target_id", "unit_id", "reported", "value", "met", "reported_value", "numerator",
            "denominator", "last_year_reported", "last_year_value",
        )
    )  # fmt: skip
    scores = set(
        run.units.values_list(
            "unit_id", "report_status", "report_version", "is_late", "targets", "targets_met",
            "targets_missed", "score",
        )
    )  # fmt: skip
    stamp = {
        "sources": run.sources, "counts": (run.units_expected, run.units_submitted,
                                           run.units_accepted, run.units_late),
    }  # fmt: skip
    return units, scores, {**results(run), **stamp}


def test_a_refresh_with_nothing_changed_does_nothing(two_districts: Setup) -> None:
    compliance_recompute(directive=two_districts.directive, period=two_districts.period)
    computed_at = ComplianceRun.objects.get(basis="official").computed_at
    args = (two_districts.directive.pk, two_districts.period.pk)
    assert recompute_compliance.apply(args=args).get() == {
        "official": "current",
        "provisional": "current",
    }
    assert ComplianceRun.objects.get(basis="official").computed_at == computed_at


def test_a_refresh_without_a_run_computes_in_full(two_districts: Setup) -> None:
    args = (two_districts.directive.pk, two_districts.period.pk)
    assert recompute_compliance.apply(args=args).get() == {
        "official": "full",
        "provisional": "full",
    }


def test_an_acceptance_updates_only_what_changed_and_equals_a_full_compute(
    province: Province,
) -> None:
    setup = district_directive(province)
    vinh_yen = report(setup, province.district, (45, 60), 2)
    tam_dao = report(setup, province.other_district, (30, 40), 0)
    compliance_recompute(directive=setup.directive, period=setup.period)
    before = ComplianceRun.objects.get(basis="official").computed_at
    for accepted in (tam_dao, vinh_yen):
        submission_accept(submission=accepted, by=None)
        states = compliance_refresh(directive=setup.directive, period=setup.period)
        # One unit changed: its figures entered the official basis; its status, the other.
        assert states == {"official": "incremental", "provisional": "incremental"}
        patched = {run.basis: rows(run) for run in ComplianceRun.objects.all()}
        compliance_recompute(directive=setup.directive, period=setup.period)
        assert {run.basis: rows(run) for run in ComplianceRun.objects.all()} == patched
    official = ComplianceRun.objects.get(basis="official")
    assert official.computed_at > before
    assert results(official)["DOCS_SIGNED"][:3] == (D(75), False, "on_track")


def test_unit_scores_weigh_the_targets(two_districts: Setup) -> None:
    signed = two_districts.digital_signatures.targets.get(indicator=two_districts.signed)
    signed.weight = 3
    signed.save()
    run = compliance_compute(
        directive=two_districts.directive, period=two_districts.period, basis="official"
    )
    vinh_yen = run.units.get(unit__code="VP-VINHYEN")
    # 45/60 misses the 100% (weight 3), 2 IT officers meet ≥ 1 (weight 1): 1/4 = 25%;
    # neither is due yet (30/06/2016, the quarter ends 14/06), so nothing counts as missed.
    assert (vinh_yen.targets, vinh_yen.targets_met, vinh_yen.targets_missed) == (2, 1, 0)
    assert vinh_yen.score == D(25)
    tam_dao = run.units.get(unit__code="VP-TAMDAO")
    assert (tam_dao.report_status, tam_dao.targets_met, tam_dao.score) == ("submitted", 0, D(0))


def test_the_recompute_command_for_a_directive(two_districts: Setup, capsys) -> None:
    ComplianceRun.objects.all().delete()
    call_command("recompute", directive=two_districts.directive.code)
    assert "Đã tính lại 1 cặp" in capsys.readouterr().out
    assert ComplianceRun.objects.count() == 2


def test_a_burst_of_acceptances_costs_one_computation(
    province: Province, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    setup = district_directive(province)
    sent = [
        report(setup, unit, (45, 60), 2) for unit in (province.district, province.other_district)
    ]
    answers = []

    def refresh(**pair) -> dict[str, str]:
        answers.append(compliance_refresh(**pair))
        return answers[-1]

    monkeypatch.setattr(compliance_tasks, "compliance_refresh", refresh)
    # One task queued per acceptance; the worker runs them once the countdown
    # (CHITIEU_RECOMPUTE_DELAY) is over, that is after the burst: here, after the block.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for submission in sent:
            submission_accept(submission=submission, by=None)
    assert len(callbacks) == len(sent) == 2
    assert answers == [
        {"official": "full", "provisional": "full"},
        {"official": "current", "provisional": "current"},
    ]
    burst = {run.basis: rows(run) for run in ComplianceRun.objects.all()}
    compliance_recompute(directive=setup.directive, period=setup.period)
    assert {run.basis: rows(run) for run in ComplianceRun.objects.all()} == burst
    assert results(ComplianceRun.objects.get(basis="official"))["DOCS_SIGNED"][:3] == (
        D(75), False, "on_track",
    )  # fmt: skip


def _waits_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["recompute", "refresh"])
@pytest.mark.parametrize("before", ["computed", "never computed"])
def test_two_computations_of_one_pair_at_once_take_turns(
    two_districts: Setup, monkeypatch, second: str, before: str
) -> None:
    """The nightly recompute and a queued refresh on two worker processes: the second waits
    for the first to commit instead of colliding with it on run_unique."""
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL: DATABASE_URL=postgres://…")
    if before == "never computed":
        ComplianceRun.objects.all().delete()  # the acceptance's refresh computed them
    pair = {"directive": two_districts.directive, "period": two_districts.period}
    paused, release = threading.Event(), threading.Event()
    write = aggregation._write_unit_results

    def pausing_write(*args: object) -> None:
        if threading.current_thread().name == "first" and not paused.is_set():
            paused.set()  # inside the first computation's transaction, before it commits
            release.wait(60)
        write(*args)

    monkeypatch.setattr(aggregation, "_write_unit_results", pausing_write)
    answers: dict[str, object] = {}
    started = {"first": threading.Event(), "second": threading.Event()}

    def run(name: str, compute: Callable[..., object]) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                answers[f"{name} pid"] = cursor.fetchone()[0]
            started[name].set()
            answers[name] = compute(**pair)
        except Exception as error:
            answers[name] = error
        finally:
            connections.close_all()

    first = threading.Thread(target=run, args=("first", compliance_recompute), name="first")
    compute = compliance_recompute if second == "recompute" else compliance_refresh
    other = threading.Thread(target=run, args=("second", compute), name="second")
    try:
        first.start()
        assert paused.wait(60)
        other.start()
        assert started["second"].wait(60)
        deadline = time.monotonic() + 60
        # Released once the second computation waits on a lock the first one holds.
        while other.is_alive() and not _waits_on_a_lock(answers["second pid"]):
            assert time.monotonic() < deadline, "the second computation never met the first"
            time.sleep(0.05)
    finally:
        release.set()
        first.join(60)
        if other.ident is not None:
            other.join(60)
    assert not first.is_alive() and not other.is_alive()
    for name in ("first", "second"):
        assert not isinstance(answers[name], Exception), answers[name]
    if second == "refresh":  # it waited for the first computation, then found it current
        assert answers["second"] == {"official": "current", "provisional": "current"}
    assert ComplianceRun.objects.count() == 2
    official = ComplianceRun.objects.get(basis="official")
    assert results(official) == {
        "DOCS_SIGNED": (D(75), False, "on_track", 2, 1, 0),
        "IT_OFFICERS": (D(50), False, "on_track", 2, 1, 1),
    }
    computed = {run.basis: rows(run) for run in ComplianceRun.objects.all()}
    compliance_recompute(**pair)
    assert {run.basis: rows(run) for run in ComplianceRun.objects.all()} == computed
