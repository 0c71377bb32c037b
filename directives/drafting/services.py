"""Drafting against the database: the province's units, levels, aliases and the indicator
catalogue go in, a draft comes out (nothing saved); saving goes through the normal import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError
from directives.drafting.builder import Province, build_draft
from directives.drafting.catalogue import IndicatorRef
from directives.drafting.fold import clean, fold
from directives.drafting.text import check_text, read_upload
from directives.drafting.units_match import UnitRef
from directives.models import UnitNameAlias
from directives.services import DirectiveImportResult, directive_import
from indicators.selectors import indicators_of_province
from units.models import Level, Unit
from units.permissions import Action, allowed

if TYPE_CHECKING:
    from units.models import User


class NotYourProvince(DomainError):
    status_code = 403


def province_of(*, code: str, user: User) -> Unit:
    """The province (a root unit) whose directives `user` may manage, by its code."""
    root = Unit.objects.filter(code=code, parent__isnull=True).first()
    if root is None:
        raise DomainError(_("Không có tỉnh mã %(code)s.") % {"code": code})
    if not allowed(user, Action.DIRECTIVE_MANAGE, root):
        raise NotYourProvince(_("Bạn không quản lý văn bản của tỉnh %(code)s.") % {"code": code})
    return root


def province_units(root: Unit):
    """The province's active units, for mapping a name and for the draft page's choices."""
    return (
        Unit.objects.descendants(root.pk, include_self=True)
        .filter(active=True)
        .select_related("level")
        .order_by("code")
    )


def province_data(root: Unit) -> Province:
    units = [
        UnitRef(u.code, u.name, u.level.code, u.pk == root.pk)
        for u in Unit.objects.descendants(root.pk, include_self=True)
        .filter(active=True)
        .select_related("level")
    ]
    indicators = [
        IndicatorRef(i.code, i.name, i.kind, i.numerator_label, i.denominator_label, i.display_unit)
        for i in indicators_of_province(root)
    ]
    aliases = dict(UnitNameAlias.objects.filter(root=root).values_list("name", "unit__code"))
    levels = set(Level.objects.values_list("code", flat=True))
    return Province(units, levels, indicators, aliases)


def directive_draft(
    *, root: Unit, text: str | None = None, data: bytes | None = None, filename: str = ""
) -> dict[str, Any]:
    """The draft of a directive from its text or file, with the notes that explain it."""
    if data is not None:
        text = read_upload(data, filename)
    text = clean(text or "")
    check_text(text, fold(text))
    result = build_draft(text, province_data(root))
    result["text"] = text
    return result


def unit_alias_remember(*, root: Unit, name: str, unit: Unit, by: User) -> UnitNameAlias:
    """A document's name for a unit, used by every later draft of the province."""
    folded = " ".join(fold(name).split())
    if not folded:
        raise DomainError(_("Tên đơn vị trống."))
    if not Unit.objects.descendants(root.pk, include_self=True).filter(pk=unit.pk).exists():
        raise DomainError(_("Đơn vị %(code)s không thuộc tỉnh này.") % {"code": unit.code})
    with transaction.atomic():
        alias, _created = UnitNameAlias.objects.update_or_create(
            root=root, name=folded, defaults={"unit": unit, "created_by": by}
        )
    return alias


def draft_yaml(draft: dict[str, Any]) -> bytes:
    return yaml.safe_dump(draft, allow_unicode=True, sort_keys=False).encode("utf-8")


def directive_draft_save(*, draft: dict[str, Any], by: User) -> DirectiveImportResult:
    """The corrected draft as a directive file, through the normal all-or-nothing import."""
    return directive_import(data=draft_yaml(draft), by=by)
