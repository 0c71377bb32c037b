"""The authorisation matrix's table: every URL pattern × who may use it (read by
test_authorisation_matrix.py and the province walk of the pages). See the matrix test's docstring
for how to read and extend it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["anonymous", "reporter", "unit_head", "reviewer", "leader", "admin", "outsider",
         "bt_reviewer", "bt_admin"]  # fmt: skip
# Staff of the other province (Bình Thuận): its DIC officer and its admin (not a superuser).
# They reach their own province's lists and the admin, never an object of this one.
OTHER_PROVINCE = frozenset({"bt_reviewer", "bt_admin"})
EVERYONE = frozenset(ROLES) - {"anonymous"}
PUBLIC = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
VIEWERS = frozenset({"reporter", "unit_head", "reviewer", "leader", "admin"})  # the province
EDITORS = frozenset({"reporter", "unit_head", "admin"})  # the reporting unit's people
REVIEWERS = frozenset({"reviewer", "admin"})
OVERSEERS = frozenset({"reviewer", "leader", "admin"})  # the task board's people


@dataclass(frozen=True)
class Row:
    method: str
    allowed: frozenset[str]
    objects: tuple[str, ...] = ()
    refusal_redirect: str | None = None
    refusal_status: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        method: str,
        allowed: frozenset[str],
        *objects: str,
        refusal_redirect: str | None = None,
        refusal_status: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "allowed", frozenset(allowed))
        object.__setattr__(self, "objects", objects)
        object.__setattr__(self, "refusal_redirect", refusal_redirect)
        object.__setattr__(self, "refusal_status", refusal_status)
        object.__setattr__(self, "data", data or {})


ADMIN_DEFAULT = Row("GET", frozenset({"admin"}))
# The admin pages a province's staff reach without an object (lists and add forms): models kept
# by reviewers and admins, and those kept by admins only (accounts, roles, the profile).
STAFF_MODELS = {
    "units_level", "units_unit", "units_unitevent", "directives_directive", "directives_task",
    "indicators_indicator", "indicators_indexedition", "indicators_externalfigure",
    "indicators_indexresult", "reports_holiday", "reports_period", "reports_provinceperiod",
    "reports_submission", "reports_evidencefile", "reports_signedexport",
}  # fmt: skip
ADMIN_ONLY_MODELS = {"units_user", "units_membership", "units_provinceprofile"}
NO_ADD_MODELS = {
    "units_level",
    "reports_submission",
    "reports_evidencefile",
    "reports_holiday",
    "reports_period",
    "reports_signedexport",
}  # superuser / none
# Imported from their file or entered on the province's page: added in the admin by nobody.
IMPORTED_MODELS = ("indicators_indexedition", "indicators_externalfigure", "indicators_indexresult")
START = {"unit": "district", "period": "quarter", "directive": "directive"}  # a report to start
START_API = {**START, "unit": "district.code"}
EXPORT = {"format": "pdf", "directive": "directive", "period": "quarter"}  # an export to ask
PUBLISH = {"directive": "directive", "period": "quarter"}  # official figures to publish
RULES: dict[str, Row] = {
    # --- accounts and language ---------------------------------------------------------------
    "home": Row("GET", EVERYONE),
    "login": Row("GET", PUBLIC),
    "logout": Row("POST", PUBLIC),
    "password_reset": Row("GET", PUBLIC),
    "password_reset_done": Row("GET", PUBLIC),
    "password_reset_confirm": Row("GET", PUBLIC),  # a bad link answers "no longer valid"
    "password_reset_complete": Row("GET", PUBLIC),
    "set_language": Row("POST", PUBLIC, data={"language": "en", "next": "/"}),
    # --- catalogue pages -------------------------------------------------------------------
    "units:list": Row("GET", EVERYONE),
    "directives:list": Row("GET", EVERYONE),
    "directives:tasks": Row("GET", EVERYONE),
    # Drafting a directive from its text: who manages a province's directives.
    "directives:draft": Row("GET", REVIEWERS | OTHER_PROVINCE),  # each drafts for his own province
    "directives:draft_aliases": Row("POST", REVIEWERS, data={"province": "VP", "text": "Chỉ thị"}),
    "directives:draft_save": Row("POST", REVIEWERS, data={"province": "VP"}),
    "directives:detail": Row("GET", VIEWERS, "directive"),
    "directives:history": Row("GET", REVIEWERS, "directive"),
    "directives:source_document": Row("GET", VIEWERS, "directive"),  # those who see its page
    "units:event_document": Row("GET", REVIEWERS, "unit_event"),  # who keep the district's units
    "indicators:list": Row("GET", EVERYONE),
    # Index frameworks: the province's officers and leaders read its page; its reviewers and
    # admins (root unit) enter published figures and results.
    "indicators:index_province": Row("GET", OVERSEERS, "root"),
    "indicators:index_edition": Row("GET", OVERSEERS, "root", "edition"),
    "indicators:index_units": Row("GET", OVERSEERS, "root", "edition"),
    "indicators:figure_new": Row("POST", REVIEWERS, "root"),
    "indicators:result_new": Row("POST", REVIEWERS, "root", "edition"),
    "indicators:results_import": Row("POST", REVIEWERS, "root"),
    "indicators:criterion_new": Row("POST", REVIEWERS, "root", "edition"),
    # --- reporting ---------------------------------------------------------------------------
    "reports:my_reports": Row("GET", EVERYONE),
    "reports:start": Row("POST", EDITORS, data=START),
    "reports:edit": Row("GET", VIEWERS, "draft"),
    "reports:save": Row("POST", EDITORS, "draft"),
    "reports:submit": Row("POST", EDITORS, "draft", refusal_redirect="reports:edit"),
    "reports:evidence_upload": Row("POST", EDITORS, "draft"),
    "reports:evidence_download": Row("GET", VIEWERS, "draft", "evidence"),
    "reports:excel_template": Row("GET", VIEWERS, "draft"),
    "reports:excel_upload": Row("POST", EDITORS, "draft"),
    # --- review ------------------------------------------------------------------------------
    "reports:review_queue": Row("GET", REVIEWERS | OTHER_PROVINCE),  # each his own queue
    "reports:review": Row("GET", VIEWERS, "sent"),
    "reports:versions": Row("GET", VIEWERS, "sent"),
    "reports:accept": Row("POST", REVIEWERS, "sent"),
    "reports:return": Row("POST", REVIEWERS, "sent", data={"comment": "Sửa lại số liệu"}),
    "reports:reopen": Row("POST", REVIEWERS, "sent", data={"reason": "Bổ sung minh chứng"}),
    "reports:history": Row("GET", REVIEWERS, "sent"),
    # Each province opens and closes its own periods (the windows are national): the other
    # province's officers close this period for their province only
    # (tests/reports/periods/test_province_periods.py).
    "reports:periods": Row("GET", REVIEWERS | OTHER_PROVINCE),
    "reports:period_open": Row("POST", REVIEWERS | OTHER_PROVINCE),
    "reports:period_close": Row("POST", REVIEWERS | OTHER_PROVINCE, "period"),
    # --- dashboards (each over the part of the province the user sees) ------------------------
    "reports:dashboard": Row("GET", VIEWERS),  # the outsider's province has no directive
    "reports:dashboard_targets": Row("GET", VIEWERS, "directive"),
    "reports:dashboard_units": Row("GET", VIEWERS, "directive", "target"),
    "reports:dashboard_heatmap": Row("GET", VIEWERS, "directive"),
    "reports:dashboard_ranking": Row("GET", VIEWERS, "directive"),
    "reports:dashboard_trends": Row("GET", VIEWERS, "directive"),
    "reports:dashboard_overdue": Row("GET", OVERSEERS, "directive"),
    "reports:exports": Row(
        "GET", OVERSEERS | OTHER_PROVINCE
    ),  # each his own area's files  # DIC officers and leaders of their area
    # The closing sections drafted for the export form (its unit picker limits the area).
    "reports:export_draft": Row("GET", OVERSEERS | OTHER_PROVINCE),
    "reports:export_detail": Row("GET", OVERSEERS, "export"),
    "reports:export_status": Row("GET", OVERSEERS, "export"),
    "reports:export_download": Row("GET", OVERSEERS, "export"),
    "reports:export_retry": Row("POST", OVERSEERS, "failed_export"),
    "reports:export_sign": Row("POST", REVIEWERS, "export"),  # DIC officers (root unit)
    "reports:export_signed_download": Row("GET", OVERSEERS, "signed_export"),
    "favicon.ico": Row("GET", PUBLIC),  # a redirect to the static icon
    "reports:verify": Row("GET", PUBLIC),  # anyone with a file checks its signatures
    # Published figures, for everyone; anything not published is a 404 (tests/reports/
    # publications/test_public_page.py).
    "reports:public_index": Row("GET", PUBLIC, "province"),
    "reports:public_publication": Row("GET", PUBLIC, "province", "publication"),
    "reports:public_download": Row("GET", PUBLIC, "province", "publication"),
    # Publishing and withdrawing: the province's DIC officers (reviewers, admins of the root).
    "reports:publish": Row("POST", REVIEWERS, "directive", data={"period": "quarter"}),
    "reports:withdraw": Row("POST", REVIEWERS, "publication", data={"reason": "Sai số"}),
    # --- tasks and notifications ---------------------------------------------------------------
    "directives:task_board": Row("GET", OVERSEERS | OTHER_PROVINCE),  # each his own tasks
    "directives:task_deadline": Row("GET", REVIEWERS, "task"),
    "account:tokens": Row("GET", EVERYONE),  # one's own API tokens
    "account:password_change": Row("GET", EVERYONE),
    "account:two_factor": Row("GET", EVERYONE),  # one's own device
    "account:two_factor_remove": Row("POST", EVERYONE),  # without a code: refused with a message
    "notifications:list": Row("GET", EVERYONE),
    "notifications:open": Row("POST", frozenset({"reporter"}), "notification"),  # its owner
    "notifications:read_all": Row("POST", EVERYONE),
    "notifications:preferences": Row("GET", EVERYONE),
    "notifications:calendar": Row("GET", EVERYONE),
    "notifications:calendar_regenerate": Row("POST", EVERYONE),
    "notifications:calendar_feed": Row("GET", NOBODY),  # a secret URL: a guessed token is 404
    # --- API v1 (JSON) -----------------------------------------------------------------------
    "api-root": Row("GET", EVERYONE),
    "schema": Row("GET", PUBLIC),  # the API's shape, no data
    "api-docs": Row("GET", PUBLIC),
    "unit-list": Row("GET", EVERYONE),  # each sees the units they may see
    "unit-detail": Row("GET", VIEWERS, "district"),
    "directive-list": Row("GET", EVERYONE),
    "directive-detail": Row("GET", VIEWERS, "directive"),
    "indicator-list": Row("GET", EVERYONE),
    "indicator-detail": Row("GET", EVERYONE, "indicator"),  # the catalogue is shared
    "period-list": Row("GET", EVERYONE),
    "period-list POST": Row("POST", REVIEWERS | OTHER_PROVINCE),  # each for his province
    "period-detail": Row("GET", EVERYONE, "period"),
    "submission-list": Row("GET", EVERYONE),  # each sees the reports they may see
    # The API answers a unit outside the user's reach like a missing one, with a 400.
    "submission-list POST": Row("POST", EDITORS, data=START_API, refusal_status=400),
    "submission-detail": Row("GET", VIEWERS, "draft"),
    "submission-detail PATCH": Row("PATCH", EDITORS, "draft"),
    "submission-submit": Row("POST", EDITORS, "draft"),
    "submission-accept": Row("POST", REVIEWERS, "sent"),
    "submission-return-": Row("POST", REVIEWERS, "sent"),
    "api-token": Row("POST", PUBLIC),  # no credentials: a 400 to anyone
    "api-tokens": Row("GET", EVERYONE),  # each lists their own tokens
    "api-token-revoke": Row("DELETE", NOBODY),  # a key nobody holds: 404 to all
    # Each imports into his own province (a file naming another's units is refused: tested
    # in the import tests); here without a file, a 400 past the gate.
    "unit-import-": Row("POST", REVIEWERS | OTHER_PROVINCE),
    "unit-changes-import": Row("POST", REVIEWERS | OTHER_PROVINCE),
    "directive-import-": Row("POST", REVIEWERS | OTHER_PROVINCE),
    # Official index results: each reads his own provinces'; province officers import theirs
    # (a row of another province is refused: tested in the import tests).
    "index-result-list": Row("GET", EVERYONE),
    "index-result-import-": Row("POST", REVIEWERS | OTHER_PROVINCE),
    # Who manages the province's directives; a refused user learns nothing of the text.
    "directive-draft": Row("POST", REVIEWERS, data={"province": "VP", "text": "Chỉ thị"}),
    # Another province's directive is answered like a missing one, with a 400.
    "export-create": Row("POST", OVERSEERS, data=EXPORT, refusal_status=400),
    "export-detail": Row("GET", OVERSEERS, "export"),
    "export-download": Row("GET", OVERSEERS, "export"),
    "export-sign": Row("POST", REVIEWERS, "export"),
    "export-signed": Row("GET", OVERSEERS, "signed_export"),
    "verify": Row("POST", PUBLIC),
    # Publishing official figures: DIC officers of the province (root unit); another province's
    # directive is answered like a missing one, with a 400.
    "publication-list": Row("POST", REVIEWERS, data=PUBLISH, refusal_status=400),
    "publication-detail": Row("DELETE", REVIEWERS, "publication", data={"reason": "Sai số"}),
    "public-publications": Row("GET", PUBLIC, data={"province": "VP"}),  # published figures only
    "feed": Row("GET", REVIEWERS | OTHER_PROVINCE),  # each his own province's entries
    # A directive outside the user's reach is answered like a missing one, with a 400.
    "dashboard-compliance": Row(
        "GET", VIEWERS, data={"directive": "directive", "period": "quarter"}, refusal_status=400
    ),
    # --- admin (see ADMIN_DEFAULT for the rest) -------------------------------------------------
    "admin:login": Row("GET", PUBLIC),
    "admin:logout": Row("POST", PUBLIC),
    "admin:autocomplete": Row("GET", NOBODY),  # refused without its query parameters
    "admin:view_on_site": Row("GET", NOBODY),  # no model has a public page to redirect to
    # Kept by the portal itself, never added by hand: the change log, the login records, and
    # reports with their evidence (made only through the reporting workflow).
    "admin:auditlog_logentry_add": Row("GET", NOBODY),
    "admin:axes_accessattempt_add": Row("GET", NOBODY),
    "admin:axes_accessfailurelog_add": Row("GET", NOBODY),
    "admin:axes_accesslog_add": Row("GET", NOBODY),
    "admin:reports_evidencefile_add": Row("GET", NOBODY),
    "admin:reports_submission_add": Row("GET", NOBODY),
    **{f"admin:{model}_add": Row("GET", NOBODY) for model in IMPORTED_MODELS},
    "admin:reports_delivery_add": Row("GET", NOBODY),  # the delivery log is written by the push
    "admin:reports_signedexport_add": Row("GET", NOBODY),  # signed in the portal, not added here
    "admin:reports_provinceperiod_add": Row("GET", NOBODY),  # decided on the periods page
    # Tried on real objects: django-otp's pages of a device answer a missing one with a 500…
    "admin:otp_totp_totpdevice_config": Row("GET", frozenset({"admin"}), "device"),
    "admin:otp_totp_totpdevice_qrcode": Row("GET", frozenset({"admin"}), "device"),
    # …and a user's password page answers a missing user with a 404 (object 1 need not exist
    # on PostgreSQL, whose ids run on across tests).
    "admin:auth_user_password_change": Row("GET", frozenset({"admin"}), "account"),
    # Shared by every province, read-only to province staff: the levels, the national
    # indicator catalogue and frameworks, and the national calendar of periods (each province
    # opens and closes them on the periods page).
    **{
        f"admin:{model}_{page}": Row("GET", frozenset({"admin"}) | OTHER_PROVINCE, obj)
        for model, obj in (
            ("units_level", "level"),
            ("indicators_indicator", "indicator"),
            ("indicators_indexedition", "edition"),  # national frameworks: one for all
            ("reports_period", "period"),
        )
        for page in ("change", "history")
    },
    # Nothing is deleted from the admin: units are closed, reports and figures stay, the log
    # and the accounts' history are kept (see units.admin.PortalAdminMixin).
    **{
        f"admin:{model}_delete": Row("GET", NOBODY)
        for model in (
            "auditlog_logentry",
            "directives_directive",
            "directives_task",
            "indicators_indicator",
            *IMPORTED_MODELS,
            "reports_delivery",
            "reports_evidencefile",
            "reports_period",
            "reports_signedexport",  # a signed report is the issued record
            "reports_provinceperiod",
            "reports_submission",
            "units_level",
            "units_membership",
            "units_provinceprofile",
            "units_unit",
            "units_unitevent",
            "units_user",
        )
    },
}
LOGIN_PAGES = ("/login/", "/admin/login/")


# --- the URL patterns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str
    parameters: tuple[str, ...]
    methods: tuple[str, ...]  # a DRF viewset route's methods; empty for other views


def _parameters(pattern: URLPattern) -> tuple[str, ...]:
    return tuple(pattern.pattern.regex.groupindex)


def _walk(patterns: list[Any], route: str = "", namespace: str = "") -> Iterator[Pattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route + str(entry.pattern), inner)
            continue
        full_route = route + str(entry.pattern)
        name = f"{namespace}{entry.name}" if entry.name else full_route
        actions = getattr(entry.callback, "actions", None) or {}
        # DRF adds "head" (as GET) to a viewset's actions once it has served a request: HEAD
        # follows GET's rule, and the table must not depend on which tests ran before.
        methods = tuple(m.upper() for m in actions if m != "head")
        yield Pattern(name, full_route, _parameters(entry), methods)


def url_patterns() -> dict[str, Pattern]:
    """Every pattern by name; the first route of a name (DRF adds `.json` suffix twins)."""
    found: dict[str, Pattern] = {}
    for pattern in _walk(get_resolver().url_patterns):
        found.setdefault(pattern.name, pattern)
    return found


def is_admin(pattern: Pattern) -> bool:
    return pattern.name.startswith("admin:") or pattern.route.startswith("admin/")


def rule_for(name: str) -> Row:
    if name in RULES:
        return RULES[name]
    if name.startswith("admin:") or name.startswith("admin/"):
        return Row("GET", ADMIN_DEFAULT.allowed | _staff_on_admin_page(name))
    raise KeyError(name)


def _staff_on_admin_page(name: str) -> frozenset[str]:
    """Which of the other province's staff get past the gate of an admin page without an
    object; every object page is tried on this province's object, or a missing one: refused."""
    if name in ("admin:index", "admin:app_list", "admin:jsi18n", "admin:password_change",
                "admin:password_change_done"):  # fmt: skip
        return OTHER_PROVINCE
    model, _sep, page = name.removeprefix("admin:").rpartition("_")
    if page not in ("changelist", "add") or (page == "add" and model in NO_ADD_MODELS):
        return frozenset()
    if model in STAFF_MODELS:
        return OTHER_PROVINCE
    return frozenset({"bt_admin"}) if model in ADMIN_ONLY_MODELS else frozenset()


# Values for URL parameters that name no object.
FIXED_PARAMETERS = {"uidb64": "MQ", "token": "abc-123", "app_label": "units", "url": "x",
                     "token_key": "0123456789abcde", "fmt": "csv"}  # fmt: skip
