"""Schemathesis against the live schema at /api/schema/: every operation, as a reviewer and as a
reporter, over a seeded province so that paths with ids reach real objects. Any server error,
undocumented status code or response outside its schema fails the test. Throttles are lifted
here (their limits are tested in test_api_auth.py and test_api_imports.py), so that every
operation, writes included, is really exercised; a well-formed request of each write, sent the
same way, checks its success answer against the schema too."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from weasyprint import HTML

from config.signing import Pkcs12Key
from indicators.services import framework_import
from reports.compliance.services import compliance_recompute
from reports.exports.models import Export, SignedExport
from reports.publications.models import Publication
from reports.publications.services import publication_publish, publication_withdraw
from reports.submissions.models import Submission
from reports.submissions.services import submission_save, submission_start, submission_submit
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import SAMPLE_DIRECTIVE, Province
from tests.directives.directive_yaml import VALID as DIRECTIVE_YAML
from tests.factories import IndicatorFactory, UnitFactory, api_token, level, user_with_role
from tests.indicators.framework_yaml import EDITION_2023
from tests.reports.exports.signing_fixtures import make_ca, make_signer, write_pkcs12
from tests.reports.submissions.reporting_fixtures import Setup, district_directive
from units.models import Role, Unit, User

pytestmark = pytest.mark.django_db

EXAMPLES = 30
# Domain refusals (a closed period, a unit outside a directive) answer well-formed data with a
# 400, so "positive data is accepted" cannot hold; and the test sends real tokens itself, which
# the "ignored auth" check would take for generated credentials being accepted.
# Writes that generated requests can get right (with the real references filled in); the others
# need a file, a version or a report in the right state, which the well-formed requests bring.
REACHABLE_WRITES = {"POST /api/v1/periods/", "POST /api/v1/submissions/", "POST /api/v1/exports/"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


FIGURES = [ValueInput("IT_OFFICERS", Decimal(1)),
           ValueInput("DOCS_SIGNED", None, Decimal(3), Decimal(4))]  # fmt: skip
TASKS = [TaskInput("1", "in_progress", "Đang làm")]


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch) -> None:
    for scope in list(SimpleRateThrottle.THROTTLE_RATES):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "1000000/minute")


@pytest.fixture(autouse=True)
def _signing_key(tmp_path, province: Province):
    """The province's signing key (a throwaway PKCS#12 file), for the sign endpoint."""
    ca = make_ca()
    entry = write_pkcs12(tmp_path, make_signer(ca), ca)
    key = Pkcs12Key(entry["pkcs12"], entry["passphrase_file"])
    with override_settings(CHITIEU_SIGNING={province.root.code: key}):
        yield


