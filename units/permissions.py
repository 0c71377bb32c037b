"""The one place that answers "may this user do X on this object".

Roles are memberships in units. reporter and unit_head act on their own unit only; reviewer,
leader and admin cover the subtree of the unit they belong to; Django superusers are admins
everywhere. Views, the API and the admin all ask `allowed()` or `visible_units()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from units.models import Membership, Role, Unit, UnitEvent, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

SUBTREE_ROLES = frozenset({Role.REVIEWER, Role.LEADER, Role.ADMIN})
# A rule answers "may this user do it on this object".
Rule = Callable[["User | AnonymousUser", Any], bool]


class Action(StrEnum):
    UNIT_VIEW = "unit.view"
    UNITS_MANAGE = "units.manage"
    UNIT_EVENT_VIEW = "unit_event.view"
    DIRECTIVE_VIEW = "directive.view"
    DIRECTIVE_MANAGE = "directive.manage"
    PERIOD_MANAGE = "period.manage"
    REVIEW = "review"
    SUBMISSION_VIEW = "submission.view"
    SUBMISSION_EDIT = "submission.edit"
    SUBMISSION_SUBMIT = "submission.submit"
    SUBMISSION_REVIEW = "submission.review"
    SUBMISSION_ACCEPT = "submission.accept"
    TASK_BOARD = "task.board"
    AUDIT_VIEW = "audit.view"
    EXPORT = "export"
    EXPORT_SIGN = "export.sign"
    # Published figures the province does not collect from its units (ranks, index scores).
    EXTERNAL_FIGURE_ENTER = "external_figure.enter"
    INDEX_VIEW = "index.view"
    PUBLISH = "publish"


@dataclass
class Grants:
    """A user's memberships, loaded once per request: role -> unit ids."""

    superuser: bool = False
    by_role: dict[str, set[int]] = field(default_factory=dict)
    # Subtree roles held through succession, for reading only: a reviewer, leader or admin of a
    # unit reads the history of the units merged into it (a province absorbed by another, a
    # department merged into today's), never acts on it.
    inherited: dict[str, set[int]] = field(default_factory=dict)
    # Roots of the subtrees whose figures the user may export (see exportable_units).
    export_roots: set[int] | None = None
    # Roots of the provinces where the user holds a role (see member_root_ids).
    member_roots: set[int] | None = None
    # The same, with the provinces whose history the user reads through succession.
    read_roots: set[int] | None = None
    # Unit id -> its root, for the units whose root this request has already climbed to
    # (roots_of with this user): a unit never leaves its province.
    roots: dict[int, int] = field(default_factory=dict)

    def units(self, *roles: str) -> set[int]:
        return set().union(*(self.by_role.get(role, set()) for role in roles))

    def read_units(self, *roles: str) -> set[int]:
        """`units`, and those held through succession (reading only)."""
        return self.units(*roles).union(*(self.inherited.get(role, set()) for role in roles))

    def held(self, *roles: str, reading: bool) -> set[int]:
        """`read_units` for a reading rule, else `units`."""
        return self.read_units(*roles) if reading else self.units(*roles)


def grants_for(user: User | AnonymousUser) -> Grants:
    if not user.is_authenticated or not user.is_active:
        return Grants()
    cached = getattr(user, "_chitieu_grants", None)
    if cached is None:
        cached = Grants(superuser=user.is_superuser)
        for role, unit_id, own in _held_units(user.pk):
            held = cached.by_role if own else cached.inherited
            held.setdefault(role, set()).add(unit_id)
        user._chitieu_grants = cached  # type: ignore[union-attr]  # a per-request cache on the user object
    return cached


