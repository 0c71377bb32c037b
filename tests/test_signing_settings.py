"""CHITIEU_SIGNING read from the environment: keys per province, or a loud failure at start-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.signing import Pkcs11Key, Pkcs12Key, signing_keys

TOKEN = {
    "module": "/usr/lib/softhsm/libsofthsm2.so", "token_label": "so-khcn", "key_label": "ky-so",
    "pin_file": "/run/secrets/pin",
}  # fmt: skip


def test_unset_means_no_province_signs(monkeypatch) -> None:
    monkeypatch.delenv("CHITIEU_SIGNING", raising=False)
    assert signing_keys("CHITIEU_SIGNING") == {}


def test_a_pkcs12_file_and_a_token_are_read_by_province_code(monkeypatch) -> None:
    value = {"VP": {"pkcs12": "/etc/vp.p12", "passphrase_file": "/run/vp"}, "BT": {"pkcs11": TOKEN}}
    monkeypatch.setenv("CHITIEU_SIGNING", json.dumps(value))
    assert signing_keys("CHITIEU_SIGNING") == {
        "VP": Pkcs12Key("/etc/vp.p12", "/run/vp"),
        "BT": Pkcs11Key(TOKEN["module"], "so-khcn", "ky-so", "/run/secrets/pin"),
    }


def test_the_json_may_live_in_a_file(monkeypatch, tmp_path: Path) -> None:
    path = tmp_path / "signing.json"
    path.write_text(json.dumps({"VP": {"pkcs12": "/etc/vp.p12"}}))
    monkeypatch.setenv("CHITIEU_SIGNING", str(path))
    assert signing_keys("CHITIEU_SIGNING") == {"VP": Pkcs12Key("/etc/vp.p12", None)}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"VP": {}}', "exactly one of 'pkcs12' or 'pkcs11'"),
        ('{"VP": {"pkcs12": "/a.p12", "pkcs11": {}}}', "exactly one of"),
        ('{"VP": {"pkcs12": "/a.p12", "password": "x"}}', "unknown keys ['password']"),
        ('{"VP": {"pkcs12": ""}}', "must be a non-empty string"),
        ('{"VP": {"pkcs11": {"module": "/m.so"}}}', "'token_label'] must be a non-empty string"),
        ("/no/such/file.json", "cannot read the JSON file"),
    ],
)
def test_a_bad_value_stops_the_portal_with_the_reason(monkeypatch, raw: str, message: str) -> None:
    monkeypatch.setenv("CHITIEU_SIGNING", raw)
    with pytest.raises(ImproperlyConfigured, match=message.replace("[", r"\[").replace("(", r"\(")):
        signing_keys("CHITIEU_SIGNING")
