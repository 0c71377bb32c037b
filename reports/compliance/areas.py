"""Which part of a province the figures a user reads cover (dashboards, API, exports)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from directives.models import Directive
from units.models import Unit
from units.permissions import (
    Action,
    allowed,
    depths_of,
    in_subtree_of,
    member_unit_ids,
    root_id_of,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def directive_root(directive: Directive) -> Unit:
    """The root of the directive's province, read once per Directive object (a dashboard page
    needs it for the area and for the filters)."""
    root = getattr(directive, "_root_unit", None)
    if root is None:
        root = directive._root_unit = Unit.objects.get(pk=root_id_of(directive.report_to))
    return root


def figures_area(
    *, user: User | AnonymousUser, directive: Directive, code: str | None = None
) -> Unit:
    """The unit whose subtree the figures cover: `code` when the user may see it (404 when
    it is not in the directive's province, 403 when not theirs), else the highest unit the
    user sees in that province (its root for provincial leaders and DIC officers)."""
    root = directive_root(directive)
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or root_id_of(unit) != root.pk:
            raise Http404
        if not allowed(user, Action.UNIT_VIEW, unit):
            raise PermissionDenied
        return unit
    if allowed(user, Action.UNIT_VIEW, root):
        return root
    own = member_unit_ids(user)
    candidates = list(Unit.objects.filter(in_subtree_of(root.pk), pk__in=own))
    if not candidates:
        raise PermissionDenied
    if len(candidates) > 1:  # the highest first; the depths cost a query only then
        depths = depths_of({u.pk for u in candidates})
        candidates.sort(key=lambda u: (depths[u.pk], u.name))
    return candidates[0]
