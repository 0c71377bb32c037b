"""The draft page: paste, review beside the text, map a name once, save through the import."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import Directive, UnitNameAlias
from tests.factories import user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(province) -> Client:
    client = Client()
    client.force_login(user_with_role(Role.REVIEWER, province.root))
    return client


def draft_page(client: Client, text: str):
    return client.post(reverse("directives:draft"), {"province": "VP", "text": text})


def test_the_directive_list_offers_drafting_to_an_officer(officer) -> None:
    assert reverse("directives:draft") in officer.get(reverse("directives:list")).content.decode()


def test_the_draft_sits_beside_its_text_with_lit_sources(officer, directive_text) -> None:
    response = draft_page(officer, directive_text)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="tasks-0-lead" value="VP-STTTT"' in page
    assert 'data-source="p-0-0"' in page and 'data-for="p-0 p-0-0"' in page
    assert "js/directive_draft.js" in page and "<script>" not in page


def test_a_refused_text_is_told_why_on_the_form(officer) -> None:
    response = draft_page(officer, "   ")
    assert response.status_code == 400
    assert "Chưa có nội dung" in response.content.decode()


def test_an_unknown_name_is_offered_for_mapping_and_remembered(
    officer, province, directive_text
) -> None:
    assert "Sở Tư pháp" in draft_page(officer, directive_text).content.decode()
    response = officer.post(
        reverse("directives:draft_aliases"),
        {"province": "VP", "text": directive_text, "alias-1-name": "Sở Tư pháp",
         "alias-1-unit": province.home_affairs.code},
    )  # fmt: skip
    assert response.status_code == 200
    assert UnitNameAlias.objects.get(root=province.root).unit == province.home_affairs
    assert f'name="tasks-2-lead" value="{province.home_affairs.code}"' in response.content.decode()


def saved_fields(province, text: str) -> dict[str, str]:
    return {
        "province": "VP", "text": text, "indicators": "[]",
        "directive-code": "15/CT-UBND", "directive-kind": "directive",
        "directive-title": "Chỉ thị về thư điện tử công vụ", "directive-issuer": "UBND tỉnh",
        "directive-issued_on": "2022-03-01", "directive-effective_from": "2022-03-01",
        "directive-reporting": "half_year, year", "directive-report_to": province.dic.code,
        "tasks-0-number": "1", "tasks-0-title": "Cấp hộp thư", "tasks-0-lead": province.dic.code,
        "tasks-0-targets-0-indicator": "", "tasks-1-number": "2", "tasks-1-title": "Bỏ đi",
        "tasks-1-lead": "@district", "tasks-1-remove": "1",
    }  # fmt: skip


def test_saving_imports_the_corrected_draft_and_opens_it(officer, province, directive_text) -> None:
    response = officer.post(
        reverse("directives:draft_save"), saved_fields(province, directive_text)
    )
    directive = Directive.objects.get(code="15/CT-UBND")
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:detail", args=[directive.pk])
    assert list(directive.tasks.values_list("number", flat=True)) == ["1"]


def test_a_draft_the_import_refuses_comes_back_with_every_problem(
    officer, province, directive_text
) -> None:
    fields = saved_fields(province, directive_text) | {"tasks-0-lead": "NO-SUCH"}
    response = officer.post(reverse("directives:draft_save"), fields)
    assert response.status_code == 400
    assert "NO-SUCH" in response.content.decode()
    assert not Directive.objects.exists()


def test_a_leader_may_not_draft(province) -> None:
    client = Client()
    client.force_login(user_with_role(Role.LEADER, province.root))
    assert client.get(reverse("directives:draft")).status_code == 403


def test_a_paste_over_the_size_limit_is_told_so_in_vietnamese_and_nothing_is_saved(
    officer: Client,
) -> None:
    response = draft_page(officer, "Chỉ thị " + "x" * (6 * 1024 * 1024))
    assert response.status_code == 400
    assert "Nội dung gửi lên quá lớn (tối đa 5 MB)" in response.content.decode()
    assert not Directive.objects.exists()
