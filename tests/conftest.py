"""Shared fixtures: a small province, and the trio of a unit's user, its parent's, an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import Client

from tests.factories import UnitFactory, level, user_with_role
from units.models import Role, Unit, User


@dataclass
class Province:
    root: Unit
    dic: Unit  # Sở Thông tin và Truyền thông: receives the reports
    home_affairs: Unit  # Sở Nội vụ
    district: Unit
    commune: Unit
    other_district: Unit
    other_commune: Unit


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def downloads() -> list[LogEntry]:
    """The change log's records of files handed out, oldest first."""
    return list(LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk"))


def make_province(prefix: str = "VP", name: str = "Vĩnh Phúc") -> Province:
    root = UnitFactory(
        code=prefix, name=f"UBND tỉnh {name}", level=level("province"), kind="UBND tỉnh"
    )
    district = UnitFactory(
        code=f"{prefix}-VINHYEN",
        name="UBND thành phố Vĩnh Yên",
        parent=root,
        level=level("district"),
        kind="UBND thành phố",
    )
    other = UnitFactory(
        code=f"{prefix}-TAMDAO",
        name="UBND huyện Tam Đảo",
        parent=root,
        level=level("district"),
        kind="UBND huyện",
    )
    return Province(
        root=root,
        dic=UnitFactory(code=f"{prefix}-STTTT", name="Sở Thông tin và Truyền thông", parent=root),
        home_affairs=UnitFactory(code=f"{prefix}-SNV", name="Sở Nội vụ", parent=root),
        district=district,
        commune=UnitFactory(
            code=f"{prefix}-VINHYEN-LIENBAO",
            name="UBND phường Liên Bảo",
            parent=district,
            level=level("commune"),
            kind="UBND phường",
        ),
        other_district=other,
        other_commune=UnitFactory(
            code=f"{prefix}-TAMDAO-HOPCHAU",
            name="UBND xã Hợp Châu",
            parent=other,
            level=level("commune"),
            kind="UBND xã",
        ),
    )


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    """API throttles count in the cache; user ids repeat between tests after a rollback."""
    cache.clear()


@pytest.fixture
def province(db) -> Province:
    return make_province()


@pytest.fixture
def unit_user(province: Province) -> User:
    """A reporter of the district."""
    return user_with_role(Role.REPORTER, province.district)


@pytest.fixture
def parent_user(province: Province) -> User:
    """A leader of the whole province: sees every unit below the root."""
    return user_with_role(Role.LEADER, province.root)


@pytest.fixture
def outsider(db) -> User:
    """A reporter of a unit in another province."""
    other = make_province("BT", "Bình Thuận")
    return user_with_role(Role.REPORTER, other.district)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real worker process on Redis and the test database (tests marked `worker`)."""
    from config.celery import app
    from tests.worker import run_worker

    app.conf.task_always_eager = False
    try:
        yield from run_worker()
    finally:
        app.conf.task_always_eager = True
