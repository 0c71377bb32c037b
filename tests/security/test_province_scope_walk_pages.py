"""Item 2 of "Many provinces" for the portal's own pages, exports and e-mails.

The first province is built alone, every name of it carrying a word found nowhere else; the
second province then gets its own directive, reports and staff. Every HTML page of the URL
resolver (the authorisation matrix's list, less the few in OWN_FILE_PAGES), opened by the second province's reviewer, admin,
leader and reporter (with the first province's ids in the query string too), its exports and
the e-mails sent to its people show none of those words.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from directives.models import Directive
from indicators.models import ExternalFigure, IndexEdition, IndexFramework, IndexResult
from notifications import digests, reminders
from notifications.models import Notification
from notifications.services import calendar_feed_for
from reports.compliance.services import compliance_recompute
from reports.exports.models import Export
from reports.exports.services import export_build, export_request
from reports.publications.models import Publication
from reports.publications.services import publication_publish
from reports.submissions.models import EvidenceFile, Submission
from reports.submissions.services import (
    submission_return,
    submission_save,
    submission_start,
    submission_submit,
)
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import Province, make_province, signed_in
from tests.factories import (
    IndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    level,
    user_with_role,
)
from tests.reports.exports.export_helpers import pdf_text
from tests.reports.submissions.review_plan import Plan, plan, send
from tests.security.matrix_rules import FIXED_PARAMETERS, RULES, url_patterns
from units.models import Role, UnitEvent, User

pytestmark = pytest.mark.django_db

# One word per kind of thing of the first province, found in nothing else.
UNIT = "Quetzalia"  # every unit's name
DIRECTIVE = "Orrindel"  # the directive's title and code, its task
INDICATOR = "Vostrikan"  # the province's own indicator
PERSON = "Belmaraz"  # its people's full names
FILE = "tarnivex"  # its evidence file
TEXT = "Mirelwood"  # what its people wrote: progress, comments, sources
WORDS = (UNIT, DIRECTIVE, INDICATOR, PERSON, FILE, TEXT)
SECOND_ROLES = ("bt_reviewer", "bt_admin", "bt_leader", "bt_reporter")
# Pages that hand out one stored file of the second province's own, its bytes as uploaded or
# signed. (The calendar's secret address is walked below with each user's own token.)
OWN_FILE_PAGES = {"reports:evidence_download", "units:event_document",
                  "reports:export_signed_download"}  # fmt: skip


@dataclass
class First:
    province: Province
    plan: Plan
    report: Submission
    reviewer: User


def _first_province() -> First:
    province = make_province("QN", "Quảng Ninh")
    for unit in vars(province).values():
        unit.name = f"{unit.name} {UNIT}"
        unit.save()
    people = {
        role: user_with_role(
            role, unit, full_name=f"Nguyễn Văn {PERSON} {role}", email=f"{role}@qn.gov.vn"
        )
        for role, unit in ((Role.REPORTER, province.district), (Role.REVIEWER, province.root),
                           (Role.LEADER, province.root), (Role.ADMIN, province.root))
    }  # fmt: skip
    setup = plan(province, code=f"5/KH-{DIRECTIVE}")
    Directive.objects.filter(pk=setup.directive.pk).update(title=f"Kế hoạch {DIRECTIVE}")
    task = setup.directive.tasks.get()
    task.title = f"Nhiệm vụ {DIRECTIVE}"
    task.save()
    own = IndicatorFactory(province=province.root, code="QN_OWN", name=f"Số trạm {INDICATOR}")
    TargetScopeFactory(
        target=TargetFactory(task=task, indicator=own, value=Decimal(3)), level=level("district")
    )
    report = _sent(setup, province, people[Role.REPORTER])
    EvidenceFile.objects.create(
        value=report.values.first(), file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{FILE}.pdf"),
        original_name=f"bien-ban-{FILE}.pdf", size=15, content_type="application/pdf",
    )  # fmt: skip
    submission_return(submission=report, by=people[Role.REVIEWER], comment=f"Sửa lại {TEXT}")
    compliance_recompute(directive=setup.directive, period=setup.q2)
    publication_publish(by=people[Role.REVIEWER], directive=setup.directive, period=setup.q2)
    Export.objects.create(
        format="pdf", directive=setup.directive, period=setup.q2, area=province.root,
        status="done", progress=100, requested_by=people[Role.LEADER],
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", f"{FILE}.pdf"),
    )  # fmt: skip
    event = UnitEvent.objects.create(
        kind=UnitEvent.Kind.RENAME, effective_on=dt.date(2016, 1, 1),
        legal_document=f"Nghị quyết {TEXT}", old_name=f"Thị xã {UNIT}", new_name=f"TP {UNIT}",
    )  # fmt: skip
    event.after.add(province.district)
    source = {"source_document": f"Báo cáo {TEXT}", "source_date": dt.date(2024, 5, 1),
              "entered_by": people[Role.REVIEWER]}  # fmt: skip
    ExternalFigure.objects.create(
        province=province.root, indicator=own, year=2016, value=3, **source
    )
    edition = IndexEdition.objects.create(
        framework=IndexFramework.objects.create(code="DTI", name="Chỉ số DTI"),
        year=2023, legal_basis="Quyết định 1/QĐ-BTTTT", max_score=1000, published=True,
    )  # fmt: skip
    IndexResult.objects.create(edition=edition, province=province.root, score=500, rank=3, **source)
    Notification.objects.create(
        user=people[Role.REPORTER], kind="report_due_soon", title=f"Hạn {DIRECTIVE}", url="/"
    )
    return First(province, setup, report, people[Role.REVIEWER])


def _sent(setup: Plan, province: Province, by: User) -> Submission:
    report = submission_start(
        unit=province.district, period=setup.q2, directive=setup.directive, by=by
    )
    values = [ValueInput(setup.services.code, value=Decimal(12)), ValueInput("QN_OWN", value=Decimal(2)),
              ValueInput(setup.signed.code, numerator=Decimal(4), denominator=Decimal(5))]  # fmt: skip
    tasks = [TaskInput("1", status="in_progress", progress=f"Đã làm {TEXT}")]
    submission_save(submission=report, version=1, values=values, tasks=tasks, by=by)
    return submission_submit(submission=report, version=2, by=by)


@dataclass
class Second:
    province: Province
    plan: Plan
    sent: Submission
    draft: Submission
    users: dict[str, User]
    export: Export
    publication: Publication


def _second_province() -> Second:
    province = make_province("BT", "Bình Thuận")
    users = {
        name: user_with_role(role, unit, email=f"{name}@binhthuan.gov.vn", **staff)
        for name, role, unit, staff in (
            ("bt_reviewer", Role.REVIEWER, province.root, {"is_staff": True}),
            ("bt_admin", Role.ADMIN, province.root, {"is_staff": True}),
            ("bt_leader", Role.LEADER, province.root, {}),
            ("bt_reporter", Role.REPORTER, province.district, {}),
        )
    }
    setup = plan(province, code="12/CT-UBND")
    sent = send(setup, province.district, by=users["bt_reporter"])
    send(setup, province.other_district, period=setup.q1)
    draft = submission_start(
        unit=province.commune, period=setup.q2, directive=setup.directive, by=None
    )
    compliance_recompute(directive=setup.directive, period=setup.q2)
    officer = users["bt_reviewer"]
    export = export_request(by=officer, directive=setup.directive, period=setup.q2, format="pdf")
    publication = publication_publish(by=officer, directive=setup.directive, period=setup.q2)
    return Second(province, setup, sent, draft, users, export_build(export=export), publication)


@pytest.fixture
def first(db) -> First:
    return _first_province()


@pytest.fixture
def second(first: First) -> Second:
    return _second_province()


def _body(response: Any) -> str:
    streaming = getattr(response, "streaming", False)
    data = b"".join(response.streaming_content) if streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return pdf_text(data)
    if "spreadsheet" in kind:
        return _workbook_text(data)
    return data.decode("utf-8", errors="replace")


def _workbook_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


def _leaks(text: str) -> list[str]:
    folded = text.casefold()
    return [word for word in WORDS if word.casefold() in folded]


def _second_objects(second: Second) -> dict[str, Any]:
    """The matrix's object names, filled with the second province's own objects."""
    directive = second.plan.directive
    task = directive.tasks.get()
    return {
        "directive": directive, "root": second.province.root, "province": second.province.root,
        "district": second.province.district, "draft": second.draft, "sent": second.sent,
        "task": task, "target": task.targets.first(), "quarter": second.plan.q2,
        "period": second.plan.q2, "edition": IndexEdition.objects.get(),
        "export": second.export, "publication": second.publication,
    }  # fmt: skip


def _page_urls(second: Second) -> list[str]:
    """Every GET page of the portal (not the admin, not the API) the second province's own
    objects fill."""
    objects = _second_objects(second)
    urls, skipped = [], set()
    for name, pattern in url_patterns().items():
        row = RULES.get(name)
        if (
            row is None or row.method != "GET" or name.startswith("admin:")
            or pattern.route.startswith("api/") or name in ("favicon.ico", "logout")
        ):  # fmt: skip
            continue
        if not all(obj in objects for obj in row.objects):
            skipped.add(name)
            continue
        kwargs: dict[str, Any] = {}
        given = iter(row.objects)
        for parameter in pattern.parameters:
            if parameter in FIXED_PARAMETERS:
                kwargs[parameter] = FIXED_PARAMETERS[parameter]
                continue
            obj = objects[next(given)]
            kwargs[parameter] = obj.code if parameter == "code" else obj.pk
        urls.append(reverse(name, kwargs=kwargs))
    assert skipped == OWN_FILE_PAGES, "a new page: fill its objects in _second_objects"
    return urls


def _first_ids(first: First) -> dict[str, Any]:
    """The query string of a page asked with the first province's ids, as a crafted link."""
    district = first.province.district
    return {
        "directive": first.plan.directive.pk, "unit": district.pk, "area": district.code,
        "unit_code": district.code, "province": first.province.root.code,
        "indicator": "QN_OWN", "task": first.plan.directive.tasks.get().pk,
    }  # fmt: skip


