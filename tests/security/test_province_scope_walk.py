"""Item 2 of "Many provinces": one province scope per model (units.permissions.in_provinces).

Every admin page's rows and every API list and detail, walked as the second province's reviewer
and admin, show no row of the first province. The first province is built alone first, and
every row then in the database is its own or national; national rows are named below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db.models import Model
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.viewsets import GenericViewSet

from directives.models import Directive
from indicators.models import ExternalFigure, IndexEdition, IndexFramework, IndexResult, Indicator
from reports.compliance.services import compliance_recompute
from reports.exports.models import Export, SignedExport
from reports.periods.models import Period
from reports.periods.services import period_close
from reports.publications.models import FeedEntry
from reports.publications.services import publication_publish
from reports.submissions.models import EvidenceFile, IndicatorValue, Submission
from tests.conftest import Province, make_province, signed_in
from tests.factories import IndicatorFactory, user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, start
from tests.reports.submissions.review_plan import plan, send
from units.models import Role, Unit, UnitEvent, User
from units.permissions import PROVINCE_SCOPES, in_provinces
from units.selectors import province_profile_defaults

pytestmark = pytest.mark.django_db

# Shared by every province: the levels, the national calendar, the national frameworks, and the
# national indicator catalogue (an indicator without a province).
NATIONAL = {"units.level", "reports.holiday", "reports.period", "indicators.indexedition"}


def _national(row: Model) -> bool:
    label = row._meta.label_lower
    return label in NATIONAL or (
        label == "indicators.indicator" and getattr(row, "province_id", 0) is None
    )


def _first_province(province: Province) -> None:
    """Rows of every kind the admin and the API show, all in the first province."""
    setup = district_directive(province)
    draft = start(setup, province)
    value = IndicatorValue.objects.create(submission=draft, indicator=setup.officers, value=2)
    EvidenceFile.objects.create(
        value=value, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="qd.pdf"),
        original_name="qd.pdf", size=15, content_type="application/pdf",
    )  # fmt: skip
    review = plan(province, code="99/CT-UBND")
    send(review, province.district)
    compliance_recompute(directive=review.directive, period=review.q2)
    officer = user_with_role(Role.REVIEWER, province.root)
    publication_publish(by=officer, directive=review.directive, period=review.q2)
    Export.objects.create(
        format="pdf", directive=review.directive, period=review.q2, area=province.root,
        status="done", progress=100, file=ContentFile(b"%PDF-1.4\n%%EOF\n", "bc.pdf"),
    )  # fmt: skip
    event = UnitEvent.objects.create(
        kind=UnitEvent.Kind.RENAME, effective_on=setup.period.starts_on,
        legal_document="Nghị quyết 1/NQ-HĐND", old_name="Thị xã", new_name="Thành phố",
    )  # fmt: skip
    event.after.add(province.district)
    province_profile_defaults(province.root).save()
    source = {
        "source_document": "Báo cáo 1/BC-BTTTT", "source_date": dt.date(2024, 5, 1),
        "entered_by": user_with_role(Role.REVIEWER, province.root),
    }  # fmt: skip
    ExternalFigure.objects.create(
        province=province.root, indicator=setup.officers, year=2016, value=3, **source
    )
    edition = IndexEdition.objects.create(
        framework=IndexFramework.objects.create(code="DTI", name="Chỉ số DTI"),
        year=2023, legal_basis="Quyết định 1/QĐ-BTTTT", max_score=1000, published=True,
    )  # fmt: skip
    IndexResult.objects.create(edition=edition, province=province.root, score=500, rank=3, **source)
    IndicatorFactory(province=province.root, code="VP_OWN")
    SignedExport.objects.create(
        province=province.root, sha256="0" * 64, signer="CN=Giám đốc Sở",
        signed_at=dt.datetime(2017, 1, 5, 9, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    period_close(period=setup.period, roots={province.root.pk})
    for role in (Role.REPORTER, Role.REVIEWER, Role.ADMIN):
        user_with_role(role, province.district)


@pytest.fixture
def first_rows(province: Province) -> dict[str, set[Any]]:
    _first_province(province)
    found: dict[str, set[Any]] = {}
    # The admin's models, and those only the portal's pages and the API show.
    for model in {*admin.site._registry, *(apps.get_model(label) for label in PROVINCE_SCOPES)}:
        label = model._meta.label_lower
        found[label] = {row.pk for row in model.objects.all() if not _national(row)}
    return found


@pytest.fixture
def second(first_rows: dict[str, set[Any]]) -> dict[str, User]:
    other = make_province("BT", "Bình Thuận")
    return {
        "bt_reviewer": user_with_role(Role.REVIEWER, other.root, is_staff=True),
        "bt_admin": user_with_role(Role.ADMIN, other.root, is_staff=True),
    }


def test_the_first_province_has_rows_of_every_scoped_model(
    first_rows: dict[str, set[Any]],
) -> None:
    scoped = {label for label, scope in PROVINCE_SCOPES.items() if scope is not None}
    assert {label for label in scoped if not first_rows.get(label)} == set()


def test_every_admin_shows_the_second_province_no_row_of_the_first(
    first_rows: dict[str, set[Any]], second: dict[str, User]
) -> None:
    seen_through = set()
    for role, user in second.items():
        request = RequestFactory().get("/admin/")
        request.user = user
        for model, model_admin in admin.site._registry.items():
            if not (
                model_admin.has_view_permission(request)
                or model_admin.has_module_permission(request)
            ):
                continue
            label = model._meta.label_lower
            seen_through.add(label)
            shown = set(model_admin.get_queryset(request).values_list("pk", flat=True))
            leaked = shown & first_rows[label]
            assert not leaked, f"{role} sees {len(leaked)} {label} of the first province"
    # Every model the province staff reach in the admin has a province scope.
    assert seen_through <= set(PROVINCE_SCOPES)
    assert {"units.user", "reports.evidencefile", "directives.task"} <= seen_through


# Every viewset of the API router, by basename, with the model it lists.
API_MODELS = {
    "unit": Unit, "directive": Directive, "indicator": Indicator, "period": Period,
    "submission": Submission, "index-result": IndexResult,
}  # fmt: skip


def _api_routes() -> dict[str, Any]:
    """The router's viewsets by basename, from their `-list` routes (the publications' feed
    is a view of its own: test_the_feed_lists_the_second_province_no_entry_of_the_first)."""
    routes = {}
    pending = list(get_resolver("config.api_urls").url_patterns)
    while pending:
        entry = pending.pop()
        if isinstance(entry, URLResolver):
            pending += entry.url_patterns
        elif (entry.name or "").endswith("-list") and issubclass(
            getattr(entry.callback, "cls", object), GenericViewSet
        ):
            routes[entry.name.removesuffix("-list")] = entry.callback.cls
    return routes


def test_every_api_list_and_detail_shows_the_second_province_no_row_of_the_first(
    first_rows: dict[str, set[Any]], second: dict[str, User]
) -> None:
    routes = _api_routes()
    assert set(routes) == set(API_MODELS), "a new API viewset: name its model in API_MODELS"
    for role, user in second.items():
        client = signed_in(user)
        for basename, viewset in routes.items():
            model = API_MODELS[basename]
            field = "id" if viewset.lookup_field == "pk" else viewset.lookup_field
            first = set(
                model.objects.filter(pk__in=first_rows[model._meta.label_lower]).values_list(
                    "pk" if field == "id" else field, flat=True
                )
            )
            rows = client.get(reverse(f"{basename}-list"), {"page_size": 500}).json()
            listed = {row[field] for row in rows["results"]}
            assert not listed & first, f"{role} lists {basename}s of the first province"
            if not hasattr(viewset, "retrieve"):
                continue  # a list without detail pages (the index results)
            for key in sorted(first):
                answer = client.get(reverse(f"{basename}-detail", args=[key]))
                assert answer.status_code == 404, f"{role} reads {basename} {key}"


def test_the_feed_lists_the_second_province_no_entry_of_the_first(
    first_rows: dict[str, set[Any]], second: dict[str, User], admin_user: User
) -> None:
    first = first_rows["reports.feedentry"]
    assert first
    for role, user in second.items():
        entries = signed_in(user).get(reverse("feed")).json()["entries"]
        assert not {entry["cursor"] for entry in entries} & first, role
    everyone = signed_in(admin_user).get(reverse("feed")).json()["entries"]
    assert first <= {entry["cursor"] for entry in everyone}


def test_the_feed_reads_the_one_province_scope(
    first_rows: dict[str, set[Any]], second: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the feed's own role rule (publishing_roots) set aside, in_provinces alone keeps the
    first province's entries from the second's officer; without it, they would show."""
    monkeypatch.setattr("reports.publications.selectors.publishing_roots", lambda user: None)
    officer = signed_in(second["bt_reviewer"])

    def cursors() -> set[int]:
        return {entry["cursor"] for entry in officer.get(reverse("feed")).json()["entries"]}

    assert not cursors() & first_rows["reports.feedentry"]
    monkeypatch.setitem(PROVINCE_SCOPES, "reports.feedentry", None)
    assert cursors() == set(FeedEntry.objects.values_list("pk", flat=True))


def test_a_superuser_sees_both_provinces(
    first_rows: dict[str, set[Any]], second: dict[str, User], admin_user: User
) -> None:
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in PROVINCE_SCOPES:
            shown = set(model_admin.get_queryset(request).values_list("pk", flat=True))
            assert first_rows[label] <= shown, label


def test_the_scope_alone_keeps_each_province_to_its_rows(
    province: Province, first_rows: dict[str, set[Any]], second: dict[str, User]
) -> None:
    ours = user_with_role(Role.REPORTER, province.root)
    for label, scope in PROVINCE_SCOPES.items():
        if scope is None:
            continue
        model = apps.get_model(label)
        theirs = set(
            in_provinces(model.objects.all(), second["bt_reviewer"]).values_list("pk", flat=True)
        )
        assert not theirs & first_rows[label], label
        assert first_rows[label] <= set(
            in_provinces(model.objects.all(), ours).values_list("pk", flat=True)
        ), label


def test_a_model_without_a_province_scope_is_refused(outsider: User) -> None:
    with pytest.raises(ImproperlyConfigured, match="no province scope"):
        in_provinces(Group.objects.all(), outsider)
