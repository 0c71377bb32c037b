"""The public pages of published figures (no login): a province's publications, one
publication with its trend and charts, and its open data files. Only live publications are
reachable: anything else is a 404, the same as a page that never existed."""

from __future__ import annotations

import hashlib
from functools import cache as once

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports.publications.api import PublicThrottle
from reports.publications.models import Publication
from reports.publications.opendata import FORMATS, open_file
from reports.publications.selectors import (
    live_publication,
    live_publications,
    public_page,
    public_province,
)
from units.models import Unit
from units.permissions import Action, allowed

LANGUAGES = ("vi", "en")
CACHE_SECONDS = 24 * 3600
BODY_TEMPLATES = ("reports/public_publication_body.html", "reports/dashboard_chart.html")


@once
def _markup_version() -> str:
    """A digest of the cached body's templates, read once per process: a deployment that
    changes the markup serves new pages at once instead of a day of old cached ones."""
    sources = [get_template(name).template.source for name in BODY_TEMPLATES]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()[:12]


def _throttled(request: HttpRequest) -> HttpResponse | None:
    if PublicThrottle().allow_request(request, None):
        return None
    return HttpResponse(_("Quá nhiều yêu cầu; hãy thử lại sau."), status=429)


def _language(request: HttpRequest) -> str:
    """`?lang=en` makes a shareable English link; otherwise the visitor's language."""
    asked = request.GET.get("lang")
    return asked if asked in LANGUAGES else translation.get_language() or "vi"


def _province(code: str) -> Unit:
    province = public_province(code)
    if province is None:
        raise Http404
    return province


def _publication(code: str, pk: int) -> Publication:
    publication = live_publication(province=_province(code), pk=pk)
    if publication is None:
        raise Http404
    return publication


@require_GET
def public_index(request: HttpRequest, code: str) -> HttpResponse:
    refused = _throttled(request)
    if refused:
        return refused
    province = _province(code)
    with translation.override(_language(request)):
        context = {"province": province, "publications": live_publications(province=province)}
        return render(request, "reports/public_index.html", context)


@require_GET
def public_publication(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    refused = _throttled(request)
    if refused:
        return refused
    publication = _publication(code, pk)
    language = _language(request)
    # The body is the same for every visitor: cached per publication (a new version, new markup
    # or a withdrawal changes the key or makes the page a 404 before the cache is read).
    key = (
        f"public-publication:{publication.pk}:v{publication.version}:{language}:{_markup_version()}"
    )
    with translation.override(language):
        body = cache.get(key)
        if body is None:
            page = public_page(publication)
            body = render_to_string("reports/public_publication_body.html", {"page": page})
            cache.set(key, body, CACHE_SECONDS)
        may_withdraw = allowed(request.user, Action.PUBLISH, publication.directive)
        context = {"publication": publication, "body": body, "language": language,
                   "may_withdraw": may_withdraw}  # fmt: skip
        return render(request, "reports/public_publication.html", context)


@require_GET
def public_download(request: HttpRequest, code: str, pk: int, fmt: str) -> HttpResponse:
    refused = _throttled(request)
    if refused:
        return refused
    if fmt not in FORMATS:
        raise Http404
    found = open_file(_publication(code, pk), fmt)
    response = HttpResponse(found.body, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.name}"'
    return response


urlpatterns = [
    path("public/<str:code>/", public_index, name="public_index"),
    path("public/<str:code>/<int:pk>/", public_publication, name="public_publication"),
    path("public/<str:code>/<int:pk>/data.<str:fmt>", public_download, name="public_download"),
]
