"""Reads for the draft page: the provinces a user may draft for, and the source text cut into
pieces that know which proposals came from them."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from units.models import Unit
from units.permissions import Action, allowed

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from units.models import User


def draft_provinces(user: User | AnonymousUser) -> list[Unit]:
    """Provinces (root units) whose directives the user manages."""
    return [
        root
        for root in Unit.objects.filter(parent__isnull=True).order_by("code")
        if allowed(user, Action.DIRECTIVE_MANAGE, root)
    ]


def proposal_id(path: str) -> str:
    """ "tasks[3].targets[0]" -> "p-3-0"; "tasks[3].lead" -> "p-3"."""
    parts = [p.split("]")[0] for p in path.split("[")[1:]]
    return "p-" + "-".join(parts) if parts else "p-" + path.replace(".", "-")


def source_pieces(text: str, notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text as consecutive pieces, each with the proposals whose source covers it."""
    spans = []
    for note in notes:
        span = note.get("sentence") or note.get("span")
        if not span or not note.get("path", "").startswith("tasks[") or ".lead" in note["path"]:
            continue
        spans.append((span[0], span[1], proposal_id(note["path"])))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        ids = [pid for s, e, pid in spans if s <= start and end <= e]
        pieces.append({"text": text[start:end], "ids": " ".join(ids)})
    return pieces
