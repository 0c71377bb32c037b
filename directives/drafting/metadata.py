"""The directive's own data: kind, number and code, issuer, dates, title, reporting cadence."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from directives.drafting.deadlines import dated, find_deadlines
from directives.drafting.fold import fold

KINDS = [
    ("chi thi", "directive", "CT"),
    ("ke hoach", "plan", "KH"),
    ("quyet dinh", "decision", "QĐ"),
    ("chuong trinh", "program", "CTr"),
]
_CODE = re.compile(
    r"(?i:s[oố])\s*:?\s*(\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐa-zđ]{1,6}-[A-ZĐ0-9]{2,10})"
)
_SIGNED = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_CITED_YEAR = re.compile(
    r"(?:ngay\s+\d{1,2}\s*(?:/|thang)\s*\d{1,2}\s*(?:/|nam)\s*|/)(\d{4})(?:\s*/|(?![\d]))"
)
_EFFECT_AFTER = re.compile(r"co hieu luc(?: thi hanh)?\s+sau\s+(\d{1,3})\s+ngay")
_EFFECT_FROM = re.compile(
    r"co hieu luc(?: thi hanh)?\s+(?:ke\s+)?tu\s+ngay\s+(\d{1,2})/(\d{1,2})/(\d{4})"
)
_CHAIR = re.compile(
    r"chu tich\s+(?:ubnd|uy ban nhan dan)\s+tinh\s+(?:yeu cau|chi thi|quyet dinh|giao)"
)


@dataclass
class Metadata:
    code: str = ""
    kind: str = "other"
    title: str = ""
    issuer: str = ""
    issued_on: datetime.date | None = None
    effective_from: datetime.date | None = None
    reporting: list[str] = field(default_factory=list)
    issue_year: int | None = None
    notes: list[dict] = field(default_factory=list)

    def note(self, path: str, rule: str, message: str, span: tuple[int, int] | None = None) -> None:
        self.notes.append({"path": path, "rule": rule, "message": message, "span": span})


def read_metadata(
    text: str, folded: str, preamble: tuple[int, int], province_name: str
) -> Metadata:
    meta = Metadata()
    head = text[: max(preamble[1], 1)]
    head_folded = folded[: len(head)]
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", head)]
    kind_line = None
    for position, line in lines[:25]:
        line_folded = fold(line).strip()
        for word, kind, _ in KINDS:
            if line_folded == word or (line_folded.startswith(word) and line.strip().isupper()):
                meta.kind, kind_line = kind, (position, line)
                meta.note(
                    "directive.kind", "kind_heading", line.strip(), (position, position + len(line))
                )
                break
        if kind_line:
            break
    if kind_line:
        title_lines = []
        for position, line in lines:
            if position <= kind_line[0] or not line.strip():
                continue
            if len(title_lines) >= 3 or not _title_like(line):
                break
            title_lines.append(line.strip())
        body = " ".join(title_lines)
        if body.isupper():
            body = body.lower()
            for part in province_name.split():
                body = body.replace(part.lower(), part)
        if body.split(" ", 1)[0] in ("Về", "VỀ"):
            body = "về" + body[2:]
        kind_word = kind_line[1].strip().capitalize()
        meta.title = f"{kind_word} {body}".strip()
    code = _CODE.search(text[:3000])
    if code:
        meta.code = re.sub(r"\s+", "", code.group(1))
        meta.note("directive.code", "number_line", code.group(0), code.span())
    signed = _SIGNED.search(head_folded)
    if signed:
        try:
            meta.issued_on = datetime.date(
                int(signed.group(3)), int(signed.group(2)), int(signed.group(1))
            )
            meta.note("directive.issued_on", "signing_date", signed.group(0), signed.span())
        except ValueError:
            meta.issued_on = None
    meta.issue_year = meta.issued_on.year if meta.issued_on else _issue_year(folded, preamble)
    if meta.issued_on is None and meta.issue_year:
        meta.issued_on = datetime.date(meta.issue_year, 1, 1)
        meta.note(
            "directive.issued_on",
            "issue_year_inferred",
            "Không thấy ngày ký: lấy ngày 1/1 của năm suy ra từ văn bản, cần sửa lại.",
        )
    if not meta.code:
        abbreviation = next((a for _, k, a in KINDS if k == meta.kind), "VB")
        meta.code = f"DU-THAO-{abbreviation}-{meta.issue_year or ''}".rstrip("-")
        meta.note("directive.code", "code_missing", "Không thấy số, ký hiệu: cần nhập số thật.")
    meta.effective_from = meta.issued_on
    after = _EFFECT_AFTER.search(folded)
    if after and meta.issued_on:
        meta.effective_from = meta.issued_on + datetime.timedelta(days=int(after.group(1)))
        meta.note("directive.effective_from", "effective_after_days", after.group(0), after.span())
    since = _EFFECT_FROM.search(folded)
    if since:
        try:
            meta.effective_from = datetime.date(
                int(since.group(3)), int(since.group(2)), int(since.group(1))
            )
            meta.note(
                "directive.effective_from", "effective_from_date", since.group(0), since.span()
            )
        except ValueError:
            pass
    chair = _CHAIR.search(folded) or re.search(r"^\s*chu tich", head_folded, re.MULTILINE)
    meta.issuer = "chair" if chair else "committee"
    meta.reporting = reporting(folded)
    return meta


def _title_like(line: str) -> bool:
    """A title line: capitals, or short and not a sentence of the body."""
    stripped = line.strip()
    if stripped.isupper():
        return True
    return len(stripped) < 160 and not stripped.endswith((".", ":", ";"))


def _issue_year(folded: str, preamble: tuple[int, int]) -> int | None:
    """The first deadline year not earlier than the latest document the text cites."""
    cited = [int(y) for y in _CITED_YEAR.findall(folded) if 1990 <= int(y) <= 2100]
    latest_cited = max(cited) if cited else None
    body = folded[preamble[1] :]
    years = sorted({d.due.year for d in dated(find_deadlines(body)) if d.rule != "before_date"})
    for year in years:
        if latest_cited is None or year >= latest_cited:
            return year
    return latest_cited


REPORT = re.compile(r"bao cao|so ket|tong ket")
CADENCES = [
    ("quarter", re.compile(r"(?:hang|hach|moi)\s+quy|(?:03|3|ba)\s+thang|theo quy(?![a-z])")),
    ("half_year", re.compile(r"(?:06|6|sau)\s+thang")),
    ("year", re.compile(r"(?:hang|hach|moi|01|1)\s+nam|ca nam")),
]


def reporting(folded: str) -> list[str]:
    """Period kinds named beside "báo cáo" or "sơ kết": hằng quý, 6 tháng, hằng năm."""
    found: list[str] = []
    for sentence in re.split(r"(?<=[.;])\s+|\n", folded):
        periodic = "dinh ky" in sentence or re.search(
            r"hang nam|hach nam|hang quy|bao cao\s+(?:ket qua\s+)?(?:06|6|03|3)\s+thang", sentence
        )
        if not REPORT.search(sentence) or not periodic:
            continue
        for kind, pattern in CADENCES:
            if pattern.search(sentence) and kind not in found:
                found.append(kind)
    order = [k for k, _ in CADENCES]
    return sorted(found, key=order.index) or ["year"]