@pytest.fixture
def seeded(province: Province) -> dict:
    """Real keys for the objects behind each path (by its segment after /api/v1/) and for the
    fields of queries and bodies that name objects; a draft and a submitted report; official
    figures to export; the two tokens."""
    setup = district_directive(province)
    head = user_with_role(Role.UNIT_HEAD, province.district)
    draft = submission_start(
        unit=province.district, period=setup.period, directive=setup.directive, by=head
    )
    submission_save(submission=draft, version=1, by=head,
                    values=[ValueInput("IT_OFFICERS", Decimal(2))], tasks=TASKS)  # fmt: skip
    other_head = user_with_role(Role.UNIT_HEAD, province.other_district)
    sent = submission_start(
        unit=province.other_district, period=setup.period, directive=setup.directive, by=other_head
    )
    submission_save(submission=sent, version=1, by=other_head, values=FIGURES, tasks=TASKS)
    submission_submit(submission=sent, version=2, by=other_head)
    compliance_recompute(directive=setup.directive, period=setup.period)
    for code in ("ONLINE", "SURVEY"):  # an index edition, for its official results
        IndicatorFactory(code=code, kind="amount")
    framework_import(data=EDITION_2023)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    reporter = user_with_role(Role.REPORTER, province.district)
    units = ["VP", "VP-VINHYEN", "VP-VINHYEN-LIENBAO", "VP-TAMDAO"]
    export = Export.objects.create(
        format="pdf", directive=setup.directive, period=setup.period, area=province.root,
        requested_by=reviewer, status="done", progress=100,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bao-cao.pdf"),
    )  # fmt: skip
    SignedExport.objects.create(  # its signed file, for GET …/signed/
        export=export, file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bao-cao-ky.pdf"),
        sha256="0" * 64, signer="Common Name: thử", province=province.root,
        signed_at=timezone.now(),
    )  # fmt: skip
    references = {
        "unit": units,
        "period": [str(setup.period.pk)],
        "directive": [str(setup.directive.pk)],
    }
    return {
        "paths": {
            "units": units,
            "indicators": ["DOCS_SIGNED", "IT_OFFICERS"],
            "directives": [str(setup.directive.pk)],
            "periods": [str(setup.period.pk)],
            "submissions": [str(draft.pk), str(sent.pk)],
            "exports": [str(export.pk)],
            "publications": [str(published(setup, reviewer).pk)],
        },
        # The compliance figures' own choices, so a real request reads them too.
        "query": {
            **references,
            "province": ["VP"],
            "basis": ["official", "provisional"],
            "structure": ["historic", "current"],
            "on": [timezone.localdate().isoformat()],
        },
        # The reporter's own district first: half the real bodies may start its report.
        "body": {
            "unit": ["VP-VINHYEN", "VP"],
            "period": [setup.period.pk],
            "directive": [setup.directive.pk],
        },
        "tokens": [api_token(u) for u in (reviewer, reporter)],
        "good": well_formed(province, setup, reviewer),
    }


def fresh_district(province: Province) -> tuple[Unit, User]:
    """A new district and its head: the fuzzing has touched none of its reports."""
    unit = UnitFactory(parent=province.root, level=level("district"), kind="UBND huyện")
    return unit, user_with_role(Role.UNIT_HEAD, unit)


def fresh_report(province: Province, setup: Setup, *, sent: bool) -> tuple[Submission, str]:
    """A filled report of a new district (sent or not) and its head's token."""
    unit, head = fresh_district(province)
    report = submission_start(unit=unit, period=setup.period, directive=setup.directive, by=head)
    submission_save(submission=report, version=1, by=head, values=FIGURES, tasks=TASKS)
    if sent:
        submission_submit(submission=report, version=2, by=head)
    return report, api_token(head)


def new_draft(province: Province, setup: Setup) -> tuple[str, dict[str, Any]]:
    unit, head = fresh_district(province)
    body = {"unit": unit.code, "period": setup.period.pk, "directive": setup.directive.pk}
    return api_token(head), {"body": body}


Good = Callable[[], tuple[str, dict[str, Any]]]


OWN_INDICATORS = DIRECTIVE_YAML.replace("DOCS_SIGNED", "DOCS_SIGNED_OWN")
RENAME_CHANGE = """format: chitieu/unit-changes@1
changes:
  - {date: 2025-07-01, kind: rename, document: "1/QĐ", unit: VP-TAMDAO, name: "UBND xã Tam Đảo"}
"""


DTI_RESULTS = """\
format: chitieu/index-results@1
edition: {framework: DTI, year: 2023}
source: {document: "Quyết định công bố DTI 2023", date: 2024-06-15}
results:
  - {province: VP, score: 48.5, rank: 18}
"""


