"""Pushing the outbox to receivers: each entry once, in order, signed, with an idempotency key.

One push per receiver at a time (its row is locked for the push). Entries go in cursor order;
a 4xx marks the entry failed with the answer and holds the later entries of the same directive
until an admin sends it again; a 5xx or no answer stops the push to that receiver and tries
again later with a growing wait (the beat runs push_feed every minute), so a receiver down for
an hour gets everything, in order, once it is back.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import ssl
import urllib.error
import urllib.request

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from reports.publications.models import Delivery, FeedEntry, Receiver
from reports.publications.tls import receiver_tls

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
MAX_WAIT = datetime.timedelta(hours=1)
ANSWER_CHARS = 2000


def backoff(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, … up to an hour between tries."""
    return min(datetime.timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_WAIT)


def signed_request(receiver: Receiver, entry: FeedEntry, *, now: datetime.datetime):
    body = json.dumps(
        {"cursor": entry.pk, "kind": entry.kind, "key": entry.key,
         "schema_version": receiver.schema_version, "document": entry.document},
        ensure_ascii=False, sort_keys=True,
    ).encode()  # fmt: skip
    stamp = str(int(now.timestamp()))
    signature = hmac.new(receiver.token.encode(), stamp.encode() + b"." + body, hashlib.sha256)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Authorization": f"Bearer {receiver.token}",
        "Idempotency-Key": entry.key,
        "X-Chitieu-Timestamp": stamp,
        "X-Chitieu-Signature": f"sha256={signature.hexdigest()}",
        "X-Chitieu-Schema-Version": receiver.schema_version,
    }
    return urllib.request.Request(receiver.url, data=body, headers=headers, method="POST")  # noqa: S310  # an admin's https/http URL


def _post(request, tls: ssl.SSLContext | None) -> tuple[int | None, str]:
    """(status, answer); status None when the receiver could not be reached (a TLS handshake
    the receiver refused included: its certificate check is not an answer about the entry)."""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS, context=tls) as answer:  # noqa: S310
            return answer.status, answer.read(ANSWER_CHARS).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(ANSWER_CHARS).decode(errors="replace")
    except (urllib.error.URLError, OSError) as error:
        return None, str(error)[:ANSWER_CHARS]


def _queue_new_entries(receiver: Receiver) -> None:
    done = receiver.deliveries.values("entry_id")
    new = (
        FeedEntry.objects.filter(publication__province_id=receiver.province_id)
        .exclude(pk__in=done)
        .values_list("pk", "publication__directive_id")
    )
    Delivery.objects.bulk_create(
        [Delivery(receiver=receiver, entry_id=pk, directive_pk=d) for pk, d in new]
    )


def receiver_push(*, receiver: Receiver, now: datetime.datetime | None = None) -> int:
    """Send what is due to one receiver; returns how many were delivered."""
    now = now or timezone.now()
    delivered = 0
    with transaction.atomic():
        locked = Receiver.objects.select_for_update().filter(pk=receiver.pk, active=True).first()
        if locked is None:
            return 0
        _queue_new_entries(locked)
        try:
            tls, broken = receiver_tls(locked), None
        except DomainError as error:  # the admin fixes the files; until then, as if down
            tls, broken = None, error.message
        held: set[int] = set(
            locked.deliveries.filter(status=Delivery.Status.FAILED).values_list(
                "directive_pk", flat=True
            )
        )
        waiting = locked.deliveries.filter(status=Delivery.Status.PENDING).select_related("entry")
        for delivery in waiting.order_by("entry_id"):
            if delivery.directive_pk in held:
                continue
            if delivery.next_attempt_at and delivery.next_attempt_at > now:
                break  # not yet: nothing after it may overtake it
            status, answer = (
                (None, broken)
                if broken
                else _post(signed_request(locked, delivery.entry, now=now), tls)
            )
            delivery.attempts += 1
            delivery.last_status, delivery.last_answer = status, answer
            if status is not None and 200 <= status < 300:
                delivery.status, delivery.sent_at, delivery.next_attempt_at = "sent", now, None
                delivered += 1
            elif status is not None and 400 <= status < 500:
                delivery.status = Delivery.Status.FAILED
                held.add(delivery.directive_pk)
            else:
                delivery.next_attempt_at = now + backoff(delivery.attempts)
                delivery.save()
                logger.warning("receiver %s unreachable (%s): retry later", locked.pk, answer)
                break
            delivery.save()
    return delivered


def feed_push_all(*, now: datetime.datetime | None = None) -> int:
    return sum(receiver_push(receiver=r, now=now) for r in Receiver.objects.filter(active=True))


def delivery_send_again(*, delivery: Delivery) -> Delivery:
    """An admin's "send again": a refused (or already sent) entry goes out once more, before
    the directive's later entries."""
    if delivery.status == Delivery.Status.PENDING:
        raise DomainError(_("Mục này đang chờ gửi."))
    delivery.status = Delivery.Status.PENDING
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    return delivery