def _held_units(user_id: int) -> list[tuple[str, int, int]]:
    """(role, unit id, 1 for a membership / 0 through succession), in one query: a subtree role
    on a unit also reaches, for reading, every unit a merger, split or abolition dated up to
    today closed into it, and theirs in turn (the successor of unit-changes.md)."""
    table = connection.ops.quote_name
    event = UnitEvent._meta
    before = UnitEvent.before.through._meta
    closing = UnitEvent.CLOSING
    subtree = sorted(SUBTREE_ROLES)
    # Only table names and placeholders are formatted in; every value goes as a parameter.
    sql = (
        f"WITH RECURSIVE held (role, unit_id, own) AS ("  # noqa: S608
        f" SELECT role, unit_id, 1 FROM {table(Membership._meta.db_table)} WHERE user_id = %s"
        f" UNION"
        f" SELECT held.role, b.unit_id, 0 FROM held"
        f" JOIN {table(event.db_table)} e ON e.successor_id = held.unit_id"
        f" JOIN {table(before.db_table)} b ON b.unitevent_id = e.id"
        f" WHERE held.role IN ({', '.join(['%s'] * len(subtree))})"
        f" AND e.kind IN ({', '.join(['%s'] * len(closing))})"
        f" AND e.effective_on <= %s AND b.unit_id <> e.successor_id)"
        f" SELECT role, unit_id, own FROM held"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, *subtree, *closing, timezone.localdate().isoformat()])
        return cursor.fetchall()


def _subtrees(unit_ids: set[int]) -> Q:
    """A condition on Unit matching the subtrees of `unit_ids`, answered in the same SQL query
    by walking down from these units only (the tree fields' `descendants` walks every unit of
    every province first: 6 ms of My reports at 1,000 units, for what this reads in under 1)."""
    if not unit_ids:
        return Q(pk__in=[])
    table = connection.ops.quote_name(Unit._meta.db_table)
    marks = ", ".join(["%s"] * len(unit_ids))
    # Only the table's own name and placeholders are formatted in; the ids go as parameters.
    walk = (
        f"WITH RECURSIVE down (id) AS (SELECT id FROM {table} WHERE id IN ({marks})"  # noqa: S608
        f" UNION ALL SELECT u.id FROM {table} u JOIN down ON u.parent_id = down.id)"
        " SELECT id FROM down"
    )
    return Q(pk__in=RawSQL(walk, sorted(unit_ids)))  # noqa: S611


def rooted_in(roots: set[int], starts: QuerySet[Any]) -> Q:
    """A condition on Unit matching the units among `starts` (a `values()` query of unit ids)
    whose tree's root is one of `roots`, climbing up from those units only: for rows that are
    few in a province (its directives), cheaper than walking down every unit of it."""
    if not roots:
        return Q(pk__in=[])
    inner, params = starts.query.sql_with_params()
    marks = ", ".join(["%s"] * len(roots))
    # Django's compiled query and placeholders are formatted in; the ids go as parameters.
    climb = f"{_climbing(inner)} SELECT start FROM up WHERE parent_id IS NULL AND id IN ({marks})"  # noqa: S608
    return Q(pk__in=RawSQL(climb, (*params, *sorted(roots))))  # noqa: S611


