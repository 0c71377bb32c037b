"""Certificates for the mutual-TLS feed tests, made here with cryptography (nothing fetched):
a CA, the receiver's server certificate for 127.0.0.1, and the portal's client certificate,
written as the PEM files an admin names on a receiver."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.reports.exports.signing_fixtures import Issued, make_ca, make_signer


@dataclass(frozen=True)
class TlsFiles:
    ca: Path  # the CA both sides trust
    client_cert: Path
    client_key: Path
    server: ssl.SSLContext  # the receiver's: asks for a client certificate from that CA


def _server_cert(ca: Issued) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(key, cert)


def _write(folder: Path, name: str, issued: Issued) -> tuple[Path, Path]:
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    cert.write_bytes(issued.cert.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        issued.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )  # fmt: skip
    return cert, key


def make_tls_files(folder: Path) -> TlsFiles:
    ca = make_ca("CA thử của LGSP")
    ca_file = folder / "ca.pem"
    ca_file.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    server_cert, server_key = _write(folder, "server", _server_cert(ca))
    client = make_signer(ca, "Cổng chitieu tỉnh thử", usage=ExtendedKeyUsageOID.CLIENT_AUTH)
    client_cert, client_key = _write(folder, "client", client)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(server_cert, server_key)
    server.load_verify_locations(ca_file)
    server.verify_mode = ssl.CERT_REQUIRED
    return TlsFiles(ca_file, client_cert, client_key, server)
