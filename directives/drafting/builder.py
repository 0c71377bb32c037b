"""From a directive's text to a draft in the directive file format, with the reason for each part.

Pure: it reads the province's units, levels, aliases and the indicator catalogue as plain values,
so the API, the page and the benchmark all draft the same way. Each proposal gets a note with the
rule that made it and the span of the source it came from.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from directives.drafting.catalogue import Catalogue, IndicatorRef
from directives.drafting.deadlines import Deadline, dated, find_deadlines
from directives.drafting.fold import Sentence, clean, fold, sentences
from directives.drafting.metadata import REPORT, read_metadata
from directives.drafting.numbering import Item, full_text, outline, walk
from directives.drafting.targets import TargetProposal, find_targets, implied_target
from directives.drafting.units_match import Mention, UnitMatcher, UnitRef, unmatched_names

FORMAT = "chitieu/directive@1"
DEFAULT_LEAD = ("@department", "@district")
_PURPOSE = re.compile(r"^(?:muc dich|yeu cau|muc tieu|quan diem|can cu|tinh hinh|ket qua)")
# One filler at a time, so that a mention that starts with "các" is still seen.
_FILLER_STEP = re.compile(
    r"[\s,;:&()]+|(?:giao|thu truong|chu tich|lanh dao|de nghi|yeu cau|cac|va|lien quan|"
    r"tren dia ban tinh|tinh)(?![a-z])"
)
_PARTNER = re.compile(r"(?<![a-z])(?:phoi hop(?:\s+voi)?|cung voi)(?![a-z])")


@dataclass
class Province:
    units: list[UnitRef]
    levels: set[str]
    indicators: list[IndicatorRef]
    aliases: dict[str, str] = field(default_factory=dict)


@dataclass
class _Context:
    text: str
    folded: str
    matcher: UnitMatcher
    catalogue: Catalogue
    issue_year: int | None
    notes: list[dict] = field(default_factory=list)
    # (indicator, op, value, due) of targets set by earlier tasks: documents repeat a figure
    # where they assign it to a second unit, and it is one target.
    stated: set[tuple] = field(default_factory=set)
    _all: list[Mention] | None = None
    _starts: list[int] = field(default_factory=list)

    def mentions(self, start: int, end: int) -> list[Mention]:
        """Mentions inside [start, end), found once over the whole text."""
        if self._all is None:
            self._all = self.matcher.mentions(self.folded)
            self._starts = [m.start for m in self._all]
        first = bisect.bisect_left(self._starts, start)
        found = []
        for mention in self._all[first:]:
            if mention.start >= end:
                break
            if mention.end <= end:
                found.append(mention)
        return found

    def note(self, path: str, rule: str, span: tuple[int, int] | None, **extra: Any) -> None:
        entry = {"path": path, "rule": rule, "span": list(span) if span else None}
        if span:
            entry["source"] = self.text[span[0] : span[1]][:400]
        self.notes.append({**entry, **extra})


def chain(ctx: _Context, start: int, end: int) -> list[Mention]:
    """Units named one after another from `start` ("Sở A, Sở B và UBND các huyện …")."""
    mentions = {m.start: m for m in ctx.mentions(start, end)}
    found, position = [], start
    while position < end:
        mention = mentions.get(position)
        if mention is not None:
            found.append(mention)
            position = mention.end
            continue
        step = _FILLER_STEP.match(ctx.folded, position)
        if step is None:
            break
        position = step.end()
    return found


def _selectors(mentions: list[Mention], root: str | None) -> list[str]:
    out: list[str] = []
    for mention in mentions:
        for selector in mention.selectors:
            if selector != root and selector not in out:
                out.append(selector)
    return out


def _partners(ctx: _Context, start: int, end: int) -> list[Mention]:
    found: list[Mention] = []
    for match in _PARTNER.finditer(ctx.folded, start, end):
        found.extend(chain(ctx, match.end(), end))
    return found


def build_draft(text: str, province: Province) -> dict[str, Any]:
    text = clean(text)
    folded = fold(text)
    root_unit = next((u for u in province.units if u.is_root), None)
    matcher = UnitMatcher(province.units, province.levels, province.aliases)
    tree, preamble = outline(text)
    meta = read_metadata(text, folded, preamble, _province_words(root_unit))
    ctx = _Context(text, folded, matcher, Catalogue(province.indicators), meta.issue_year)
    ctx.notes.extend(meta.notes)
    root_code = root_unit.code if root_unit else None
    issuer = (root_unit.name if root_unit else "").strip()
    if meta.issuer == "chair" and issuer:
        issuer = "Chủ tịch " + issuer
    tasks: list[dict] = []
    numbers: set[str] = set()
    for item in _task_items(tree):
        task = _task(ctx, item, root_code, len(tasks))
        if task is None:
            continue
        number = task["number"]
        while number in numbers:
            number += "'"
        task["number"] = number
        numbers.add(number)
        tasks.append(task)
    report_to = _report_to(ctx, preamble[1], root_code)
    indicators: list[dict] = []
    used = {t["indicator"] for task in tasks for t in task.get("targets", [])}
    for code in sorted(used):
        spec = ctx.catalogue.new.get(code)
        if spec is None:
            indicators.append({"code": code})
        else:
            indicators.append({k: v for k, v in spec.items() if not k.startswith("_")})
    directive = {
        "code": meta.code,
        "kind": meta.kind,
        "title": meta.title or meta.code,
        "issuer": issuer,
        "issued_on": meta.issued_on.isoformat() if meta.issued_on else None,
        "effective_from": meta.effective_from.isoformat() if meta.effective_from else None,
        "reporting": meta.reporting,
        "report_to": report_to,
    }
    body = preamble[1]
    names = unmatched_names(
        matcher, text[body:], folded[body:], ctx.mentions(body, len(text)), body
    )
    for name, start, end, suggestion in names:
        ctx.note("", "unmatched_unit", (start, end), name=name, suggestion=suggestion)
    draft = {"format": FORMAT, "directive": directive, "indicators": indicators, "tasks": tasks}
    return {"draft": draft, "notes": ctx.notes}


def _province_words(root: UnitRef | None) -> str:
    if root is None:
        return ""
    match = re.search(r"(?:tỉnh|thành phố)\s+(.+)$", root.name, re.IGNORECASE)
    return match.group(1) if match else ""


def _task_items(tree: Item) -> list[Item]:
    """Items that are tasks: lettered points (with what is under them) and leaves."""
    found = []
    for item in walk(tree):
        if any(a.kind == "letter" for a in item.ancestors()):
            continue
        if item.parent is not None and item not in item.parent.children:
            continue  # a lone paragraph merged into its heading, below
        children = item.children
        if len(children) == 1 and children[0].kind == "para":
            item.extra.append((children[0].start, children[0].end, children[0].text))
            item.children = []
            children = []
        if item.kind == "letter" or not children:
            found.append(item)
    return found


def _task(ctx: _Context, item: Item, root: str | None, index: int) -> dict | None:
    path = f"tasks[{index}]"
    purpose = any(
        _PURPOSE.match(fold(a.text).strip())
        for a in [item, *item.ancestors()]
        if a.kind != "letter"
    )
    own_lead = chain(ctx, item.start, item.end)
    heading_only = not item.children and item.extra and _heading_text(item.text)
    if heading_only and not own_lead:
        own_lead = chain(ctx, item.extra[0][0], item.extra[0][1])
    lead = _selectors(own_lead, root)
    lead_rule, lead_span = (
        "subject_named",
        (own_lead[0].start, own_lead[-1].end) if own_lead else None,
    )
    if not lead:
        for ancestor in item.ancestors():
            if _PARTNER.match(fold(ancestor.text).strip()):
                continue
            inherited = _selectors(chain(ctx, ancestor.start, ancestor.end), root)
            if inherited:
                lead, lead_rule, lead_span = (
                    inherited,
                    "heading_subject",
                    (ancestor.start, ancestor.end),
                )
                break
    if not lead:
        lead, lead_rule, lead_span = list(DEFAULT_LEAD), "default_all_agencies", None
    lead = [s for s in lead if s[1:] in ctx.matcher.levels or not s.startswith("@")] or [
        s for s in DEFAULT_LEAD if s[1:] in ctx.matcher.levels
    ]
    parts = full_text(item)
    support: list[str] = []
    for ancestor in item.ancestors():
        support += _selectors(_partners(ctx, ancestor.start, ancestor.end), root)
    for start, end, _ in parts:
        support += _selectors(_partners(ctx, start, end), root)
    support = [s for i, s in enumerate(support) if s not in lead and s not in support[:i]]
    targets: list[dict] = []
    target_notes: list[tuple[str, tuple[int, int], dict]] = []
    task_deadlines: list[Deadline] = []
    for start, _end, part in parts:
        part_sentences = sentences(part, start)
        leading = _leading_deadline(ctx, part_sentences[0]) if part_sentences else None
        for sentence in part_sentences:
            found = find_deadlines(ctx.folded[sentence.start : sentence.end], sentence.start)
            task_deadlines += [d for d in dated(found) if not d.starting]
            for proposal, deadline in _sentence_targets(ctx, sentence, found, leading):
                target = _target(ctx, proposal, sentence, deadline, lead, found)
                key = _key(target)
                if key in ctx.stated:
                    ctx.note(f"{path}.targets", "restated_target_dropped", None, target=target)
                    continue
                if any(key == _key(t) and t["scope"] == target["scope"] for t in targets):
                    continue
                targets.append(target)
                span = (sentence.start + proposal.start, sentence.start + proposal.end)
                target_notes.append(
                    (proposal.rule, span, {"sentence": [sentence.start, sentence.end]})
                )
    if purpose and not targets:
        return None
    ctx.stated |= {_key(t) for t in targets}
    title = sentences(item.extra[0][2] if heading_only else item.text, item.start)
    title_text = (title[0].text if title else item.text).strip(" :;.")[:300] or item.number
    task: dict[str, Any] = {"number": item.number, "title": title_text, "lead": lead}
    if support:
        task["support"] = support
    due = max((d.due for d in task_deadlines if d.due), default=None)
    if due and ctx.issue_year and due.year >= ctx.issue_year:
        task["due"] = due.isoformat()
    if targets:
        task["targets"] = targets
    ctx.note(path, "task_numbering", (item.start, item.end), number=item.number)
    ctx.note(f"{path}.lead", lead_rule, lead_span)
    for n, (rule, span, extra) in enumerate(target_notes):
        ctx.note(f"{path}.targets[{n}]", rule, span, **extra)
    return task


def _heading_text(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith(":") or stripped.isupper()


def _key(target: dict) -> tuple:
    return (target["indicator"], target["op"], target["value"], target["due"])


def _leading_deadline(ctx: _Context, first: Sentence) -> Deadline | None:
    found = dated(find_deadlines(ctx.folded[first.start : first.end], first.start))
    if found and found[0].start - first.start <= 3:
        return found[0]
    return None


def _sentence_targets(
    ctx: _Context, sentence: Sentence, found: list[Deadline], leading: Deadline | None
) -> list[tuple[TargetProposal, Deadline | None]]:
    folded = ctx.folded[sentence.start : sentence.end]
    proposals = find_targets(folded, level_counts=ctx.matcher.level_counts)
    dated_here = dated(found)
    if not proposals:
        opens = bool(dated_here) and dated_here[0].start - sentence.start <= 3
        implied = implied_target(
            folded,
            dated=bool(dated_here),
            opens_with_deadline=opens,
            after_deadline=dated_here[0].end - sentence.start if opens else 0,
        )
        proposals = [implied] if implied else []
    result = []
    for proposal in proposals:
        position = sentence.start + proposal.start
        clause_start, clause_end = _clause(folded, proposal.start)
        in_clause = [
            d
            for d in dated_here
            if sentence.start + clause_start <= d.start < sentence.start + clause_end
        ]
        before = [d for d in in_clause if d.start < position] or [
            d for d in dated_here if d.start < position
        ]
        deadline = (before[-1] if before else None) or (in_clause[0] if in_clause else None)
        deadline = deadline or (dated_here[0] if dated_here else None) or leading
        result.append((proposal, deadline))
    return result


def _clause(folded: str, position: int) -> tuple[int, int]:
    start = max(folded.rfind(";", 0, position), folded.rfind(":", 0, position)) + 1
    ends = [i for i in (folded.find(";", position), folded.find(":", position)) if i >= 0]
    return start, min(ends) if ends else len(folded)


def _target(
    ctx: _Context,
    proposal: TargetProposal,
    sentence: Sentence,
    deadline: Deadline | None,
    lead: list[str],
    found: list[Deadline],
) -> dict:
    folded = ctx.folded[sentence.start : sentence.end]
    scope = list(proposal.scope_hint)
    if not scope:
        clause = _clause(folded, proposal.start)
        for start, end in (clause, (0, len(folded))):
            scope = _scope_in(ctx, sentence.start + start, sentence.start + end)
            if scope:
                break
    scope = scope or list(lead)
    if deadline is not None and deadline.due is not None:
        due = deadline.due
    else:
        due = datetime.date(ctx.issue_year or datetime.date.today().year, 12, 31)
    at = folded.find(proposal.phrase) if proposal.phrase else -1
    phrase = (
        ctx.text[sentence.start + at : sentence.start + at + len(proposal.phrase)]
        if at >= 0
        else proposal.phrase
    )
    indicator = ctx.catalogue.propose(proposal.phrase, phrase, proposal.kind)
    target: dict[str, Any] = {
        "indicator": indicator.code,
        "op": proposal.op,
        "value": int(proposal.value)
        if proposal.value == int(proposal.value)
        else float(proposal.value),
        "due": due.isoformat(),
        "scope": scope,
        "judge": proposal.judge,
    }
    if proposal.units_share is not None and proposal.judge == "each_unit":
        target["units_share"] = int(proposal.units_share)
    yearly = any(d.rule == "yearly" for d in found)
    if yearly and proposal.kind == "ratio" and proposal.value < 100:
        target["change_per_year"] = True
    return target


def _scope_in(ctx: _Context, start: int, end: int) -> list[str]:
    partners = {(m.start, m.end) for m in _partners(ctx, start, end)}
    mentions = [m for m in ctx.mentions(start, end) if (m.start, m.end) not in partners]
    root = ctx.matcher.root_code
    levels = _selectors([m for m in mentions if m.rule != "unit_name"], root)
    return levels or _selectors([m for m in mentions if m.rule == "unit_name"], root)


_RECEIVER = re.compile(r"(?:gui|ve|cho)\s+$")


def _report_to(ctx: _Context, body_start: int, root: str | None) -> str | None:
    """The unit reports go to: named after "gửi"/"về" in a reporting sentence."""
    for sentence in sentences(ctx.text[body_start:], body_start):
        folded = ctx.folded[sentence.start : sentence.end]
        if not REPORT.search(folded):
            continue
        for mention in ctx.mentions(sentence.start, sentence.end):
            before = ctx.folded[max(sentence.start, mention.start - 8) : mention.start]
            if (
                mention.rule == "unit_name"
                and mention.selectors[0] != root
                and _RECEIVER.search(before)
            ):
                ctx.note("directive.report_to", "report_receiver", (mention.start, mention.end))
                return mention.selectors[0]
    for sentence in sentences(ctx.text[body_start:], body_start):
        folded = ctx.folded[sentence.start : sentence.end]
        if REPORT.search(folded) and "tong hop" in folded:
            named = chain(ctx, sentence.start, sentence.end)
            codes = [
                m.selectors[0] for m in named if m.rule == "unit_name" and m.selectors[0] != root
            ]
            if codes:
                ctx.note("directive.report_to", "report_compiler", (named[0].start, named[-1].end))
                return codes[0]
    ctx.note("directive.report_to", "report_to_province", None)
    return root