def _above(unit_id: int, *, include_self: bool) -> Q:
    """A condition on Unit matching the ancestors of `unit_id` (and it, with `include_self`),
    walking up from it alone (the tree fields' `ancestors` walks every unit of every province
    first to find the unit's path)."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    start = "id" if include_self else "parent_id"
    # Only the table's own name and a column name are formatted in; the id goes as a parameter.
    walk = (
        f"WITH RECURSIVE up (id) AS (SELECT {start} FROM {table} WHERE id = %s"  # noqa: S608
        f" UNION ALL SELECT u.parent_id FROM {table} u JOIN up ON u.id = up.id"
        f" WHERE u.parent_id IS NOT NULL)"
        " SELECT id FROM up"
    )
    return Q(pk__in=RawSQL(walk, [unit_id]))  # noqa: S611


def units_where(
    user: User | AnonymousUser, roles: frozenset[str] | set[str], *, reading: bool = False
) -> QuerySet[Unit]:
    """Units on which the user holds one of `roles` (directly, or through a subtree role);
    `reading`: with the units held through succession."""
    grants = grants_for(user)
    if grants.superuser:
        return Unit.objects.all()
    own = grants.units(*(roles - SUBTREE_ROLES))
    subtree = grants.held(*(roles & SUBTREE_ROLES), reading=reading)
    if not own and not subtree:
        return Unit.objects.none()
    return Unit.objects.filter(Q(pk__in=own) | _subtrees(subtree))


def visible_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    return units_where(user, set(Role.values), reading=True)


def root_ids_of(user: User | AnonymousUser) -> set[int] | None:
    """Ids of the tree roots (provinces) whose data the user reads: those he works in and
    those merged into them; None means every root."""
    grants = grants_for(user)
    if grants.superuser:
        return None
    if grants.read_roots is None:
        inherited = grants.read_units(*SUBTREE_ROLES) - grants.units(*SUBTREE_ROLES)
        grants.read_roots = member_root_ids(user) | (
            set(roots_of(inherited).values()) if inherited else set()
        )
    return set(grants.read_roots)


def root_id_of(unit: Unit, *, user: User | AnonymousUser | None = None) -> int:
    """Kept on the unit object: a unit never leaves its province (units.importers). With
    `user`, a root this user's request has already climbed to is not climbed to again."""
    if unit.parent_id is None:
        return unit.pk
    if "_root_id" not in unit.__dict__:
        unit.__dict__["_root_id"] = roots_of({unit.pk}, user=user)[unit.pk]
    return unit.__dict__["_root_id"]


def roots_of(unit_ids: set[int], *, user: User | AnonymousUser | None = None) -> dict[int, int]:
    """unit id -> the id of its tree's root, climbing the parent links from these units only
    (the tree fields' CTE walks every unit of every province: ~20 ms a call at 1,000 units,
    and pages ask several times). With `user`, the roots already found for this user's request
    are not climbed to again (his own units' roots are read with his grants)."""
    known = grants_for(user).roots if user is not None and user.is_authenticated else None
    if known is None:
        return _roots(unit_ids)
    missing = unit_ids - known.keys()
    if missing:
        known.update(_roots(missing))
    return {pk: known[pk] for pk in unit_ids if pk in known}


def _roots(unit_ids: set[int]) -> dict[int, int]:
    return {start: unit_id for start, unit_id, parent_id in _climb(unit_ids) if parent_id is None}


def _climbing(starts: str) -> str:
    """The recursive part of a climb: `up` (start, id, parent_id) holds each unit whose id is
    in `starts` (SQL: placeholders or a subquery) and each of its ancestors."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    # Only the table's own name and the caller's SQL are formatted in.
    return (
        f"WITH RECURSIVE up (start, id, parent_id) AS ("  # noqa: S608
        f" SELECT id, id, parent_id FROM {table} WHERE id IN ({starts})"
        f" UNION ALL"
        f" SELECT up.start, u.id, u.parent_id FROM {table} u JOIN up ON u.id = up.parent_id)"
    )


def _climb(unit_ids: set[int]) -> list[tuple[int, int, int | None]]:
    """(start, unit id, its parent's id) for each of `unit_ids` and each of its ancestors."""
    marks = ", ".join(["%s"] * len(unit_ids))
    # Placeholders are formatted in; the ids go as parameters.
    sql = f"{_climbing(marks)} SELECT start, id, parent_id FROM up"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(unit_ids))
        return cursor.fetchall()


def depths_of(unit_ids: set[int]) -> dict[int, int]:
    """unit id -> its depth in its tree (a root: 0), climbing from these units only."""
    depths: dict[int, int] = dict.fromkeys(unit_ids, -1)
    for start, _unit_id, _parent_id in _climb(unit_ids):
        depths[start] += 1
    return depths


def in_subtree_of(root_id: int) -> Q:
    """A condition on Unit: the unit `root_id` and everything under it (one walk down)."""
    return _subtrees({root_id})


