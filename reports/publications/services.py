"""Publishing a directive's official figures for a period and withdrawing them. Each writes the
publication (logged by auditlog) and its outbox entry in one transaction, then queues the push
to receivers (see feed.py). The page and the API call these same functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import signature
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from directives.models import Directive
from reports.compliance.selectors import compliance_run
from reports.periods.models import Period
from reports.publications.documents import (
    BASIS,
    HISTORIC,
    RESTATED,
    STRUCTURES,
    official_figures,
    publication_document,
)
from reports.publications.models import FeedEntry, Publication
from units.models import Unit
from units.permissions import Action, allowed, root_id_of

if TYPE_CHECKING:
    from units.models import User

PUSH_TASK = "reports.tasks.push_feed"


def publication_publish(
    *, by: User, directive: Directive, period: Period, structure: str = HISTORIC
) -> Publication:
    """`structure="current"`: the figures restated onto today's structure of units, when the
    province chooses to publish them so (after mergers, citizens know today's units)."""
    if not allowed(by, Action.PUBLISH, directive):
        raise PermissionDenied
    if structure not in STRUCTURES:
        raise DomainError(_("Cơ cấu đơn vị phải là historic hoặc current."))
    if compliance_run(directive=directive, period=period, basis=BASIS) is None:
        raise DomainError(
            _("Văn bản %(code)s chưa có số liệu chính thức cho %(period)s: chưa thể công bố.")
            % {"code": directive.code, "period": period.label}
        )
    province = Unit.objects.get(pk=root_id_of(directive.report_to))
    with transaction.atomic():
        # Lock the directive so two reviewers publishing at once get distinct versions.
        Directive.objects.select_for_update().filter(pk=directive.pk).first()
        earlier = Publication.objects.filter(directive=directive, period=period)
        if earlier.filter(withdrawn_at__isnull=True).exists():
            raise DomainError(
                _("Số liệu %(period)s của văn bản %(code)s đã được công bố; hãy rút trước khi "
                  "công bố lại.") % {"code": directive.code, "period": period.label}
            )  # fmt: skip
        version = (earlier.aggregate(last=Max("version"))["last"] or 0) + 1
        now = timezone.now()
        figures = official_figures(
            directive=directive, period=period, province=province, structure=structure,
            on=timezone.localdate() if structure == RESTATED else None,
        )  # fmt: skip
        document = publication_document(
            figures=figures, directive=directive, period=period, province=province,
            version=version, published_at=now,
        )  # fmt: skip
        publication = Publication.objects.create(
            province=province, directive=directive, period=period, version=version,
            structure=structure, document=document, published_at=now, published_by=by,
        )  # fmt: skip
        _outbox(publication, FeedEntry.Kind.PUBLISHED, document)
    return publication


def publication_withdraw(*, by: User, publication: Publication, reason: str) -> Publication:
    if not allowed(by, Action.PUBLISH, publication.directive):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do rút số liệu đã công bố."))
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        if locked.withdrawn_at is not None:
            raise DomainError(_("Số liệu này đã được rút."))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.withdraw_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        _outbox(locked, FeedEntry.Kind.WITHDRAWN, withdrawal_document(locked))
    return locked


def withdrawal_document(publication: Publication) -> dict:
    assert publication.withdrawn_at is not None
    return {
        "schema_version": publication.document["schema_version"],
        "province": publication.document["province"],
        "directive": publication.document["directive"],
        "period": publication.document["period"],
        "version": publication.version,
        "withdrawn_at": publication.withdrawn_at.isoformat(),
        "reason": publication.withdraw_reason,
    }


def _outbox(publication: Publication, kind: str, document: dict) -> FeedEntry:
    key = f"{publication.province.code}:{publication.pk}:v{publication.version}:{kind}"
    entry = FeedEntry.objects.create(publication=publication, kind=kind, key=key, document=document)
    task = signature(PUSH_TASK)  # by name: the task module imports this one
    # robust: with the broker down the entry waits in the outbox for the beat's next push.
    transaction.on_commit(lambda: task.apply_async(), robust=True)
    return entry