def well_formed(province: Province, setup: Setup, reviewer) -> dict[str, Good]:
    """Per write: a request that must succeed, as (token, case fields), made when it is sent."""
    officer_user = user_with_role(Role.REVIEWER, province.root)
    officer = api_token(officer_user)
    references = {"period": setup.period.pk, "directive": setup.directive.pk}
    commune = "code,name,parent,level,kind\nVP-VINHYEN-MOI,UBND phường Mới,VP-VINHYEN,commune,UBND phường\n"

    def report(*, sent: bool, **case: Any) -> Good:
        def make() -> tuple[str, dict[str, Any]]:
            submission, token = fresh_report(province, setup, sent=sent)
            return (officer if sent else token), {"path_parameters": {"id": submission.pk}, **case}

        return make

    figures = {"version": 2, "values": [{"indicator": "IT_OFFICERS", "value": 3}],
               "task_updates": [{"task": "1", "status": "in_progress", "note": "Đang làm"}]}  # fmt: skip
    password = {"username": reviewer.username, "password": "mat-khau-thu-nghiem"}
    return {
        "POST /api/v1/auth/token/": lambda: (officer, {"body": password}),
        "DELETE /api/v1/auth/tokens/{token_key}/": lambda: (
            officer,  # revokes another token of its own
            {"path_parameters": {"token_key": api_token(officer_user)[:15]}},
        ),
        "POST /api/v1/units/import/": lambda: (
            officer,
            {"body": {"file": commune.encode()}, "media_type": "multipart/form-data"},
        ),
        "POST /api/v1/units/changes/import/": lambda: (
            officer,
            {"body": {"file": RENAME_CHANGE.encode()}, "media_type": "multipart/form-data"},
        ),
        "POST /api/v1/directives/import/": lambda: (
            officer,
            # The seeded DOCS_SIGNED is national: the file declares an indicator of its own.
            {"body": {"file": OWN_INDICATORS.encode()}, "media_type": "multipart/form-data"},
        ),
        "POST /api/v1/index-results/import/": lambda: (
            officer,
            {"body": {"file": DTI_RESULTS.encode()}, "media_type": "multipart/form-data"},
        ),
        "POST /api/v1/directives/draft/": lambda: (
            officer,
            {"body": {"province": province.root.code, "text": SAMPLE_DIRECTIVE}},
        ),
        "POST /api/v1/periods/": lambda: (
            officer,
            {"body": {"kind": "quarter", "year": 2017, "number": 1}},
        ),
        "POST /api/v1/submissions/": lambda: new_draft(province, setup),
        "PATCH /api/v1/submissions/{id}/": report(sent=False, body=figures),
        "POST /api/v1/submissions/{id}/submit/": report(sent=False, body={"version": 2}),
        "POST /api/v1/submissions/{id}/accept/": report(sent=True),
        "POST /api/v1/submissions/{id}/return/": report(sent=True, body={"comment": "Thiếu số"}),
        "POST /api/v1/exports/": lambda: (officer, {"body": {"format": "xlsx", **references}}),
        "POST /api/v1/publications/": lambda: (
            withdraw_all(setup, officer_user) or officer,
            {"body": references},
        ),
        "DELETE /api/v1/publications/{id}/": lambda: (
            officer,
            {
                "path_parameters": {"id": published(setup, officer_user).pk},
                "body": {"reason": "Sửa số liệu"},
            },
        ),
        "POST /api/v1/exports/{id}/sign/": lambda: (
            officer,
            {"path_parameters": {"id": signable(province, setup).pk}},
        ),
        "POST /api/v1/verify/": lambda: (
            officer,
            {
                "body": {"file": HTML(string="<p>Báo cáo</p>").write_pdf()},
                "media_type": "multipart/form-data",
            },
        ),
    }


def withdraw_all(setup: Setup, officer: User) -> None:
    """No live publication of the period left (the fuzzing may have published it)."""
    live = Publication.objects.filter(
        directive=setup.directive, period=setup.period, withdrawn_at__isnull=True
    )
    for publication in live:
        publication_withdraw(by=officer, publication=publication, reason="Thử lại")


def published(setup: Setup, officer: User) -> Publication:
    """A live publication of the period (a fresh version when one was left by the fuzzing)."""
    withdraw_all(setup, officer)
    return publication_publish(by=officer, directive=setup.directive, period=setup.period)


