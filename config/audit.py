"""The change log (django-auditlog): who changed what, when, from where, before/after.

Changes are logged by auditlog's registration (settings); `record_export` adds the downloads
of a report. The log is read-only in the portal and the admin. AuditlogMiddleware names the
actor from the session; `audit_actor` names an API token's user, known only inside DRF's view.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from config.vn import format_date, format_number

if TYPE_CHECKING:
    from units.models import User

# How many entries a history page shows, newest first; a report has tens.
MAX_ENTRIES = 500
_ACTIONS = {
    LogEntry.Action.CREATE: _("Tạo"),
    LogEntry.Action.UPDATE: _("Sửa"),
    LogEntry.Action.DELETE: _("Xóa"),
    LogEntry.Action.ACCESS: _("Tải về"),
}


_EXPORT = _("tệp")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    actor: User | None
    remote_addr: str | None
    action: str
    kind: str  # what was changed: "báo cáo", "số liệu chỉ số", …
    subject: str
    changes: list[Change]


_NUMBER = re.compile(r"-?\d+\.\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_YES_NO = {"True": _("Có"), "False": _("Không")}


def _shown(value: object) -> str:
    """A logged value (auditlog keeps text) the Vietnamese way: 1.234,5, 05/01/2026, Có."""
    if value in (None, "None", ""):
        return "—"
    text = str(value)
    if text in _YES_NO:
        return str(_YES_NO[text])
    if _NUMBER.fullmatch(text):
        return format_number(Decimal(text), 4)
    if _DATE.fullmatch(text):
        return format_date(datetime.date.fromisoformat(text))
    return text


def record_export(*, of: Model, what: str, action: int = LogEntry.Action.ACCESS) -> None:
    """A download of `of` (its Excel template, an evidence file, an export's file), or with
    `action=CREATE` the request for an export: who, when, from where, which file (`what`).

    The actor and address come from AuditlogMiddleware, as for changes."""
    LogEntry.objects.log_create(of, force_log=True, action=action, changes={"export": [None, what]})


def audit_actor(user: User) -> None:
    """Name `user` as the actor of what the rest of this request logs.

    AuditlogMiddleware fixes the request's actor (and address) in auditlog's context before the
    view runs, when a token's user is still anonymous; the context's receiver reads the actor
    when each entry is saved, so setting it here is enough. Outside a request: nothing to do.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def log_bulk(pairs: list[tuple[Model | None, Model | None]]) -> None:
    """Change-log entries for rows written in bulk, in one INSERT: bulk_create, bulk_update and
    a queryset's delete send no per-row signal, so auditlog would not log them itself.

    Each pair is (before, after): None before for a created row, None after for a deleted one.
    The entries read as auditlog's own (same diff, actor and address from its context)."""
    if auditlog_disabled.get():
        return
    entries = []
    for before, after in pairs:
        changes = model_instance_diff(before, after)
        if not changes:
            continue
        row = after if after is not None else before
        action = (
            LogEntry.Action.CREATE
            if before is None
            else LogEntry.Action.DELETE
            if after is None
            else LogEntry.Action.UPDATE
        )
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(row),
                object_pk=str(row.pk),
                object_id=row.pk,
                object_repr=str(row),
                action=action,
                changes=changes,
                additional_data=_additional_data(row),
                cid=get_cid(),
            )
        )
    for entry in entries:
        # What auditlog's context receiver listens to: it fills in the actor and address.
        pre_save.send(
            sender=LogEntry,
            instance=entry,
            raw=False,
            using=LogEntry.objects.db,
            update_fields=None,
        )
    LogEntry.objects.bulk_create(entries)


def _additional_data(row: Model) -> object:
    get = getattr(row, "get_additional_data", None)
    return get() if callable(get) else None


def history(*, of: Model, children: str, then: dict[str, str] | None = None) -> list[Entry]:
    """Changes to `of` and to the rows filed under it (`additional_data[children] == of.pk`,
    see the models' get_additional_data), deleted rows included; newest first. `then` maps a
    name as shown today to the one of the records' time (auditlog shows a related row as it
    reads now: a renamed unit's old report keeps the unit's old name)."""
    condition = Q(content_type=ContentType.objects.get_for_model(of), object_id=of.pk) | Q(
        **{f"additional_data__{children}": of.pk}
    )
    rows = (
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")[:MAX_ENTRIES]
    )
    return [_entry(row, then or {}) for row in rows]


def _then(text: str, then: dict[str, str]) -> str:
    for now, before in then.items():
        if text == now or text.startswith(f"{now} · "):
            return before + text[len(now) :]
    return text


def _entry(row: LogEntry, then: dict[str, str]) -> Entry:
    model = row.content_type.model_class()
    # auditlog also lists reverse relations ("reports.SubmissionEvent.None"): not the row's data.
    fields = {str(field.verbose_name) for field in model._meta.concrete_fields} if model else None
    if "export" in row.changes_dict:
        fields = None  # a download or an export's request names its file
    return Entry(
        at=row.timestamp,
        actor=row.actor,
        remote_addr=row.remote_addr,
        action=str(_ACTIONS.get(row.action, row.action)),
        kind=str(model._meta.verbose_name) if model else row.content_type.model,
        subject=_then(row.object_repr, then),
        changes=[
            Change(
                _EXPORT if name == "export" else str(name),
                _then(_shown(values[0]), then),
                _then(_shown(values[1]), then),
            )
            for name, values in row.changes_display_dict.items()
            if fields is None or str(name) in fields
        ],
    )
