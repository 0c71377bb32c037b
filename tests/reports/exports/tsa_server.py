"""An RFC 3161 timestamp server on 127.0.0.1 for the signing tests: pyHanko's test TSA
(DummyTimeStamper) answering over HTTP as a real one does, with a certificate from the
tests' throwaway CA. It counts the requests it answered."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from tests.reports.exports.signing_fixtures import Issued, make_signer


class LocalTimestampServer:
    def __init__(self, ca: Issued, common_name: str = "Máy chủ dấu thời gian thử") -> None:
        tsa = make_signer(ca, common_name, usage=ExtendedKeyUsageOID.TIME_STAMPING)
        der = serialization.Encoding.DER
        self._stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.cert.public_bytes(der)),
            tsa_key=keys.PrivateKeyInfo.load(
                tsa.key.private_bytes(
                    der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
        )
        self.answered = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/tsa"

    def __enter__(self) -> LocalTimestampServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                query = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
                reply = owner._stamper.request_tsa_response(query).dump()
                owner.answered += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
