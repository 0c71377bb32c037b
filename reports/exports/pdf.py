"""The official report as a PDF: a Decree 30/2020/NĐ-CP administrative report (A4, the decree's
margins, Liberation Serif), rendered by WeasyPrint from a template; charts are inline SVG."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from config import vn
from directives.models import Target
from reports.compliance.selectors import MissedUnit
from reports.compliance.texts import STATUS_LABELS, figure_text, scope_text
from reports.exports.charts import completeness_chart, targets_chart
from reports.exports.content import ReportContent, TaskProgress, completeness_units
from reports.exports.drafting import draft_assessment, draft_next_steps
from reports.exports.wording import (
    goal_text,
    issuer_lines,
    report_title,
    result_text,
    subject_text,
)
from reports.submissions.models import Submission, TaskUpdate
from units.models import ProvinceProfile

BODY_LIST = 10  # names listed in the body; the appendices hold them all
CHART_BARS = 10  # a chart that fits on a page: the key targets; the table has them all
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


@dataclass(frozen=True)
class Heading:
    """The province profile's texts (issuing body, place, signer, recipients) and this report's
    number and date."""

    owner: str
    superior: str
    issuer: str
    number: str  # "12/BC-STTTT", or "    /BC-STTTT" for the clerk to fill in
    place: str
    long_date: str  # "ngày 05 tháng 01 năm 2017" (in English: 05/01/2017)
    signer_for: str
    signer_title: str
    signer_name: str
    recipients: list[str]


def heading(*, profile: ProvinceProfile, number: str, issued_on: datetime.date) -> Heading:
    blank = "\u00a0" * 6  # room for the number the clerk writes when the report is issued
    return Heading(
        owner=profile.owner_name,
        superior=profile.report_superior,
        issuer=profile.report_issuer,
        number=profile.report_number.format(number=number or blank),
        place=profile.report_place,
        long_date=_("ngày %(day)s tháng %(month)s năm %(year)s") % vn.long_date_parts(issued_on),
        signer_for=profile.signer_for,
        signer_title=profile.signer_title,
        signer_name=profile.signer_name,
        recipients=profile.recipient_list,
    )


def _rows(content: ReportContent) -> list[dict[str, object]]:
    return [
        {
            "figure": f,
            "scope": scope_text(f.target),
            "goal": goal_text(f.target),
            "value": result_text(f.value, f.target),
            "status": STATUS_LABELS[f.status],
        }
        for f in content.compliance.targets
    ]


@dataclass(frozen=True)
class Closing:
    """The report's last two sections as the officer kept them (drafted when left blank)."""

    assessment: str = ""
    next_steps: str = ""


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def report_html(content: ReportContent, head: Heading, closing: Closing = Closing()) -> str:
    compliance = content.compliance
    statuses = dict(Submission.Status.choices)
    charted = ([f for f in compliance.targets if f.target.featured]
               or compliance.targets)[:CHART_BARS]  # fmt: skip
    appendices = [
        name
        for name, present in (("missed", content.missed), ("completeness", content.run is not None))
        if present
    ]
    numbers = {f.target.pk: i for i, f in enumerate(compliance.targets, start=1)}
    steps = _paragraphs(closing.next_steps or draft_next_steps(content))
    return render_to_string(
        "reports/exports/report.html",
        {
            "c": content,
            "compliance": compliance,
            "head": head,
            "title": report_title(compliance.directive, str(compliance.period.label)),
            "subject": subject_text(compliance.directive),
            "subject_html": unbroken_codes(subject_text(compliance.directive)),
            "issuer_lines": issuer_lines(head.issuer),
            "rows": _rows(content),
            "whole": content.area.parent_id is None,
            "counts": {s: compliance.count(s) for s in STATUS_LABELS},
            "targets_chart": targets_chart(charted) if charted else "",
            "charted_all": len(charted) == len(compliance.targets),
            "completeness_chart": completeness_chart(compliance.completeness),
            "body_list": BODY_LIST,
            "more": {
                "missed": len(content.missed) - BODY_LIST,
                "late": len(content.late) - BODY_LIST,
                "unsent": len(content.unsent) - BODY_LIST,
            },
            "owner": head.owner,
            "missed": [
                (content.name(m.unit.pk, m.unit.name), m, _missed_targets(m, numbers))
                for m in content.missed
            ],
            "late": [content.name(u.unit_id, u.unit.name) for u in content.late],
            "unsent": [content.name(u.unit_id, u.unit.name) for u in content.unsent],
            "task_statuses": [str(label) for label in TaskUpdate.Status.labels],
            "tasks": [(t, _status_counts(t)) for t in content.tasks],
            "assessment": _paragraphs(closing.assessment or draft_assessment(content)),
            "steps": steps[:-1],
            "last_step": steps[-1] if steps else "",
            "appendix": {name: ROMAN[i] for i, name in enumerate(appendices)},
            "everyone": [
                (
                    u,
                    content.name(u.unit_id, u.unit.name),
                    statuses.get(u.report_status, _("Chưa lập")),
                )
                for u in (
                    completeness_units(run=content.run, area=content.area) if content.run else []
                )
            ],
        },
    )


def unbroken_codes(text: str) -> SafeString:
    """Document numbers ("36a/NQ-CP") kept whole on their line: a title never breaks at their
    slash."""
    return format_html_join(
        " ", "{}", ((format_html('<span class="keep">{}</span>', w) if "/" in w else w,)
                    for w in text.split(" "))
    )  # fmt: skip


def _missed_targets(missed: MissedUnit, numbers: dict[int, int]) -> str:
    """ "10: 69,29%; 11: Không": the targets a unit missed by their number in section II."""
    return "; ".join(f"{numbers[t.pk]}: {_own(v, t)}" for t, v in missed.targets if t.pk in numbers)


def _status_counts(progress: TaskProgress) -> list[int]:
    said = dict(progress.statuses)
    return [said.get(str(label), 0) for label in TaskUpdate.Status.labels]


def _own(value: Decimal | None, target: Target) -> str:
    """A unit's own figure in the list of units that missed; none: it did not report."""
    return str(_("chưa báo cáo")) if value is None else figure_text(value, target.indicator)


class PortalFetcher(URLFetcher):
    """WeasyPrint may read data: URLs and the portal's own static files, nothing else: should
    markup from user text ever reach the template unescaped, an `<img src="file:///etc/passwd">`
    or an `http://` address still reads nothing from the server's disk or its network."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme.lower() == "file" and not _is_static(parts.netloc, parts.path):
            raise ValueError(f"only the portal's static files may be read: {url}")
        return super().fetch(url, headers)  # refuses any other scheme


def _is_static(host: str, path: str) -> bool:
    if host not in ("", "localhost"):
        return False
    # resolve(): "static/../config" and symlinks out of the folder are judged by their target.
    wanted = Path(url2pathname(path)).resolve()
    roots = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]
    return any(wanted.is_relative_to(Path(root).resolve()) for root in roots)


def write_pdf(
    content: ReportContent, head: Heading, target: BinaryIO,
    progress: Callable[[int], None] = lambda percent: None, closing: Closing = Closing(),
) -> int:  # fmt: skip
    """Render the report into `target`; returns the number of pages."""
    html = report_html(content, head, closing)
    progress(40)
    document = HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=PortalFetcher()
    ).render()
    progress(85)
    document.write_pdf(target)
    return len(document.pages)
