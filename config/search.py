"""Search that forgives missing diacritics: "so noi vu" finds "Sở Nội vụ".

Each searchable model keeps a folded copy of its searchable text (lower case, no diacritics,
đ → d) in a `search_text` column, so the same plain `LIKE` works on SQLite and PostgreSQL
without database extensions.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics, keeping one space between words."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def fold_parts(*parts: str | None) -> str:
    return fold(" ".join(part for part in parts if part))


def search_filter(queryset: QuerySet, terms: str, field: str = "search_text") -> QuerySet:
    """Keep rows whose folded text holds every word of `terms`, in any order."""
    condition = Q()
    for word in fold(terms).split():
        condition &= Q(**{f"{field}__contains": word})
    return queryset.filter(condition)


class FoldedSearchAdminMixin:
    """Admin search through the folded column, so admins can type without diacritics."""

    search_fields = ("search_text",)
    folded_search_field = "search_text"

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return search_filter(queryset, search_term, self.folded_search_field), False


class FoldedSearchModel(models.Model):
    """A model searchable without diacritics: `search_parts()` feeds its folded column."""

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold_parts(*self.search_parts())
        super().save(*args, **kwargs)

    def search_parts(self) -> tuple[str | None, ...]:
        raise NotImplementedError
