"""Every URL pattern the project defines × every role, allowed or refused, from one table.

THE TABLE (`RULES`, in `tests/security/matrix_rules.py`) holds one line per URL pattern name (`namespace:name`, or the DRF
route name such as `submission-detail`); a viewset route with several methods has one line per
extra method, keyed `"name METHOD"`:

    "reports:review": Row("GET", VIEWERS, "sent"),
    #                     method  who is allowed  objects that fill the URL's ids, in order

- who is allowed: a set of role names from ROLES (`EVERYONE` = every signed-in role,
  `PUBLIC` = everyone including `anonymous`, or any set you spell out).
- objects: names of WORLD objects (see `World`) whose pk (or `code`, for a `<code>` route)
  fill the URL's parameters; `draft` is a report being written, `sent` one awaiting review.
- `refusal_redirect="reports:edit"`: for views that refuse by redirecting back to a page with
  a message, a redirect there counts as refused; `refusal_status=400`: that status too.
- `data={...}`: the form or JSON sent; a value naming a WORLD object sends its pk
  (`"district"`), or one of its fields (`"district.code"`).

Allowed means the request got past the permission checks: any answer but 401, 403, 404, a
redirect to a login page or the row's refusal redirect (a 400 for a bad form still counts as
allowed). A 500 fails the test whoever sends it. Every request runs in its own savepoint, so
one role's POST does not change what the next role finds.

Admin URLs (`admin:*`) follow `ADMIN_DEFAULT` unless listed: only the admin role (a Django
superuser) gets in; the admin's own rules take over from there. The other province's staff
(`bt_reviewer`, `bt_admin`: staff accounts, not superusers) reach the admin's lists and add
forms of the models they keep (`_staff_on_admin_page`) and no object page of this province.

A URL pattern that is in no line fails `test_every_url_pattern_has_a_rule`: adding an endpoint
means adding its line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from indicators.models import IndexEdition, IndexFramework
from notifications.models import Notification
from reports.compliance.services import compliance_recompute
from reports.exports.models import Export, SignedExport
from reports.publications.documents import official_figures, publication_document
from reports.publications.models import Publication
from reports.submissions.models import EvidenceFile, IndicatorValue, Submission
from tests.conftest import Province, make_province
from tests.factories import PeriodFactory, UserFactory, user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, start
from tests.reports.submissions.review_plan import plan, send
from tests.security.matrix_rules import (
    ADMIN_DEFAULT,
    FIXED_PARAMETERS,
    LOGIN_PAGES,
    OTHER_PROVINCE,
    RULES,
    Pattern,
    Row,
    is_admin,
    rule_for,
    url_patterns,
)
from units.models import Role, UnitEvent, User

pytestmark = pytest.mark.django_db


def test_every_url_pattern_has_a_rule() -> None:
    missing = []
    for name, pattern in url_patterns().items():
        if name in RULES or is_admin(pattern):
            continue
        missing.append(f"{name} ({pattern.route})")
    methods = [
        f"{name} {method}"
        for name, pattern in url_patterns().items()
        for method in pattern.methods
        if method != RULES.get(name, ADMIN_DEFAULT).method and f"{name} {method}" not in RULES
    ]
    assert not missing, (
        "URL patterns without a line in RULES (tests/security/test_authorisation_matrix.py); "
        "add one per pattern saying which roles may use it: " + ", ".join(missing)
    )
    assert not methods, "API methods without a line in RULES: " + ", ".join(methods)
    stale = [key for key in RULES if key.split(" ")[0] not in url_patterns()]
    assert not stale, "RULES lines for URL patterns that no longer exist: " + ", ".join(stale)


# --- the world every request is made in ---------------------------------------------------------


@dataclass
class World:
    objects: dict[str, Any]
    users: dict[str, User | None]


@pytest.fixture
def world(province: Province) -> World:
    setup = district_directive(province)
    setup.directive.source_document = ContentFile(b"%PDF-1.4\n%%EOF\n", name="ct.pdf")
    setup.directive.save()
    unit_event = UnitEvent.objects.create(
        kind=UnitEvent.Kind.RENAME,
        effective_on=setup.period.starts_on,
        legal_document="Nghị quyết 1/NQ-HĐND",
        document_file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="nq.pdf"),
        old_name="UBND thị xã Vĩnh Yên",
        new_name=province.district.name,
    )
    unit_event.after.add(province.district)
    province.district.reporters_may_submit = True
    province.district.save()
    draft = start(setup, province)
    value = IndicatorValue.objects.create(submission=draft, indicator=setup.officers, value=2)
    evidence = EvidenceFile.objects.create(
        value=value,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="qd.pdf"),
        original_name="qd.pdf",
        size=15,
        content_type="application/pdf",
    )
    review_plan = plan(province, code="99/CT-UBND")
    sent = send(review_plan, province.district)
    assert sent.status == Submission.Status.SUBMITTED
    other = make_province("BT", "Bình Thuận")
    compliance_recompute(directive=setup.directive, period=setup.period)
    reporter = user_with_role(Role.REPORTER, province.district)
    year = PeriodFactory(
        kind="year",
        year=2016,
        number=1,
        starts_on=setup.period.starts_on,
        ends_on=setup.period.ends_on,
        due_on=setup.period.due_on,
    )
    return World(
        objects={
            "district": province.district,
            "directive": setup.directive,
            "indicator": setup.officers,
            "period": year,
            "quarter": setup.period,
            "draft": draft,
            "evidence": evidence,
            "unit_event": unit_event,
            "sent": sent,
            "target": setup.directive.tasks.first().targets.first(),
            "task": setup.digital_signatures,
            "export": Export.objects.create(
                format="pdf",
                directive=setup.directive,
                period=setup.period,
                area=province.root,
                status="done",
                progress=100,
                file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bc.pdf"),
            ),
            "signed_export": signed_export(setup.directive, setup.period, province),
            "failed_export": Export.objects.create(
                format="xlsx",
                directive=setup.directive,
                period=setup.period,
                area=province.root,
                status="failed",
                error="Máy chủ dừng giữa chừng",
            ),
            "notification": Notification.objects.create(
                user=reporter, kind="report_due_soon", title="Sắp đến hạn báo cáo", url="/"
            ),
            "device": TOTPDevice.objects.create(user=reporter, name="Điện thoại"),
            "publication": Publication.objects.create(
                province=province.root,
                directive=setup.directive,
                period=year,
                document=publication_document(
                    figures=official_figures(
                        directive=setup.directive, period=year, province=province.root
                    ),
                    directive=setup.directive,
                    period=year,
                    province=province.root,
                    version=1,
                    published_at=timezone.now(),
                ),
                published_at=timezone.now(),
            ),
            "province": province.root,
            "account": reporter,
            "level": province.district.level,
            "root": province.root,
            "edition": IndexEdition.objects.create(
                framework=IndexFramework.objects.create(code="DTI", name="Chỉ số DTI"),
                year=2023,
                legal_basis="Quyết định 1/QĐ-BTTTT",
                max_score=1000,
                published=True,
            ),
        },
        users={
            "anonymous": None,
            "reporter": reporter,
            "unit_head": user_with_role(Role.UNIT_HEAD, province.district),
            "reviewer": user_with_role(Role.REVIEWER, province.root),
            "leader": user_with_role(Role.LEADER, province.root),
            "admin": UserFactory(is_staff=True, is_superuser=True),
            "outsider": user_with_role(Role.REPORTER, other.district),
            "bt_reviewer": user_with_role(Role.REVIEWER, other.root, is_staff=True),
            "bt_admin": user_with_role(Role.ADMIN, other.root, is_staff=True),
        },
    )


def signed_export(directive, period, province: Province) -> Export:
    export = Export.objects.create(
        format="pdf", directive=directive, period=period, area=province.root, status="done",
        progress=100, file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bc.pdf"),
    )  # fmt: skip
    SignedExport.objects.create(
        export=export, file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bc-ky.pdf"), sha256="0" * 64,
        signer="CN=Sở thử", province=province.root, signed_at=timezone.now(),
    )  # fmt: skip
    return export


def _url(pattern: Pattern, row: Row, world: World) -> str:
    objects = iter(world.objects[name] for name in row.objects)
    kwargs: dict[str, Any] = {}
    for parameter in pattern.parameters:
        if parameter in FIXED_PARAMETERS:
            kwargs[parameter] = FIXED_PARAMETERS[parameter]
        elif parameter == "code":
            kwargs[parameter] = next(objects).code
        elif not row.objects:  # an admin page on object 1: the gate answers before the lookup
            kwargs[parameter] = 1
        else:
            kwargs[parameter] = next(objects).pk
    if pattern.name == pattern.route:  # unnamed: fill the route by hand
        return "/" + pattern.route.replace("<path:object_id>", "1")
    return reverse(pattern.name, kwargs=kwargs)


def _data(row: Row, world: World) -> dict[str, Any]:
    sent = {}
    for key, value in row.data.items():
        name, _dot, attribute = value.partition(".")
        obj = world.objects.get(name)
        sent[key] = value if obj is None else getattr(obj, attribute or "pk")
    return sent


def _refused(response: Any, row: Row, world: World, role: str) -> bool:
    if response.status_code in (401, 403, 404, row.refusal_status):
        return True
    if response.status_code in (301, 302):
        location = response["Location"]
        if role in OTHER_PROVINCE and location == reverse("admin:index"):
            return True  # the admin's "no such object": this province's (or a missing) one
        if location.startswith(LOGIN_PAGES) and "anonymous" not in row.allowed:
            return True
        if row.refusal_redirect:
            pk = world.objects[row.objects[0]].pk
            return location.startswith(reverse(row.refusal_redirect, args=[pk]))
    return False


def _answer(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    if method == "GET":
        return client.get(url, data)
    if method == "PATCH":
        return client.patch(url, data, content_type="application/json")
    if method == "DELETE":
        return client.delete(url)
    if url.startswith("/api/"):
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


# Admin URLs beyond the table: every page without parameters (below), and a sample of those
# that take an object (the same ModelAdmin permission answers for them).
ADMIN_SAMPLE = [
    "admin:index",
    "admin:app_list",
    "admin:units_unit_changelist",
    "admin:units_unit_add",
    "admin:reports_submission_change",
    "admin:directives_directive_history",
    "admin:auditlog_logentry_changelist",
    "admin:axes_accesslog_changelist",
    "admin:password_change",
    "admin:jsi18n",
    "admin:otp_totp_totpdevice_add",
]


def _admin_without_parameters() -> list[str]:
    """Every admin page: each model's list, add, change, history and delete pages, each
    app's (object pages on object 1, which the gate answers before looking it up)."""
    return sorted(
        name
        for name, pattern in url_patterns().items()
        if is_admin(pattern) and name not in RULES
        and name not in ADMIN_SAMPLE and name.startswith("admin:")
    )  # fmt: skip


def test_the_admin_pages_are_all_tried() -> None:
    tried = set(ADMIN_SAMPLE) | set(_admin_without_parameters())
    assert {"admin:units_unitevent_changelist", "admin:directives_task_add"} <= tried


@pytest.mark.parametrize("key", sorted(RULES) + ADMIN_SAMPLE + _admin_without_parameters())
def test_each_role_is_allowed_or_refused_as_the_table_says(key: str, world: World) -> None:
    name = key.split(" ")[0]
    row, pattern = rule_for(key), url_patterns()[name]
    url = _url(pattern, row, world)
    outcomes = {}
    for role, user in world.users.items():
        client = Client()
        with transaction.atomic():
            if user is not None:
                client.force_login(user)
            response = _answer(client, row.method, url, _data(row, world))
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{role} {row.method} {url}: {response.status_code}"
        outcomes[role] = not _refused(response, row, world, role)
    allowed = {role for role, ok in outcomes.items() if ok}
    assert allowed == set(row.allowed), (
        f"{row.method} {url}: allowed {sorted(allowed)}, the table says {sorted(row.allowed)}"
    )
