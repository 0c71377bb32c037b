"""The draft page: paste or upload a directive, correct the draft beside its text, save it
through the normal import."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.errors import DomainError, ImportRejected
from directives.drafting import selectors, services
from directives.drafting.builder import build_draft
from directives.drafting.forms import DraftStartForm, draft_from_post
from directives.models import Directive
from units.models import Unit


def _provinces(request: HttpRequest) -> list[Unit]:
    provinces = selectors.draft_provinces(request.user)
    if not provinces:
        raise PermissionDenied
    return provinces


def _province(request: HttpRequest, provinces: list[Unit]) -> Unit | None:
    code = request.POST.get("province", "")
    return next((p for p in provinces if p.code == code), None)


def _review(
    request: HttpRequest, root: Unit, text: str, result: dict[str, Any], *, status: int = 200,
    problems: list | None = None,
) -> HttpResponse:  # fmt: skip
    units = list(services.province_units(root))
    context = {
        "province": root,
        "text": text,
        "draft": result["draft"],
        "indicators_json": json.dumps(
            [i for i in result["draft"]["indicators"] if "name" in i], ensure_ascii=False
        ),
        "pieces": selectors.source_pieces(text, result["notes"]),
        "unmatched": [n for n in result["notes"] if n["rule"] == "unmatched_unit"],
        "rules": {n["path"]: n["rule"] for n in result["notes"] if n.get("path")},
        "units": units,
        "kinds": Directive.Kind.choices,
        "problems": problems or [],
    }
    return render(request, "directives/draft_review.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def draft_start(request: HttpRequest) -> HttpResponse:
    provinces = _provinces(request)
    choices = [(p.code, p.name) for p in provinces]
    form = DraftStartForm(request.POST or None, request.FILES or None, provinces=choices)
    if request.method == "POST" and form.is_valid():
        root = _province(request, provinces)
        upload = form.cleaned_data.get("file")
        try:
            if upload is not None:
                result = services.directive_draft(
                    root=root, data=upload.read(), filename=upload.name
                )
            else:
                result = services.directive_draft(root=root, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _review(request, root, result["text"], result)
    status = 400 if request.method == "POST" else 200
    return render(request, "directives/draft_start.html", {"form": form}, status=status)


@require_POST
@login_required
def draft_aliases(request: HttpRequest) -> HttpResponse:
    """Names mapped to units are remembered for the province, then the text is drafted again."""
    root = _province(request, _provinces(request))
    if root is None:
        raise PermissionDenied
    units = {u.code: u for u in services.province_units(root)}
    for key, name in request.POST.items():
        if key.startswith("alias-") and key.endswith("-name"):
            code = request.POST.get(key.removesuffix("-name") + "-unit", "")
            if code in units:
                services.unit_alias_remember(
                    root=root, name=name, unit=units[code], by=request.user
                )
    text = request.POST.get("text", "")
    try:
        result = services.directive_draft(root=root, text=text)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("directives:draft")
    messages.success(request, _("Đã ghi nhớ tên đơn vị và soạn lại bản nháp."))
    return _review(request, root, result["text"], result)


@require_POST
@login_required
def draft_save(request: HttpRequest) -> HttpResponse:
    """The corrected draft goes through the normal import: all of it, or nothing and why."""
    root = _province(request, _provinces(request))
    if root is None:
        raise PermissionDenied
    draft = draft_from_post(request.POST)
    try:
        result = services.directive_draft_save(draft=draft, by=request.user)
    except ImportRejected as error:
        notes = build_draft(request.POST.get("text", ""), services.province_data(root))["notes"]
        again = {"draft": draft, "notes": notes}
        return _review(request, root, request.POST.get("text", ""), again, status=400,
                       problems=[str(p) for p in error.problems])  # fmt: skip
    except DomainError as error:
        notes = build_draft(request.POST.get("text", ""), services.province_data(root))["notes"]
        again = {"draft": draft, "notes": notes}
        return _review(request, root, request.POST.get("text", ""), again, status=400,
                       problems=[error.message])  # fmt: skip
    messages.success(request, _("Đã nạp văn bản từ bản nháp."))
    return redirect("directives:detail", pk=result.directive.pk)
