"""Control characters (a NUL above all, which PostgreSQL refuses in text) are refused with a
located message wherever free text comes in: units CSV, directive YAML, the report form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from config.errors import ImportRejected
from directives.services import directive_import
from reports.submissions.models import TaskUpdate
from tests.conftest import Province
from tests.directives.directive_yaml import VALID, edit
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import FILLED, district_directive, start
from units.models import Role, Unit
from units.services import units_import

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("column", ["name", "kind"])
def test_a_units_file_with_a_nul_in_a_name_or_kind_is_refused_at_its_line(column: str) -> None:
    cells = {"name": "UBND tỉnh Hà Nam", "kind": "UBND tỉnh"}
    cells[column] = cells[column].replace(" ", "\x00", 1)
    data = f"code,name,parent,level,kind\nHNAM,{cells['name']},,province,{cells['kind']}\n"
    with pytest.raises(ImportRejected) as caught:
        units_import(data=data.encode())
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (2, column)
    assert "ký tự điều khiển U+0000" in problem.message
    assert not Unit.objects.filter(code="HNAM").exists()


def test_a_line_break_inside_a_quoted_unit_name_is_refused_too() -> None:
    data = 'code,name,parent,level,kind\nHNAM,"UBND tỉnh\nHà Nam",,province,UBND tỉnh\n'
    with pytest.raises(ImportRejected) as caught:
        units_import(data=data.encode())
    assert "U+000A" in caught.value.problems[0].message


def test_a_directive_title_with_an_escaped_nul_is_refused_at_its_line(province: Province) -> None:
    text = edit(VALID, 'title: "Chỉ thị về đẩy', 'title: "Chỉ thị\\0 về đẩy')
    with pytest.raises(ImportRejected) as caught:
        directive_import(data=text.encode())
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (5, "directive.title")
    assert "U+0000" in problem.message


def test_a_multi_line_task_title_keeps_its_line_breaks(province: Province) -> None:
    text = edit(
        VALID,
        'title: "Triển khai chữ ký số trong trao đổi văn bản"',
        'title: "Triển khai chữ ký số\\ntrong trao đổi văn bản"',
    )
    result = directive_import(data=text.encode())
    assert (
        result.directive.tasks.get(number="1.a").title
        == "Triển khai chữ ký số\ntrong trao đổi văn bản"
    )


def test_the_report_form_refuses_a_control_character_next_to_its_field(
    client: Client, province: Province
) -> None:
    submission = start(district_directive(province), province)
    client.force_login(user_with_role(Role.REPORTER, province.district))
    posted = {**FILLED, "task:1:progress": "Đã cấp\x00 chứng thư số", "version": "1"}
    response = client.post(reverse("reports:save", args=[submission.pk]), posted)
    assert response.status_code == 400
    assert "Có ký tự điều khiển U+0000" in response.content.decode()
    assert not TaskUpdate.objects.exists()


def test_a_raw_control_character_in_a_directive_file_is_refused_at_its_line(
    province: Province,
) -> None:
    text = edit(VALID, "  issuer:", "  \x1fissuer:")
    with pytest.raises(ImportRejected) as caught:
        directive_import(data=text.encode())
    [problem] = caught.value.problems
    assert problem.line == 6 and "có ký tự điều khiển U+001F" in problem.message
