"""A receiver on 127.0.0.1 for the feed's fault tests: started and stopped by the test, keeping
every body it accepted; `answer` sets the status it gives (200, 400, 503)."""

from __future__ import annotations

import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LocalReceiver:
    """`tls`: an https receiver with that server context (tls_helpers: one asking for a client
    certificate); `peers` then holds the subject of each client certificate it accepted."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls
        self.peers: list[str] = []
        with socket.socket() as probe:  # a free port, kept across a stop and a start
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.answer = 200
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/inbox"

    def start(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if owner.answer < 300:
                    if owner.tls is not None:
                        owner.peers.append(str(self.connection.getpeercert()["subject"]))
                    owner.received.append(json.loads(body))
                    owner.headers.append({k.lower(): v for k, v in self.headers.items()})
                self.send_response(owner.answer)
                self.end_headers()
                self.wfile.write(b'{"error": "schema"}' if owner.answer >= 400 else b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