def visible_among(user: User | AnonymousUser, unit_ids: set[int]) -> dict[int, int]:
    """Those of `unit_ids` in `visible_units(user)`, each with its root's id, in one query that
    climbs from these units only (`visible_units` walks the whole subtrees the user sees)."""
    if not unit_ids:
        return {}
    grants = grants_for(user)
    chains: dict[int, set[int]] = {}
    roots: dict[int, int] = {}
    for start, unit_id, parent_id in _climb(unit_ids):
        chains.setdefault(start, set()).add(unit_id)
        if parent_id is None:
            roots[start] = unit_id
    if grants.superuser:
        return roots
    own = grants.units(*(set(Role.values) - SUBTREE_ROLES))
    subtree = grants.read_units(*SUBTREE_ROLES)
    return {pk: root for pk, root in roots.items() if pk in own or chains[pk] & subtree}


def in_province_of(user: User | AnonymousUser, unit: Unit) -> bool:
    """Whether `unit` lies in a province whose rows the user reads: `in_provinces`' rule for one
    row, without listing the provinces' units."""
    roots = root_ids_of(user)
    # A unit the user holds a role on (his own unit's report): its root is already known.
    return roots is None or root_id_of(unit, user=user) in roots


def _is_in(
    user: User | AnonymousUser, roles: set[str], unit: Unit, *, reading: bool = False
) -> bool:
    grants = grants_for(user)
    if grants.superuser:
        return True
    if unit.pk in grants.units(*(roles - SUBTREE_ROLES)):
        return True
    subtree_roots = grants.held(*(roles & SUBTREE_ROLES), reading=reading)
    if not subtree_roots:
        return False
    if unit.pk in subtree_roots:
        return True
    return _ancestor_where(unit, pk__in=subtree_roots)


def _ancestor_where(unit: Unit, **conditions: Any) -> bool:
    """Whether one of the unit's ancestors meets `conditions` (a root has none: no query)."""
    if unit.parent_id is None:
        return False
    return Unit.objects.filter(_above(unit.pk, include_self=False), **conditions).exists()


def _directive_rule(roles: set[str]) -> Rule:
    """A directive belongs to the province of the unit it reports to."""

    def rule(user: User | AnonymousUser, directive: Any) -> bool:
        roots = root_ids_of(user)
        if roots is None:
            return True
        if not grants_for(user).read_units(*roles):
            return False
        return root_id_of(directive.report_to) in roots

    return rule


def _manage_rule(user: User | AnonymousUser, obj: Any = None) -> bool:
    if obj is None:
        return _review_anywhere(user)
    unit = obj if isinstance(obj, Unit) else obj.report_to
    return _is_in(user, {Role.REVIEWER, Role.ADMIN}, unit)


def _is_editable(submission: Any) -> bool:
    """A draft or returned report, in a period its province has open (or reopened alone)."""
    if submission.status not in ("draft", "returned"):
        return False
    return submission.reopened or submission.period.status_in(root_id_of(submission.unit)) == "open"


def _review_anywhere(user: User | AnonymousUser) -> bool:
    """Reviewers and admins anywhere have a review queue, even an empty one."""
    grants = grants_for(user)
    return grants.superuser or bool(grants.units(Role.REVIEWER, Role.ADMIN))


def _task_board_rule(user: User | AnonymousUser) -> bool:
    """Reviewers, leaders and admins follow the tasks of their subtree; unit staff do not."""
    grants = grants_for(user)
    return grants.superuser or bool(grants.units(*SUBTREE_ROLES))


def _period_rule(user: User | AnonymousUser) -> bool:
    """Periods are shared by every unit of the portal: only reviewers and admins of a whole
    province (a root unit) open and close them, not a district's reviewers."""
    grants = grants_for(user)
    if grants.superuser:
        return True
    managers = grants.units(Role.REVIEWER, Role.ADMIN)
    return bool(managers) and Unit.objects.filter(pk__in=managers, parent__isnull=True).exists()


