"""Saving a draft goes through the normal import; names mapped once are remembered."""

from __future__ import annotations

import pytest

from config.errors import DomainError, ImportRejected
from directives.drafting.services import (
    directive_draft,
    directive_draft_save,
    unit_alias_remember,
)
from directives.models import Directive, UnitNameAlias
from tests.factories import user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


def test_a_draft_as_drafted_imports_all_or_nothing(province, directive_text) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    draft = directive_draft(root=province.root, text=directive_text)["draft"]
    result = directive_draft_save(draft=draft, by=reviewer)
    directive = Directive.objects.get(code="DU-THAO-CT-2022")
    assert result.directive == directive
    assert directive.tasks.count() == len(draft["tasks"])
    drafted = sum(len(t.get("targets", [])) for t in draft["tasks"])
    assert sum(t.targets.count() for t in directive.tasks.all()) == drafted == 3


def test_a_broken_draft_is_refused_and_nothing_is_written(province, directive_text) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    draft = directive_draft(root=province.root, text=directive_text)["draft"]
    draft["tasks"][-1]["lead"] = ["NO-SUCH-UNIT"]
    with pytest.raises(ImportRejected):
        directive_draft_save(draft=draft, by=reviewer)
    assert not Directive.objects.exists()


def test_a_mapped_name_is_used_by_the_next_draft(province, directive_text) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    unit_alias_remember(
        root=province.root, name="Sở Tư pháp", unit=province.home_affairs, by=reviewer
    )
    result = directive_draft(root=province.root, text=directive_text)
    task = next(t for t in result["draft"]["tasks"] if t["number"] == "2")
    assert task["lead"] == [province.home_affairs.code]
    assert not [n for n in result["notes"] if n["rule"] == "unmatched_unit"]


def test_mapping_the_same_name_again_replaces_it(province) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    unit_alias_remember(root=province.root, name="Sở Tư  pháp", unit=province.dic, by=reviewer)
    unit_alias_remember(
        root=province.root, name="sở tư pháp", unit=province.home_affairs, by=reviewer
    )
    assert list(UnitNameAlias.objects.values_list("name", "unit")) == [
        ("so tu phap", province.home_affairs.pk)
    ]


def test_a_unit_of_another_province_cannot_be_mapped(province) -> None:
    from tests.conftest import make_province

    other = make_province("BT", "Bình Thuận")
    reviewer = user_with_role(Role.REVIEWER, province.root)
    with pytest.raises(DomainError):
        unit_alias_remember(root=province.root, name="Sở X", unit=other.dic, by=reviewer)
