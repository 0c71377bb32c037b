"""The feed: pushed to receivers signed, once, in order, through a receiver's outage; a 4xx is
failed with its answer and held until sent again; pulled with a cursor by the API."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterator

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reports.publications.feed import delivery_send_again, feed_push_all
from reports.publications.models import Delivery, FeedEntry, Publication, Receiver
from reports.publications.services import publication_publish, publication_withdraw
from reports.publications.tasks import push_feed
from tests.conftest import Province, make_province
from tests.factories import DirectiveFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.publications.receiver_helpers import LocalReceiver
from units.models import Role, User

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-token"


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture
def local() -> Iterator[LocalReceiver]:
    receiver = LocalReceiver()
    yield receiver
    receiver.stop()


def receiver_for(province: Province, local: LocalReceiver) -> Receiver:
    return Receiver.objects.create(
        province=province.root, name="Hệ thống giám sát", url=local.url, token=TOKEN
    )


def three_entries(dash: Dashboard, officer: User) -> list[FeedEntry]:
    """A publication, its withdrawal and its second version: one directive, in this order."""
    first = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    publication_withdraw(by=officer, publication=first, reason="Sửa số liệu Tam Đảo")
    publication_publish(by=officer, directive=dash.directive, period=dash.period)
    return list(FeedEntry.objects.order_by("pk"))


def test_each_delivery_is_signed_over_its_timestamp_and_body(
    dash: Dashboard,
    officer: User,
    province: Province,
    local: LocalReceiver,
    django_capture_on_commit_callbacks,
) -> None:
    local.start()
    receiver_for(province, local)
    with django_capture_on_commit_callbacks(execute=True):
        publication = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    assert len(local.received) == 1  # pushed once committed
    body, headers = local.received[0], local.headers[0]
    raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
    expected = hmac.new(TOKEN.encode(), headers["x-chitieu-timestamp"].encode() + b"." + raw,
                        hashlib.sha256).hexdigest()  # fmt: skip
    assert headers["x-chitieu-signature"] == f"sha256={expected}"
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["idempotency-key"] == body["key"] == f"VP:{publication.pk}:v1:published"
    assert body["document"]["targets"] == publication.document["targets"]


def test_a_receiver_down_for_an_hour_gets_everything_once_in_order(
    dash: Dashboard, officer: User, province: Province, local: LocalReceiver
) -> None:
    receiver_for(province, local)  # configured, but not listening
    entries = three_entries(dash, officer)
    now = timezone.now()
    for minute in range(0, 60, 5):  # the beat keeps asking while it is down
        feed_push_all(now=now + datetime.timedelta(minutes=minute))
    waiting = Delivery.objects.order_by("entry")
    assert [d.status for d in waiting] == ["pending"] * 3
    assert waiting[0].attempts > 1 and waiting[0].last_status is None
    assert waiting[1].attempts == 0  # the later ones never overtook the first
    local.start()
    later = now + datetime.timedelta(hours=2)
    assert feed_push_all(now=later) == 3
    assert feed_push_all(now=later + datetime.timedelta(minutes=1)) == 0
    assert [b["key"] for b in local.received] == [e.key for e in entries]
    assert [b["kind"] for b in local.received] == ["published", "withdrawn", "published"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_receiver_answering_5xx_is_retried_later_without_duplicates(
    dash: Dashboard, officer: User, province: Province, local: LocalReceiver
) -> None:
    local.start()
    local.answer = 503
    receiver_for(province, local)
    entries = three_entries(dash, officer)
    now = timezone.now()
    feed_push_all(now=now)
    first = Delivery.objects.get(entry=entries[0])
    assert (first.status, first.last_status, first.next_attempt_at > now) == ("pending", 503, True)
    assert feed_push_all(now=now) == 0  # not due yet: not sent again at once
    local.answer = 200
    assert feed_push_all(now=now + datetime.timedelta(hours=1)) == 3
    assert [b["cursor"] for b in local.received] == [e.pk for e in entries]


def test_a_refusal_is_failed_with_its_answer_and_holds_that_directive_until_sent_again(
    dash: Dashboard, officer: User, province: Province, local: LocalReceiver
) -> None:
    local.start()
    local.answer = 400
    receiver_for(province, local)
    entries = three_entries(dash, officer)
    now = timezone.now()
    for minute in range(3):
        feed_push_all(now=now + datetime.timedelta(minutes=minute))
    refused = Delivery.objects.get(entry=entries[0])
    assert (refused.status, refused.last_status, refused.attempts) == ("failed", 400, 1)
    assert "schema" in refused.last_answer
    later = Delivery.objects.filter(entry__in=entries[1:])
    assert {(d.status, d.attempts) for d in later} == {("pending", 0)}  # held, not reordered
    local.answer = 200
    delivery_send_again(delivery=refused)
    assert feed_push_all(now=now + datetime.timedelta(minutes=5)) == 3
    assert [b["key"] for b in local.received] == [e.key for e in entries]


def test_another_directive_is_not_held_by_a_refused_one(
    dash: Dashboard,
    officer: User,
    province: Province,
    local: LocalReceiver,
    django_capture_on_commit_callbacks,
) -> None:
    local.start()
    local.answer = 400
    receiver_for(province, local)
    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(by=officer, directive=dash.directive, period=dash.period)
    failed = Delivery.objects.get()
    assert failed.status == "failed"
    local.answer = 200
    other = Publication.objects.get()
    other.pk = None  # a second directive's publication, written as the service would
    other.directive = DirectiveFactory(code="99/KH-UBND", report_to=province.dic)
    other.save()
    FeedEntry.objects.create(publication=other, kind="published", key="VP:x:v1:published",
                             document=other.document)  # fmt: skip
    push_feed()
    assert [b["key"] for b in local.received] == ["VP:x:v1:published"]


def test_a_receiver_pulls_the_same_entries_since_a_cursor(
    dash: Dashboard, officer: User, province: Province
) -> None:
    entries = three_entries(dash, officer)
    client = APIClient()
    client.force_authenticate(officer)
    body = client.get("/api/v1/feed/", {"since": 0}).json()
    assert [e["cursor"] for e in body["entries"]] == [e.pk for e in entries]
    assert [e["kind"] for e in body["entries"]] == ["published", "withdrawn", "published"]
    assert body["entries"][1]["document"]["reason"] == "Sửa số liệu Tam Đảo"
    after = client.get("/api/v1/feed/", {"since": entries[0].pk}).json()
    assert [e["key"] for e in after["entries"]] == [e.key for e in entries[1:]]
    assert client.get("/api/v1/feed/", {"since": body["next"]}).json()["entries"] == []


def test_another_provinces_receiver_does_not_see_this_feed(dash: Dashboard, officer: User) -> None:
    three_entries(dash, officer)
    other = make_province("BT", "Bình Thuận")
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, other.root))
    assert client.get("/api/v1/feed/").json()["entries"] == []
    client.force_authenticate(user_with_role(Role.REPORTER, dash.submissions["VP-STTTT"].unit))
    assert client.get("/api/v1/feed/").status_code == 403
