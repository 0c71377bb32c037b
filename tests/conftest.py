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
def celery_worker_process_for_session(django_db_setup, django_db_blocker):
    """One real worker process on Redis and the test database, started by the first test
    that needs it and kept for the session."""
    from tests.worker import run_worker

    yield from run_worker()


@pytest.fixture
def celery_worker(celery_worker_process_for_session):
    """Tasks go to the real worker during this test only (tests marked `worker`): every other
    test, before or after, runs its tasks in-process and may count on their having run."""
    from celery._state import _set_task_join_will_block

    from config.celery import app

    # Eager tasks run at once in several threads (the deadline-day test) race Celery's global
    # "inside a task" flag and may leave it set; this process is no task: it may wait on results.
    _set_task_join_will_block(False)
    app.conf.task_always_eager = False
    try:
        yield celery_worker_process_for_session
    finally:
        app.conf.task_always_eager = True


# --- drafting a directive from its text ---------------------------------------------------------
DRAFTING_UNITS = [
    ("LS", "UBND tỉnh Lâm Sơn", "province"),
    ("LS-STTTT", "Sở Thông tin và Truyền thông tỉnh Lâm Sơn", "department"),
    ("LS-SNV", "Sở Nội vụ tỉnh Lâm Sơn", "department"),
    ("LS-SKHDT", "Sở Kế hoạch và Đầu tư tỉnh Lâm Sơn", "department"),
    ("LS-SGDDT", "Sở Giáo dục và Đào tạo tỉnh Lâm Sơn", "department"),
    ("LS-CAT", "Công an tỉnh Lâm Sơn", "department"),
    ("LS-DONGHA", "UBND huyện Đông Hà", "district"),
    ("LS-TAYSON", "UBND thị xã Tây Sơn", "district"),
    ("LS-DONGHA-AN", "UBND xã An Phú", "commune"),
    ("LS-DONGHA-BINH", "UBND xã Bình Phú", "commune"),
    ("LS-VNPT", "VNPT Lâm Sơn", "enterprise"),
]


@pytest.fixture
def drafting_province():
    """A province as the drafting engine sees it: plain values, no database."""
    from directives.drafting.builder import Province as DraftingProvince
    from directives.drafting.catalogue import IndicatorRef
    from directives.drafting.units_match import UnitRef

    units = [UnitRef(code, name, lvl, lvl == "province") for code, name, lvl in DRAFTING_UNITS]
    indicators = [
        IndicatorRef("STAFF_EMAIL", "Tỷ lệ cán bộ, công chức sử dụng thư điện tử công vụ", "ratio"),
        IndicatorRef("IT_OFFICERS", "Số cán bộ chuyên trách công nghệ thông tin", "count"),
    ]
    return DraftingProvince(units, {lvl for _, _, lvl in DRAFTING_UNITS}, indicators)


SAMPLE_DIRECTIVE = """CHỈ THỊ
Về tăng cường sử dụng thư điện tử công vụ và chữ ký số tỉnh Lâm Sơn

Thời gian qua, việc dùng thư điện tử công vụ ở nhiều cơ quan còn hình thức. Để khắc phục, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Sở Thông tin và Truyền thông:
a) Chủ trì, phối hợp với Sở Nội vụ cấp hộp thư cho cán bộ; đến hết năm 2022, 100% cán bộ, công chức sử dụng thư điện tử công vụ.
b) Trong quý II/2022, hướng dẫn các sở, ban, ngành cài đặt chữ ký số.
2. Sở Tư pháp bố trí mỗi đơn vị có tối thiểu 01 cán bộ chuyên trách công nghệ thông tin trước tháng 7/2022.
3. UBND các huyện, thị xã chỉ đạo 100% các xã có trang thông tin điện tử trong năm 2023.
4. Các sở, ban, ngành, UBND cấp huyện định kỳ 6 tháng, hằng năm báo cáo kết quả về Sở Thông tin và Truyền thông để tổng hợp.

Chỉ thị này có hiệu lực kể từ ngày ký./.
"""


@pytest.fixture
def directive_text() -> str:
    """A short directive written for the tests, in the style of a provincial Chỉ thị."""
    return SAMPLE_DIRECTIVE