def _submission_rule(roles: set[str], *, editable: bool = False) -> Rule:
    def rule(user: User | AnonymousUser, submission: Any) -> bool:
        if editable and not _is_editable(submission):
            return False
        return _is_in(user, roles, submission.unit, reading=not editable)

    return rule


def _submit_rule(user: User | AnonymousUser, submission: Any) -> bool:
    roles = (
        {Role.UNIT_HEAD, Role.REPORTER}
        if submission.unit.reporters_may_submit
        else {Role.UNIT_HEAD}
    )
    return _is_editable(submission) and _is_in(user, roles, submission.unit)


def _review_rule(user: User | AnonymousUser, submission: Any) -> bool:
    """Reviewers review their subtree, except levels a deployment delegates: with
    {"commune": "district"}, a commune's report is reviewed by its district's reviewers."""
    grants = grants_for(user)
    if grants.superuser or _is_in(user, {Role.ADMIN}, submission.unit):
        return True
    reviewer_units = grants.units(Role.REVIEWER)
    if not reviewer_units:
        return False
    delegated_to = settings.CHITIEU_REVIEW_DELEGATION.get(submission.unit.level.code)
    if delegated_to is None:
        return _is_in(user, {Role.REVIEWER}, submission.unit)
    return _ancestor_where(submission.unit, level__code=delegated_to, pk__in=reviewer_units)


def roles_of(user: User | AnonymousUser) -> set[str]:
    """The roles the user holds on some unit; a superuser counts as an admin."""
    grants = grants_for(user)
    return set(grants.by_role) | ({Role.ADMIN} if grants.superuser else set())


def member_unit_ids(user: User | AnonymousUser, *roles: str) -> set[int]:
    """Ids of the units the user is a member of with one of `roles` (any role when none is
    given): the memberships themselves, not the subtrees they cover."""
    return grants_for(user).units(*(roles or Role.values))


def reviewable_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """The queryset form of `_review_rule`: the units whose reports the user reviews (the
    review queue, the periods page and the digests filter reports with it)."""
    grants = grants_for(user)
    if grants.superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[])
    admin_units = grants.units(Role.ADMIN)
    if admin_units:
        condition |= _subtrees(admin_units)
    reviewer_units = grants.units(Role.REVIEWER)
    if reviewer_units:
        delegation: dict[str, str] = settings.CHITIEU_REVIEW_DELEGATION
        condition |= _subtrees(reviewer_units) & ~Q(level__code__in=sorted(delegation))
        for level_code, delegated_to in sorted(delegation.items()):
            for unit_id in sorted(reviewer_units):
                below = Unit.objects.descendants(unit_id).filter(level__code=level_code)
                condition |= Q(pk__in=below.values("pk")) & Q(
                    Exists(Unit.objects.filter(pk=unit_id, level__code=delegated_to))
                )
    return Unit.objects.filter(condition)


def accepts_own_report(user: User | AnonymousUser | None, submission: Any) -> bool:
    """Separation of duties: whoever sent a report may not accept it, superusers included,
    unless the deployment allows it (CHITIEU_ALLOW_SELF_ACCEPT, for one-person units)."""
    if settings.CHITIEU_ALLOW_SELF_ACCEPT or user is None or not user.is_authenticated:
        return False
    return submission.submitted_by_id == user.pk


def _accept_rule(user: User | AnonymousUser, submission: Any) -> bool:
    return _review_rule(user, submission) and not accepts_own_report(user, submission)


def _audit_rule(user: User | AnonymousUser, obj: Any) -> bool:
    """The change history of a report or a directive: its reviewers and admins (those who
    answer "who changed this value and when"), over the subtree they cover."""
    unit = obj.unit if hasattr(obj, "unit") else obj.report_to
    return _is_in(user, {Role.REVIEWER, Role.ADMIN}, unit, reading=True)


