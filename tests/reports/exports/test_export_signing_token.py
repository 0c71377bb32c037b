"""Signing with a PKCS#11 token, as with a Government CA USB token: a SoftHSM token made here
(softhsm2 is among the test packages of scripts/system-packages.sh)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from config.errors import DomainError
from config.signing import Pkcs11Key
from reports.exports.services import export_build, export_request
from reports.exports.signing import export_sign
from reports.exports.verification import verify_pdf
from reports.models import SignedExport
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.exports.signing_fixtures import (
    make_ca,
    make_signer,
    softhsm_conf,
    write_root,
    write_softhsm_token,
)
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture(scope="module")
def softhsm(tmp_path_factory) -> Iterator[tuple[Pkcs11Key, Path]]:
    """One token for the module: SoftHSM reads its configuration once per process."""
    folder = tmp_path_factory.mktemp("softhsm")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(softhsm_conf(folder)))
        ca = make_ca()
        entry = write_softhsm_token(folder, make_signer(ca, "Sở KH&CN (token)"))["pkcs11"]
        yield (
            Pkcs11Key(entry["module"], entry["token_label"], entry["key_label"], entry["pin_file"]),
            write_root(folder, ca),
        )


@pytest.fixture
def token(settings, softhsm: tuple[Pkcs11Key, Path], province: Province) -> Pkcs11Key:
    key, roots = softhsm
    settings.CHITIEU_SIGNING = {province.root.code: key}
    settings.CHITIEU_SIGNING_TRUST_ROOTS = str(roots)
    return key


def test_a_report_signed_with_a_token_verifies_intact_and_trusted(
    province: Province, officer: User, token: Pkcs11Key
) -> None:
    dash: Dashboard = build_dashboard(province)
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    record = export_sign(export=export_build(export=export), by=officer)
    with record.file.open("rb") as handle:
        verdict = verify_pdf(handle.read())
    [signature] = verdict.signatures
    assert (signature.intact, signature.trusted, verdict.issued_by_portal) == (True, True, True)
    assert "Sở KH&CN (token)" in signature.signer


def test_a_token_that_is_not_plugged_in_signs_nothing(
    province: Province, officer: User, token: Pkcs11Key, settings
) -> None:
    absent = Pkcs11Key(token.module, "khong-cam", token.key_label, token.pin_file)
    settings.CHITIEU_SIGNING = {province.root.code: absent}
    dash = build_dashboard(province)
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    with pytest.raises(DomainError, match="Không mở được thiết bị ký số"):
        export_sign(export=export_build(export=export), by=officer)
    assert not SignedExport.objects.exists()


def test_a_wrong_pin_signs_nothing(
    province: Province, officer: User, token: Pkcs11Key, settings, tmp_path: Path
) -> None:
    wrong = tmp_path / "pin"
    wrong.write_text("000000")
    settings.CHITIEU_SIGNING = {
        province.root.code: Pkcs11Key(token.module, token.token_label, token.key_label, str(wrong))
    }
    dash = build_dashboard(province)
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    with pytest.raises(DomainError, match="mã PIN"):
        export_sign(export=export_build(export=export), by=officer)
    assert not SignedExport.objects.exists()