def test_the_first_provinces_words_show_on_its_own_pages(first: First, second: Second) -> None:
    """The check below can fail: the first province's own reviewer reads every word."""
    client = signed_in(first.reviewer)
    seen = set()
    for url in (reverse("units:list"), reverse("directives:detail", args=[first.plan.directive.pk]),
                reverse("reports:review", args=[first.report.pk]), reverse("indicators:list"),
                reverse("reports:exports")):  # fmt: skip
        seen |= set(_leaks(_body(client.get(url))))
    assert set(WORDS) <= seen


def test_no_page_shows_the_second_province_anything_of_the_first(
    first: First, second: Second
) -> None:
    urls = _page_urls(second)
    assert len(urls) > 45, urls
    crafted = _first_ids(first)
    found = []
    for role in SECOND_ROLES:
        client = signed_in(second.users[role])
        for url in urls:
            for query in ({}, crafted):
                response = client.get(url, query)
                assert response.status_code < 500, f"{role} {url} {query}"
                leaked = _leaks(_body(response))
                if leaked:
                    found.append(f"{role} {url}{'?…' if query else ''}: {leaked}")
    assert not found, "\n".join(found)


def test_the_second_provinces_calendars_hold_nothing_of_the_first(
    first: First, second: Second
) -> None:
    def feed(user: User) -> str:
        token = calendar_feed_for(user=user).token
        return _body(Client().get(reverse("notifications:calendar_feed", args=[token])))

    ours = first.province.district.memberships.get(role=Role.REPORTER).user
    assert DIRECTIVE in feed(ours)  # the check can fail: a calendar names its directives
    for role in SECOND_ROLES:
        assert not _leaks(feed(second.users[role])), role


