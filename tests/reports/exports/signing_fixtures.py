"""A throwaway certificate authority and signers for the signing tests (made with the
cryptography package, nothing fetched), written as the files a province would install:
a PKCS#12 file with its passphrase file, a PEM trust root, and a SoftHSM token."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pkcs11 import Attribute, ObjectClass

PASSPHRASE = "mat-khau-thu"
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SOFTHSM_UTIL = "/usr/bin/softhsm2-util"


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở Khoa học và Công nghệ (thử)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_ca(common_name: str = "CA thử của Chính phủ") -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def make_signer(
    ca: Issued, common_name: str = "Sở KH&CN tỉnh thử", *, valid_from_days: int = -1,
    valid_days: int = 365, usage: x509.ObjectIdentifier = ExtendedKeyUsageOID.EMAIL_PROTECTION,
) -> Issued:  # fmt: skip
    """A signing certificate issued by `ca`, valid from `valid_from_days` (from now) for
    `valid_days`: negative ranges give an expired one, positive starts a not-yet-valid one.
    `usage` TIME_STAMPING makes a timestamp authority's (RFC 3161: that usage alone, critical)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=valid_from_days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([usage]),
            critical=usage == ExtendedKeyUsageOID.TIME_STAMPING,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(key, cert)


def write_pkcs12(folder: Path, signer: Issued, ca: Issued, name: str = "ky") -> dict[str, str]:
    """The PKCS#12 file and its passphrase file; returns the province's CHITIEU_SIGNING entry."""
    p12 = folder / f"{name}.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode(), signer.key, signer.cert, [ca.cert],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )  # fmt: skip
    secret = folder / f"{name}.pass"
    secret.write_text(PASSPHRASE + "\n")
    return {"pkcs12": str(p12), "passphrase_file": str(secret)}


def write_root(folder: Path, ca: Issued) -> Path:
    roots = folder / "roots"
    roots.mkdir(exist_ok=True)
    (roots / "ca.pem").write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    return roots


def softhsm_conf(folder: Path) -> Path:
    """A SoftHSM configuration keeping its tokens in `folder`."""
    tokens = folder / "tokens"
    tokens.mkdir(exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    return conf


def write_softhsm_token(folder: Path, signer: Issued, label: str = "chitieu") -> dict:
    """A SoftHSM token in `folder` holding the signer's key and certificate (as a Government
    CA USB token holds them). SOFTHSM2_CONF must name `softhsm_conf(folder)` before the
    library is first loaded in the process. Returns the province's CHITIEU_SIGNING entry."""
    pin = "123456"
    subprocess.run(
        [SOFTHSM_UTIL, "--init-token", "--free", "--label", label, "--pin", pin,
         "--so-pin", "654321"],
        check=True, capture_output=True,
    )  # fmt: skip
    key_pem = folder / "key.pem"
    key_pem.write_bytes(
        signer.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )  # fmt: skip
    subprocess.run(
        [SOFTHSM_UTIL, "--import", str(key_pem), "--token", label, "--label", "ky-so",
         "--id", "01", "--pin", pin],
        check=True, capture_output=True,
    )  # fmt: skip
    key_pem.unlink()
    _import_certificate(signer.cert, label=label, pin=pin)
    pin_file = folder / "pin"
    pin_file.write_text(pin)
    return {
        "pkcs11": {
            "module": SOFTHSM_MODULE, "token_label": label, "key_label": "ky-so",
            "pin_file": str(pin_file),
        }
    }  # fmt: skip


def _import_certificate(cert: x509.Certificate, *, label: str, pin: str) -> None:
    """softhsm2-util imports keys only: the certificate goes in through PKCS#11 itself."""
    token = pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "ky-so",
                Attribute.ID: b"\x01",
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                Attribute.SUBJECT: cert.subject.public_bytes(),
            }
        )