def _unit_event_rule(user: User | AnonymousUser, event: Any) -> bool:
    """A change to the unit tree (and its decision's file): the reviewers and admins who keep
    the units it changed, before or after. The portal has no page of these events; they are
    kept in the admin, which these roles manage."""
    if grants_for(user).superuser:
        return True
    managed = units_where(user, {Role.REVIEWER, Role.ADMIN})
    changed = Unit.objects.filter(Q(events_as_before=event) | Q(events_as_after=event))
    return changed.filter(pk__in=managed.values("pk")).exists()


def exportable_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """Units whose figures the user may export: leaders and admins their subtree, DIC officers
    (reviewers on a province's root unit) their whole province; not a district's reviewers."""
    grants = grants_for(user)
    if grants.superuser:
        return Unit.objects.all()
    roots = _export_roots(grants)
    return Unit.objects.filter(_subtrees(roots)) if roots else Unit.objects.none()


def _export_roots(grants: Grants) -> set[int]:
    """Exporting figures is reading them: the history merged into the user's units included."""
    if grants.export_roots is None:
        reviewer_units = grants.read_units(Role.REVIEWER)
        provinces = Unit.objects.filter(pk__in=reviewer_units, parent__isnull=True)
        grants.export_roots = grants.read_units(Role.LEADER, Role.ADMIN) | (
            set(provinces.values_list("pk", flat=True)) if reviewer_units else set()
        )
    return grants.export_roots


def _export_rule(user: User | AnonymousUser, unit: Unit | None = None) -> bool:
    grants = grants_for(user)
    if unit is None:
        return grants.superuser or bool(_export_roots(grants))
    return exportable_units(user).filter(pk=unit.pk).exists()


def signing_provinces(user: User | AnonymousUser) -> QuerySet[Unit]:
    """Provinces (root units) whose official reports the user signs, and whose signed reports
    he sees in the admin: their DIC officers (reviewers and admins on the root unit); a
    superuser every province."""
    grants = grants_for(user)
    if grants.superuser:
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(pk__in=grants.units(Role.REVIEWER, Role.ADMIN), parent__isnull=True)


def _export_sign_rule(user: User | AnonymousUser, export: Any = None) -> bool:
    """Signing an official report in the province's name. Without an export: anywhere at all."""
    if grants_for(user).superuser:
        return True
    officer_of = signing_provinces(user)
    if export is None:
        return officer_of.exists()
    return officer_of.filter(pk=root_id_of(export.area)).exists()


INDEX_ROLES = frozenset({Role.REVIEWER, Role.ADMIN, Role.LEADER})


def officer_provinces(
    user: User | AnonymousUser, roles: frozenset[str] | set[str], *, reading: bool = False
) -> QuerySet[Unit]:
    """The provinces (root units) where the user holds one of `roles` on the root itself
    (a superuser: none of his own; he is allowed everywhere by the rules below); `reading`:
    with the provinces merged into them."""
    roots = grants_for(user).held(*roles, reading=reading)
    return Unit.objects.filter(pk__in=roots, parent__isnull=True)