def test_the_second_provinces_exports_hold_nothing_of_the_first(
    first: First, second: Second
) -> None:
    reviewer = second.users["bt_reviewer"]
    client = signed_in(reviewer)
    for fmt in ("pdf", "xlsx"):
        export = export_request(
            by=reviewer, directive=second.plan.directive, period=second.plan.q2, format=fmt
        )
        export_build(export=export)
        export.refresh_from_db()
        assert export.status == Export.Status.DONE, export.error
        response = client.get(reverse("reports:export_download", args=[export.pk]))
        text = _body(response)
        assert "12/CT-UBND" in text, fmt  # the second province's directive: the file was read
        assert not _leaks(text), fmt


def test_the_e_mails_to_the_second_province_hold_nothing_of_the_first(
    first: First, second: Second, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    theirs = {user.email for user in second.users.values()}
    for today in (dt.date(2016, 3, 14), dt.date(2016, 3, 25), dt.date(2016, 4, 20)):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.remind_reports_due(today=today)
            reminders.escalate_late_reports(today=today)
            reminders.remind_reviews_waiting(today=today)
            digests.send_weekly_digests(today=today)
    to_them = [message for message in mail.outbox if set(message.to) & theirs]
    assert to_them, "no e-mail reached the second province: nothing was checked"
    for message in to_them:
        bodies = [message.subject, message.body]
        bodies += [content for content, _kind in getattr(message, "alternatives", [])]
        assert not _leaks("\n".join(bodies)), (message.to, message.subject)
