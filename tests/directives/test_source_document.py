"""A directive's source document: served to whoever sees the directive's page, as a download a
browser will not run, recorded in its change log; checked by content and size when uploaded in
the admin, whose links lead to the serving view (nothing serves MEDIA_URL)."""

from __future__ import annotations

import posixpath
from email.message import Message
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from directives.forms import DirectiveAdminForm
from directives.models import Directive
from tests.conftest import Province, downloads, signed_in
from tests.factories import DirectiveFactory, UserFactory, user_with_role
from units.models import Role, User

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def directive(province: Province) -> Directive:
    return DirectiveFactory(
        report_to=province.dic, source_document=ContentFile(PDF, name="ct-05.pdf")
    )


def _url(directive: Directive) -> str:
    return reverse("directives:source_document", args=[directive.pk])


def test_a_reporter_of_the_province_downloads_it_as_a_safe_attachment_and_it_is_recorded(
    directive: Directive, unit_user: User
) -> None:
    response = signed_in(unit_user).get(_url(directive), REMOTE_ADDR="10.4.0.1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    name = posixpath.basename(directive.source_document.name)
    assert header.get_content_disposition() == "attachment" and header.get_filename() == name
    [entry] = downloads()
    assert (entry.actor, entry.remote_addr, entry.object_id, entry.content_type.model) == (
        unit_user, "10.4.0.1", directive.pk, "directive",
    )  # fmt: skip
    assert entry.changes_dict == {"export": [None, name]}


def test_the_download_shows_in_the_directives_change_log(
    directive: Directive, unit_user: User, province: Province
) -> None:
    signed_in(unit_user).get(_url(directive), REMOTE_ADDR="10.4.0.2")
    reviewer = user_with_role(Role.REVIEWER, province.root)
    page = signed_in(reviewer).get(reverse("directives:history", args=[directive.pk]))
    text = page.content.decode()
    assert (
        "10.4.0.2" in text
        and f"<td>{posixpath.basename(directive.source_document.name)}</td>" in text
    )


def test_someone_of_another_province_gets_404_and_nothing_is_recorded(
    directive: Directive, outsider: User
) -> None:
    assert signed_in(outsider).get(_url(directive)).status_code == 404
    assert downloads() == []


def test_an_anonymous_visitor_is_sent_to_the_login(directive: Directive) -> None:
    response = Client().get(_url(directive))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_directive_without_a_document_answers_404(province: Province, unit_user: User) -> None:
    directive = DirectiveFactory(report_to=province.dic)
    assert signed_in(unit_user).get(_url(directive)).status_code == 404


def test_only_get_is_answered(directive: Directive, unit_user: User) -> None:
    assert signed_in(unit_user).post(_url(directive)).status_code == 405


def test_a_file_stored_before_uploads_were_checked_goes_as_plain_bytes(
    province: Province, unit_user: User
) -> None:
    directive = DirectiveFactory(
        report_to=province.dic,
        source_document=ContentFile(b"<html><script>alert(1)</script>", name="cu.pdf"),
    )
    response = signed_in(unit_user).get(_url(directive))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "sandbox"


def test_the_directives_page_links_the_document_when_it_has_one(
    directive: Directive, province: Province, unit_user: User
) -> None:
    client = signed_in(unit_user)
    page = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    assert f'href="{_url(directive)}"' in page and "/media/" not in page
    bare = DirectiveFactory(report_to=province.dic)
    page = client.get(reverse("directives:detail", args=[bare.pk])).content.decode()
    assert _url(bare) not in page


# --- the admin --------------------------------------------------------------------------------


def _form_data(directive: Directive) -> dict[str, Any]:
    return {
        "code": directive.code, "kind": "plan", "title": "Kế hoạch", "issuer": "UBND tỉnh",
        "issued_on": "05/01/2016", "effective_from": "15/01/2016", "effective_to": "",
        "reporting": ["quarter"], "report_to": directive.report_to_id, "due_working_days": "",
    }  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64,  # a program
        b"<html><script>alert(1)</script></html>",
    ],
    ids=["exe", "html"],
)
def test_the_admin_form_refuses_a_file_that_is_not_what_its_name_says(
    directive: Directive, data: bytes
) -> None:
    upload = SimpleUploadedFile("chi-thi.pdf", data)
    form = DirectiveAdminForm(
        _form_data(directive), {"source_document": upload}, instance=directive
    )
    assert not form.is_valid()
    assert "nội dung tệp không đúng loại" in form.errors["source_document"][0]


@override_settings(CHITIEU_MAX_UPLOAD_BYTES=1024)
def test_the_admin_form_refuses_a_file_over_the_size_limit(directive: Directive) -> None:
    upload = SimpleUploadedFile("chi-thi.pdf", PDF + b"0" * 2048)
    form = DirectiveAdminForm(
        _form_data(directive), {"source_document": upload}, instance=directive
    )
    assert not form.is_valid()
    assert "giới hạn" in form.errors["source_document"][0]


def test_the_admin_form_keeps_a_real_pdf_and_an_unchanged_file(directive: Directive) -> None:
    assert DirectiveAdminForm(_form_data(directive), {}, instance=directive).is_valid()
    upload = SimpleUploadedFile("chi-thi-moi.pdf", PDF)
    form = DirectiveAdminForm(
        _form_data(directive), {"source_document": upload}, instance=directive
    )
    assert form.is_valid(), form.errors
    assert form.save().source_document.name.startswith("directives/")


def test_the_admin_change_page_links_the_document_to_its_view(directive: Directive) -> None:
    admin = signed_in(UserFactory(is_staff=True, is_superuser=True))
    page = admin.get(reverse("admin:directives_directive_change", args=[directive.pk]))
    text = page.content.decode()
    assert f'href="{_url(directive)}"' in text and 'href="/media/' not in text


def test_a_read_only_admin_page_links_the_document_to_its_view(
    directive: Directive, province: Province
) -> None:
    # A district's reviewer sees the province's directives in the admin but changes none.
    reviewer = user_with_role(Role.REVIEWER, province.district, is_staff=True)
    page = signed_in(reviewer).get(
        reverse("admin:directives_directive_change", args=[directive.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'name="code"' not in text  # read only
    assert f'href="{_url(directive)}"' in text and 'href="/media/' not in text