def index_view_provinces(user: User | AnonymousUser) -> QuerySet[Unit]:
    """The provinces whose index scores and results the user reads (Action.INDEX_VIEW), as a
    queryset for lists and the API."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if grants_for(user).superuser:
        return Unit.objects.filter(parent__isnull=True)
    return officer_provinces(user, INDEX_ROLES, reading=True)


def _province_officer_rule(roles: set[str], *, reading: bool = False) -> Rule:
    """Officers holding one of `roles` on a province's root unit (or superusers). With the
    root unit: that province; without: any province at all."""

    def rule(user: User | AnonymousUser, root: Unit | None = None) -> bool:
        if grants_for(user).superuser:
            return True
        provinces = officer_provinces(user, roles, reading=reading)
        return (
            provinces.exists() if root is None else provinces.filter(pk=root_id_of(root)).exists()
        )

    return rule


def publishing_roots(user: User | AnonymousUser) -> set[int] | None:
    """Roots of the provinces whose figures the user publishes (and reads the feed of): their
    DIC officers, reviewers and admins on the root unit. None: every province (superusers)."""
    grants = grants_for(user)
    if grants.superuser:
        return None
    managers = grants.units(Role.REVIEWER, Role.ADMIN)
    if not managers:
        return set()
    return set(
        Unit.objects.filter(pk__in=managers, parent__isnull=True).values_list("pk", flat=True)
    )


def _publish_rule(user: User | AnonymousUser, directive: Any = None) -> bool:
    """Publishing (and withdrawing) a directive's official figures to the public. Without a
    directive: anywhere at all."""
    roots = publishing_roots(user)
    if roots is None:
        return True
    if directive is None:
        return bool(roots)
    return root_id_of(directive.report_to) in roots


ALL_ROLES = set(Role.values)
_RULES = {
    Action.UNIT_VIEW: lambda user, unit: _is_in(user, ALL_ROLES, unit, reading=True),
    Action.UNITS_MANAGE: _manage_rule,
    Action.UNIT_EVENT_VIEW: _unit_event_rule,
    Action.DIRECTIVE_VIEW: _directive_rule(ALL_ROLES),
    Action.DIRECTIVE_MANAGE: _manage_rule,
    Action.PERIOD_MANAGE: lambda user, obj=None: _period_rule(user),
    Action.REVIEW: lambda user, obj=None: _review_anywhere(user),
    Action.SUBMISSION_VIEW: _submission_rule(ALL_ROLES),
    Action.SUBMISSION_EDIT: _submission_rule({Role.REPORTER, Role.UNIT_HEAD}, editable=True),
    Action.SUBMISSION_SUBMIT: _submit_rule,
    Action.SUBMISSION_REVIEW: _review_rule,
    Action.SUBMISSION_ACCEPT: _accept_rule,
    Action.TASK_BOARD: lambda user, obj=None: _task_board_rule(user),
    Action.AUDIT_VIEW: _audit_rule,
    Action.EXPORT: _export_rule,
    Action.EXPORT_SIGN: _export_sign_rule,
    Action.EXTERNAL_FIGURE_ENTER: _province_officer_rule({Role.REVIEWER, Role.ADMIN}),
    Action.INDEX_VIEW: _province_officer_rule(set(INDEX_ROLES), reading=True),
    Action.PUBLISH: _publish_rule,
}


def allowed(user: User | AnonymousUser, action: Action, obj: Any = None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    rule = _RULES[action]
    return rule(user, obj) if obj is not None or action in _OBJECTLESS else False


# Actions that may be asked without an object ("may this user import directives at all?").
_OBJECTLESS = {
    Action.UNITS_MANAGE,
    Action.DIRECTIVE_MANAGE,
    Action.PERIOD_MANAGE,
    Action.REVIEW,
    Action.TASK_BOARD,
    Action.EXPORT,
    Action.EXPORT_SIGN,
    Action.EXTERNAL_FIGURE_ENTER,
    Action.INDEX_VIEW,
    Action.PUBLISH,
}


def require(user: User | AnonymousUser, action: Action, obj: Any = None) -> None:
    if not allowed(user, action, obj):
        raise PermissionDenied


# --- What the admin offers: each model's rows and every foreign-key choice -------------------


def managed_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """Units the user keeps in the admin (reviewers' and admins' subtrees): the rows of the
    units admin and the only units a unit, directive, task or target may be tied to there."""
    return units_where(user, {Role.REVIEWER, Role.ADMIN})


def manageable_users(user: User | AnonymousUser) -> QuerySet[User]:
    """Accounts a province's admin may edit: never a superuser, and only one whose every role
    lies in the admin's subtree. An account with no role yet (just added) is his to finish
    unless it has staff status, which only a superuser grants."""
    grants = grants_for(user)
    if grants.superuser:
        return User.objects.all()
    if not grants.units(Role.ADMIN):
        return User.objects.none()
    admin_units = units_where(user, {Role.ADMIN})
    roles = Membership.objects.filter(user=OuterRef("pk"))
    return User.objects.filter(
        ~Exists(roles.exclude(unit__in=admin_units)),
        Q(Exists(roles)) | Q(is_staff=False),
        is_superuser=False,
    )


def manageable_memberships(user: User | AnonymousUser) -> QuerySet[Membership]:
    """Roles a province's admin may see and change: on units of his subtree, held by accounts
    he manages (a role of a shared or superuser account is not his to change)."""
    if grants_for(user).superuser:
        return Membership.objects.all()
    return Membership.objects.filter(
        unit__in=units_where(user, {Role.ADMIN}), user__in=manageable_users(user)
    )


def member_root_ids(user: User | AnonymousUser) -> set[int]:
    """Roots of the provinces where the user holds a role, a superuser's included (whose
    `root_ids_of` is "every root")."""
    grants = grants_for(user)
    if grants.member_roots is None:
        unit_ids = grants.units(*Role.values)
        grants.member_roots = set(roots_of(unit_ids, user=user).values()) if unit_ids else set()
    return set(grants.member_roots)


def profile_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """Roots whose province profile the user keeps: that province's admins, and superusers."""
    return units_where(user, {Role.ADMIN}).filter(parent__isnull=True)