def signable(province: Province, setup: Setup) -> Export:
    """A finished PDF report, for the province's key (`_signing_key`) to sign."""
    return Export.objects.create(
        format="pdf", directive=setup.directive, period=setup.period, area=province.root,
        status="done", progress=100,
        file=ContentFile(HTML(string="<p>Báo cáo</p>").write_pdf(), "bao-cao.pdf"),
    )  # fmt: skip


def cases(operation):
    """Requests that fit the schema and requests that break it (wrong types, missing fields)."""
    return st.one_of([operation.as_strategy(generation_mode=mode) for mode in GenerationMode])


@pytest.fixture
def app():
    """The real WSGI application, keeping the test's database connection open between requests
    (as Django's test client does): it would close it after each one, and the test's
    transaction with it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(operation, seeded: dict, answered: set[tuple[str, int]]) -> None:
    """Bounded examples of one operation, each sent with both users' tokens."""
    keys = seeded["paths"].get(operation.path.split("/")[3], [])

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=cases(operation), real=st.booleans(), pick=st.integers(0, 10))
    def exercise(case, real: bool, pick: int) -> None:
        for name, value in list((case.query or {}).items()):
            # An empty filter means "no filter", as the portal's filter forms send it.
            if value in ("", [""]):
                del case.query[name]
        if real and keys:
            for name in case.path_parameters or {}:
                case.path_parameters[name] = keys[pick % len(keys)]
        # Real codes only replace well-formed values: a value broken on purpose (negative mode)
        # must reach the endpoint as it is, to be refused.
        negative = case.meta is not None and case.meta.generation.mode.is_negative
        if real and not negative:
            for name in sorted(set(case.query or {}) & set(seeded["query"])):
                known = seeded["query"][name]
                case.query[name] = known[pick % len(known)]
            if isinstance(case.body, dict):
                for name in sorted(set(case.body) & set(seeded["body"])):
                    known = seeded["body"][name]
                    case.body[name] = known[pick % len(known)]
        for token in seeded["tokens"]:
            response = case.call_and_validate(
                headers={"Authorization": f"Token {token}"}, checks=CHECKS
            )
            answered.add((operation.label, response.status_code))

    exercise()


def send_well_formed(operation, good: Good) -> int:
    token, fields = good()
    if "body" in fields:
        fields.setdefault("media_type", "application/json")
    case = operation.Case(**fields)
    response = case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
    assert 200 <= response.status_code < 300, (operation.label, response.text)
    return response.status_code


def test_every_operation_answers_within_its_schema(app, seeded) -> None:
    failures: list[str] = []
    fuzzed: set[tuple[str, int]] = set()
    every = operations(app)
    for operation in every:
        try:
            fuzz(operation, seeded, fuzzed)
        except BaseExceptionGroup as error:  # every operation is tried; all failures reported
            failures.append(f"{operation.label}: {error}")
        if operation.label in seeded["good"]:
            try:
                send_well_formed(operation, seeded["good"][operation.label])
            except (AssertionError, BaseExceptionGroup) as error:
                failures.append(f"{operation.label}, well-formed: {error}")
    assert not failures, "\n\n".join(failures)
    labels = {o.label for o in every}
    writes = {o.label for o in every if o.method.upper() != "GET"}
    assert writes == set(seeded["good"]), "each write (and only a write) has a well-formed request"
    # No generated request was throttled: each one reached the operation's own checks.
    assert {label for label, _ in fuzzed} == labels
    assert not {label for label, code in fuzzed if code == 429}
    # The seeded objects were reached: every read answered 200 at least once, and so did the
    # writes whose references the fuzzing fills with real ones.
    reads = labels - writes
    succeeded = {label for label, code in fuzzed if 200 <= code < 300}
    assert reads <= {label for label, code in fuzzed if code == 200}
    assert succeeded >= REACHABLE_WRITES
