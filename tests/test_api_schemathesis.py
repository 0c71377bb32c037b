"""Schemathesis against the live schema at /api/schema/: every operation, as a reviewer and as a
reporter, over a seeded province so that paths with ids reach real objects. Any server error,
undocumented status code or response outside its schema fails the test."""

from __future__ import annotations

from decimal import Decimal

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reports.models import Export
from reports.submissions import submission_save, submission_start, submission_submit
from reports.validation import TaskInput, ValueInput
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db

EXAMPLES = 30
# Domain refusals (a closed period, a unit outside a directive) answer well-formed data with a
# 400, so "positive data is accepted" cannot hold; and the test sends real tokens itself, which
# the "ignored auth" check would take for generated credentials being accepted.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


@pytest.fixture
def seeded(province: Province) -> dict:
    """Real keys for the objects behind each path (by its segment after /api/v1/) and for the
    query parameters that name objects; a draft and a submitted report; the two tokens."""
    setup = district_directive(province)
    head = user_with_role(Role.UNIT_HEAD, province.district)
    draft = submission_start(
        unit=province.district, period=setup.period, directive=setup.directive, by=head
    )
    submission_save(submission=draft, version=1, by=head,
                    values=[ValueInput("IT_OFFICERS", Decimal(2))],
                    tasks=[TaskInput("1", "in_progress", "Đang làm")])  # fmt: skip
    other_head = user_with_role(Role.UNIT_HEAD, province.other_district)
    sent = submission_start(
        unit=province.other_district, period=setup.period, directive=setup.directive, by=other_head
    )
    figures = [ValueInput("IT_OFFICERS", Decimal(1)),
               ValueInput("DOCS_SIGNED", None, Decimal(3), Decimal(4))]  # fmt: skip
    submission_save(submission=sent, version=1, by=other_head, values=figures,
                    tasks=[TaskInput("1", "in_progress", "Đang làm")])  # fmt: skip
    submission_submit(submission=sent, version=2, by=other_head)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    reporter = user_with_role(Role.REPORTER, province.district)
    units = ["VP", "VP-VINHYEN", "VP-VINHYEN-LIENBAO", "VP-TAMDAO"]
    export = Export.objects.create(
        format="pdf", directive=setup.directive, period=setup.period, area=province.root,
        requested_by=reviewer, status="done", progress=100,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bao-cao.pdf"),
    )  # fmt: skip
    return {
        "paths": {
            "units": units,
            "indicators": ["DOCS_SIGNED", "IT_OFFICERS"],
            "directives": [str(setup.directive.pk)],
            "periods": [str(setup.period.pk)],
            "submissions": [str(draft.pk), str(sent.pk)],
            "exports": [str(export.pk)],
        },
        "query": {
            "unit": units,
            "period": [str(setup.period.pk)],
            "directive": [str(setup.directive.pk)],
        },
        "tokens": [Token.objects.create(user=u).key for u in (reviewer, reporter)],
    }


def cases(operation):  # type: ignore[no-untyped-def]
    """Requests that fit the schema and requests that break it (wrong types, missing fields)."""
    return st.one_of([operation.as_strategy(generation_mode=mode) for mode in GenerationMode])


@pytest.fixture
def app():  # type: ignore[no-untyped-def]
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


def operations(app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(operation, seeded: dict, answered: set[tuple[str, int]]) -> None:  # type: ignore[no-untyped-def]
    """Bounded examples of one operation, each sent with both users' tokens."""
    keys = seeded["paths"].get(operation.path.split("/")[3], [])

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=cases(operation), real=st.booleans(), pick=st.integers(0, 10))
    def exercise(case, real: bool, pick: int) -> None:  # type: ignore[no-untyped-def]
        for name, value in list((case.query or {}).items()):
            # An empty filter means "no filter", as the portal's filter forms send it.
            if value in ("", [""]):
                del case.query[name]
        if real and keys:
            for name in case.path_parameters or {}:
                case.path_parameters[name] = keys[pick % len(keys)]
        # Real codes only replace well-formed query values: a value broken on purpose (negative
        # mode) must reach the endpoint as it is, to be refused.
        query_is_negative = case.meta is not None and case.meta.generation.mode.is_negative
        if real and not query_is_negative:
            for name in sorted(set(case.query or {}) & set(seeded["query"])):
                known = seeded["query"][name]
                case.query[name] = known[pick % len(known)]
        for token in seeded["tokens"]:
            response = case.call_and_validate(
                headers={"Authorization": f"Token {token}"}, checks=CHECKS
            )
            answered.add((operation.label, response.status_code))

    exercise()


def test_every_operation_answers_within_its_schema(app, seeded) -> None:  # type: ignore[no-untyped-def]
    failures: list[str] = []
    answered: set[tuple[str, int]] = set()
    every = operations(app)
    for operation in every:
        try:
            fuzz(operation, seeded, answered)
        except BaseExceptionGroup as error:  # every operation is tried; all failures reported
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
    # The seeded objects were reached: every read answered 200 at least once.
    reads = {o.label for o in every if o.method.upper() == "GET"}
    assert reads <= {label for label, code in answered if code == 200}
