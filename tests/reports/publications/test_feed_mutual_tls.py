"""Receivers that authenticate the portal by its client certificate (mutual TLS): a local
HTTPS receiver on 127.0.0.1 that refuses any client without a certificate from its CA."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from reports.admin import ReceiverForm
from reports.publications.feed import feed_push_all
from reports.publications.models import Delivery, Receiver
from reports.publications.services import publication_publish
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.publications.receiver_helpers import LocalReceiver
from tests.reports.publications.tls_helpers import TlsFiles, make_tls_files
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tls(tmp_path: Path) -> TlsFiles:
    return make_tls_files(tmp_path)


@pytest.fixture
def local(tls: TlsFiles) -> Iterator[LocalReceiver]:
    receiver = LocalReceiver(tls=tls.server)
    receiver.start()
    yield receiver
    receiver.stop()


def publish(province: Province) -> None:
    dash = build_dashboard(province)
    officer = user_with_role(Role.REVIEWER, province.root)
    publication_publish(by=officer, directive=dash.directive, period=dash.period)


def test_a_receiver_asking_for_the_portals_certificate_gets_each_publication(
    province: Province, local: LocalReceiver, tls: TlsFiles
) -> None:
    Receiver.objects.create(
        province=province.root, name="LGSP", url=local.url, token="t",
        client_cert_path=str(tls.client_cert), client_key_path=str(tls.client_key),
        server_ca_path=str(tls.ca),
    )  # fmt: skip
    publish(province)
    assert feed_push_all() == 1
    assert len(local.received) == 1
    assert "Cổng chitieu tỉnh thử" in local.peers[0]  # the certificate the receiver checked
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_without_its_certificate_the_handshake_is_refused_and_the_entry_waits_not_lost(
    province: Province, local: LocalReceiver, tls: TlsFiles
) -> None:
    receiver = Receiver.objects.create(
        province=province.root, name="LGSP", url=local.url, token="t",
        server_ca_path=str(tls.ca),
    )  # fmt: skip
    publish(province)
    assert feed_push_all() == 0
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status, local.received) == ("pending", None, [])
    receiver.client_cert_path, receiver.client_key_path = str(tls.client_cert), str(tls.client_key)
    receiver.save()
    later = timezone.now() + datetime.timedelta(hours=1)
    assert feed_push_all(now=later) == 1
    assert len(local.received) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_a_certificate_file_gone_from_the_server_leaves_the_entry_waiting_with_the_reason(
    province: Province, local: LocalReceiver, tls: TlsFiles
) -> None:
    Receiver.objects.create(
        province=province.root, name="LGSP", url=local.url, token="t",
        client_cert_path=str(tls.client_cert.with_name("gone.crt")), server_ca_path=str(tls.ca),
    )  # fmt: skip
    publish(province)
    assert feed_push_all() == 0
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert "Không nạp được chứng thư máy khách" in delivery.last_answer
    assert local.received == []


def form(province: Province, **fields: str) -> ReceiverForm:
    data = {"province": province.root.pk, "name": "LGSP", "url": "https://lgsp.example.vn/in",
            "token": "t", "schema_version": "1.0", "active": "on"}  # fmt: skip
    return ReceiverForm(data={**data, **fields})


def test_the_admin_form_loads_the_certificate_files_before_saving(
    province: Province, tls: TlsFiles
) -> None:
    good = form(province, client_cert_path=str(tls.client_cert),
                client_key_path=str(tls.client_key), server_ca_path=str(tls.ca))  # fmt: skip
    assert good.is_valid(), good.errors
    wrong_key = form(province, client_cert_path=str(tls.client_cert),
                     client_key_path=str(tls.ca))  # fmt: skip
    assert not wrong_key.is_valid()
    assert "Không nạp được chứng thư máy khách" in str(wrong_key.errors)
    missing_ca = form(province, server_ca_path="/khong/co/ca.pem")
    assert "Không nạp được tệp CA /khong/co/ca.pem" in str(missing_ca.errors)
    plain = form(province, url="http://lgsp.example.vn/in", client_cert_path=str(tls.client_cert))
    assert "chỉ dùng được với địa chỉ https://" in str(plain.errors)
    key_alone = form(province, client_key_path=str(tls.client_key))
    assert "phải có tệp chứng thư" in str(key_alone.errors)
    assert Receiver.objects.count() == 0
