from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskAssigneeFactory,
    TaskFactory,
    user_with_role,
)
from units.models import Role

pytestmark = pytest.mark.django_db
LISTS = ["units:list", "directives:list", "directives:tasks", "indicators:list"]


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["home", *LISTS])
def test_pages_send_anonymous_visitors_to_the_login_page(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_login_page_is_in_vietnamese_and_refuses_a_wrong_password(
    client: Client, unit_user
) -> None:
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("login"), {"username": unit_user.username, "password": "sai"})
    assert "không đúng" in response.content.decode()
    response = client.post(
        reverse("login"), {"username": unit_user.username, "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 302 and response.url == reverse("home")


def test_english_is_available(client: Client, unit_user) -> None:
    login(client, unit_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Directives" in client.get(reverse("home")).content.decode()


def test_home_shows_each_role_where_to_go(client: Client, province: Province) -> None:
    reporter = user_with_role(Role.REPORTER, province.district)
    page = login(client, reporter).get(reverse("home")).content.decode()
    assert "Cán bộ báo cáo — UBND thành phố Vĩnh Yên" in page
    assert reverse("admin:index") not in page
    reviewer = user_with_role(Role.REVIEWER, province.root)
    page = login(client, reviewer).get(reverse("home")).content.decode()
    assert reverse("admin:index") in page


def test_a_user_without_a_unit_is_told_so(client: Client, db) -> None:
    from tests.factories import UserFactory

    page = login(client, UserFactory()).get(reverse("home")).content.decode()
    assert "chưa được gán vào đơn vị nào" in page


def test_the_unit_list_shows_only_the_users_subtree_and_searches_without_diacritics(
    client: Client, province: Province
) -> None:
    leader = user_with_role(Role.LEADER, province.district)
    page = login(client, leader).get(reverse("units:list")).content.decode()
    assert "UBND phường Liên Bảo" in page and "Sở Nội vụ" not in page
    page = client.get(reverse("units:list"), {"q": "lien bao"}).content.decode()
    assert "<tr><td>UBND phường Liên Bảo</td>" in page
    assert "<tr><td>UBND thành phố Vĩnh Yên</td>" not in page
    assert "VP-VINHYEN-LIENBAO" not in page  # a leader reads names; codes are the officers'


def test_officers_see_each_units_code_under_its_name(client: Client, province: Province) -> None:
    officer = user_with_role(Role.REVIEWER, province.root)
    page = login(client, officer).get(reverse("units:list"), {"q": "lien bao"}).content.decode()
    assert (
        '<td>UBND phường Liên Bảo<small class="code-hint">VP-VINHYEN-LIENBAO</small></td>' in page
    )


def test_lists_use_a_fixed_number_of_queries(
    client: Client, province: Province, parent_user, django_assert_max_num_queries
) -> None:
    login(client, parent_user)
    directive = DirectiveFactory(report_to=province.dic)
    for _ in range(30):
        TaskFactory(directive=directive)
        IndicatorFactory()
    for name in LISTS:
        # 9: the header's unread-notification count is one query on every page.
        with django_assert_max_num_queries(9):
            assert client.get(reverse(name)).status_code == 200


def test_directive_search_forgives_missing_diacritics(
    client: Client, province: Province, parent_user
) -> None:
    DirectiveFactory(
        report_to=province.dic, title="Về đẩy mạnh sử dụng chữ ký số", code="15/CT-UBND"
    )
    DirectiveFactory(report_to=province.dic, title="Về cải cách hành chính", code="16/CT-UBND")
    page = (
        login(client, parent_user)
        .get(reverse("directives:list"), {"q": "chu ky so"})
        .content.decode()
    )
    assert "15/CT-UBND" in page and "16/CT-UBND" not in page


def test_task_search_and_filter(client: Client, province: Province, parent_user) -> None:
    directive = DirectiveFactory(report_to=province.dic)
    TaskFactory(directive=directive, number="3.d", title="Triển khai phần mềm một cửa điện tử")
    TaskFactory(directive=directive, number="4.a", title="Bảo đảm an toàn thông tin")
    page = (
        login(client, parent_user)
        .get(reverse("directives:tasks"), {"q": "mot cua", "directive": directive.pk})
        .content.decode()
    )
    assert "một cửa điện tử" in page and "an toàn thông tin" not in page


def test_indicator_search(client: Client, unit_user) -> None:
    IndicatorFactory(code="DOCS_SIGNED", name="Tỷ lệ văn bản ký số")
    IndicatorFactory(code="EMAIL", name="Tỷ lệ sử dụng thư điện tử")
    page = login(client, unit_user).get(reverse("indicators:list"), {"q": "ky so"}).content.decode()
    assert "Tỷ lệ văn bản ký số" in page and "thư điện tử" not in page
    assert "DOCS_SIGNED" not in page  # a unit's staff read names; codes are the officers'


def test_officers_see_each_indicators_code_under_its_name(
    client: Client, province: Province
) -> None:
    IndicatorFactory(code="DOCS_SIGNED", name="Tỷ lệ văn bản ký số")
    officer = user_with_role(Role.REVIEWER, province.root)
    page = login(client, officer).get(reverse("indicators:list")).content.decode()
    assert 'Tỷ lệ văn bản ký số<small class="code-hint">DOCS_SIGNED</small>' in page


def test_directive_detail_shows_tasks_targets_and_scope_in_few_queries(
    client: Client, province: Province, unit_user, django_assert_max_num_queries
) -> None:
    directive = DirectiveFactory(report_to=province.dic, code="886/QĐ-UBND")
    for number in range(20):
        task = TaskFactory(directive=directive, number=f"I.{number}")
        TaskAssigneeFactory(task=task, unit=province.home_affairs)
        TargetScopeFactory(target=TargetFactory(task=task))
    login(client, unit_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    assert "886/QĐ-UBND" in page and "I.19" in page and "Sở Nội vụ" in page and "Cấp huyện" in page


def test_a_directive_of_another_province_is_a_404(
    client: Client, province: Province, outsider
) -> None:
    directive = DirectiveFactory(report_to=province.dic, code="SECRET/CT")
    login(client, outsider)
    assert client.get(reverse("directives:detail", args=[directive.pk])).status_code == 404
    assert "SECRET/CT" not in client.get(reverse("directives:list")).content.decode()
    assert client.get(reverse("directives:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", LISTS)
def test_lists_refuse_writes(client: Client, unit_user, name: str) -> None:
    assert login(client, unit_user).post(reverse(name)).status_code == 405


def test_free_text_is_escaped(client: Client, province: Province, parent_user) -> None:
    DirectiveFactory(report_to=province.dic, title="<script>alert(1)</script>")
    page = login(client, parent_user).get(reverse("directives:list")).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_bad_page_number_gives_a_valid_page(client: Client, unit_user) -> None:
    assert login(client, unit_user).get(reverse("units:list"), {"page": "abc"}).status_code == 200


def test_a_bad_filter_value_is_explained_in_vietnamese(client: Client, parent_user) -> None:
    response = login(client, parent_user).get(reverse("units:list"), {"level": "tinh-thanh"})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_the_portal_speaks_vietnamese_to_an_english_browser_until_english_is_chosen(
    client: Client, unit_user
) -> None:
    login(client, unit_user)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Văn bản chỉ đạo" in page and 'lang="vi"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("home")).content.decode()
