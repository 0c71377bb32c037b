"""A province's signing keys opened for one signature: a PKCS#12 file or a PKCS#11 token (the
Government CA's USB tokens; SoftHSM in tests), and where the province has one, its issuing
body's key for the seal (CHITIEU_SIGNING_SEAL, same form). Every way they can fail becomes a
DomainError with a Vietnamese message, before anything is signed."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pkcs11.exceptions import PKCS11Error as TokenError
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.sign.signers.pdf_cms import Signer

from config.errors import DomainError
from config.signing import Pkcs11Key, Pkcs12Key, SigningKey


def province_key(code: str) -> SigningKey | None:
    return settings.CHITIEU_SIGNING.get(code)


def province_seal_key(code: str) -> SigningKey | None:
    """The issuing body's own key (its seal as a second signature), where the province has one."""
    return settings.CHITIEU_SIGNING_SEAL.get(code)


def unavailable_reason(code: str) -> str | None:
    """Why the province cannot sign now (shown beside the sign button), or None."""
    key = province_key(code)
    if key is None:
        return _(
            "Chưa cấu hình khóa ký số cho tỉnh %(code)s (biến môi trường CHITIEU_SIGNING): "
            "báo quản trị hệ thống."
        ) % {"code": code}
    return _missing(key) or _missing(province_seal_key(code))


def _missing(key: SigningKey | None) -> str | None:
    if isinstance(key, Pkcs12Key) and not Path(key.path).is_file():
        return _("Không tìm thấy tệp khóa ký số %(path)s trên máy chủ.") % {"path": key.path}
    if isinstance(key, Pkcs11Key) and not Path(key.module).is_file():
        return _("Không tìm thấy thư viện PKCS#11 %(path)s trên máy chủ.") % {"path": key.module}
    return None


@contextmanager
def opened_signers(code: str) -> Iterator[tuple[Signer, Signer | None]]:
    """The province's signer and, where configured, its body's seal signer; each certificate
    checked valid now, before anything is signed."""
    reason = unavailable_reason(code)
    if reason is not None:
        raise DomainError(reason)
    seal_key = province_seal_key(code)
    with ExitStack() as stack:
        signer = stack.enter_context(_opened(province_key(code)))
        seal = stack.enter_context(_opened(seal_key)) if seal_key is not None else None
        yield signer, seal


@contextmanager
def _opened(key: SigningKey | None) -> Iterator[Signer]:
    """A key's signer; a token's session is closed on leaving."""
    if isinstance(key, Pkcs12Key):
        signer = _pkcs12_signer(key)
        _check_validity(signer.signing_cert)
        yield signer
        return
    assert isinstance(key, Pkcs11Key)
    try:
        session = open_pkcs11_session(
            key.module,
            token_criteria=TokenCriteria(label=key.token_label),
            user_pin=_secret(key.pin_file),
        )
    except (TokenError, SigningError, OSError) as error:
        raise DomainError(
            _("Không mở được thiết bị ký số (token) %(label)s: %(error)s. Hãy kiểm tra token đã "
              "được cắm và mã PIN đúng.") % {"label": key.token_label, "error": error}
        ) from error  # fmt: skip
    try:
        signer = PKCS11Signer(session, key_label=key.key_label, cert_label=key.key_label)
        try:
            cert = signer.signing_cert
        except (TokenError, SigningError) as error:
            raise DomainError(
                _("Không tìm thấy khóa hoặc chứng thư số %(label)s trên token.")
                % {"label": key.key_label}
            ) from error
        _check_validity(cert)
        yield signer
    finally:
        session.close()


def _pkcs12_signer(key: Pkcs12Key) -> signers.SimpleSigner:
    passphrase = _secret(key.passphrase_file)
    try:
        data = Path(key.path).read_bytes()
    except OSError as error:
        raise DomainError(
            _("Không đọc được tệp khóa ký số %(path)s.") % {"path": key.path}
        ) from error
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=passphrase.encode() if passphrase else None
        )
    except ValueError as error:
        raise DomainError(
            _("Không mở được tệp khóa ký số: sai mật khẩu hoặc tệp không phải PKCS#12.")
        ) from error


def _secret(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise DomainError(
            _("Không đọc được tệp bí mật %(path)s (mật khẩu hoặc mã PIN của khóa ký số).")
            % {"path": path}
        ) from error


def _check_validity(cert: asn1_x509.Certificate) -> None:
    now = timezone.now()
    validity = cert["tbs_certificate"]["validity"]
    start: datetime.datetime = validity["not_before"].native
    end: datetime.datetime = validity["not_after"].native
    if now < start:
        raise DomainError(
            _("Chứng thư số chưa có hiệu lực (từ %(start)s): chưa ký được.")
            % {"start": timezone.localtime(start).strftime("%d/%m/%Y %H:%M")}
        )
    if now > end:
        raise DomainError(
            _("Chứng thư số đã hết hạn (ngày %(end)s): hãy gia hạn hoặc thay chứng thư.")
            % {"end": timezone.localtime(end).strftime("%d/%m/%Y")}
        )
