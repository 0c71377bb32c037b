"""The signing keys of each province, read from the environment when settings load: a bad
value stops the portal at start-up rather than at an officer's first signature.

CHITIEU_SIGNING is JSON (or the path of a JSON file) keyed by the province's root unit code:
  {"VP": {"pkcs12": "/path/file.p12", "passphrase_file": "/run/secrets/vp"},
   "BT": {"pkcs11": {"module": "/usr/lib/softhsm/libsofthsm2.so", "token_label": "…",
                     "key_label": "…", "pin_file": "…"}}}
Secrets stay in their files (read when signing); the database never holds a key or a PIN.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Pkcs12Key:
    path: str
    passphrase_file: str | None


@dataclass(frozen=True)
class Pkcs11Key:
    module: str
    token_label: str
    key_label: str
    pin_file: str | None


SigningKey = Pkcs12Key | Pkcs11Key


def signing_keys(name: str) -> dict[str, SigningKey]:
    """The environment variable `name` parsed: province code -> key; {} when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    text = raw
    if not raw.startswith(("{", "[")):  # otherwise the path of a JSON file
        try:
            text = Path(raw).read_text(encoding="utf-8")
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}: cannot read the JSON file {raw!r}: {error}"
            ) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object keyed by province code.")
    return {str(code): _key(name, str(code), entry) for code, entry in data.items()}


def _key(name: str, code: str, entry: object) -> SigningKey:
    where = f"{name}[{code!r}]"
    if not isinstance(entry, dict) or len({"pkcs12", "pkcs11"} & entry.keys()) != 1:
        raise ImproperlyConfigured(f"{where} must hold exactly one of 'pkcs12' or 'pkcs11'.")
    if "pkcs12" in entry:
        _only(where, entry, {"pkcs12", "passphrase_file"})
        return Pkcs12Key(
            path=_text(where, entry, "pkcs12"),
            passphrase_file=_text(where, entry, "passphrase_file", required=False),
        )
    token = entry["pkcs11"]
    if not isinstance(token, dict):
        raise ImproperlyConfigured(f"{where}['pkcs11'] must be an object.")
    _only(where, entry, {"pkcs11"})
    _only(f"{where}['pkcs11']", token, {"module", "token_label", "key_label", "pin_file"})
    return Pkcs11Key(
        module=_text(where, token, "module"),
        token_label=_text(where, token, "token_label"),
        key_label=_text(where, token, "key_label"),
        pin_file=_text(where, token, "pin_file", required=False),
    )


def _only(where: str, entry: dict, keys: set[str]) -> None:
    unknown = sorted(entry.keys() - keys)
    if unknown:
        raise ImproperlyConfigured(f"{where}: unknown keys {unknown} (allowed: {sorted(keys)}).")


def _text(where: str, entry: dict, key: str, *, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(f"{where}[{key!r}] must be a non-empty string.")
    return value