# --- One province scope per model: every admin list and API viewset passes its rows here -------


def _through(path: str) -> Callable[[QuerySet[Unit]], Q]:
    return lambda units: Q(**{f"{path}__in": units})


# Model label -> the condition tying a row to the units of the user's provinces; None: a
# national row every province shares (read-only to province staff where they see it). A model
# the admin or the API shows and that is missing here is refused (ImproperlyConfigured).
PROVINCE_SCOPES: dict[str, Callable[[QuerySet[Unit]], Q] | None] = {
    "units.level": None,
    "units.unit": _through("pk"),
    "units.unitevent": lambda units: (
        Q(pk__in=units.values("events_as_before")) | Q(pk__in=units.values("events_as_after"))
    ),
    # An account with no role yet belongs to no province: its admin finishes it.
    "units.user": lambda units: (
        Q(pk__in=units.values("memberships__user"))
        | ~Exists(Membership.objects.filter(user=OuterRef("pk")))
    ),
    "units.membership": _through("unit"),
    "units.provinceprofile": _through("root"),
    "indicators.indicator": lambda units: Q(province__isnull=True) | Q(province__in=units),
    "indicators.indexedition": None,
    "indicators.externalfigure": _through("province"),
    "indicators.indexresult": _through("province"),
    "directives.directive": _through("report_to"),
    "directives.task": _through("directive__report_to"),
    "reports.holiday": None,
    "reports.period": None,
    "reports.provinceperiod": _through("root"),
    "reports.submission": _through("unit"),
    "reports.evidencefile": _through("value__submission__unit"),
    "reports.signedexport": _through("province"),
    "reports.export": _through("area"),
    "reports.publication": _through("province"),
    "reports.feedentry": _through("publication__province"),
}


def in_provinces(queryset: QuerySet[Any], user: User | AnonymousUser) -> QuerySet[Any]:
    """`queryset` limited to the rows of the provinces the user works in (all for a superuser):
    the one province scope under every admin page, API viewset and the selectors of the portal's
    pages; the finer rules (roles, subtrees) come on top of it from each model's selectors."""
    label = queryset.model._meta.label_lower
    if label not in PROVINCE_SCOPES:
        raise ImproperlyConfigured(f"{label}: no province scope in units.permissions")
    scope = PROVINCE_SCOPES[label]
    roots = root_ids_of(user)
    if scope is None or roots is None:
        return queryset
    units = Unit.objects.filter(_subtrees(roots)) if roots else Unit.objects.none()
    return queryset.filter(scope(units.values("pk")))
