"""The draft page's fields back into a draft (the directive file format as a dict).

Field names: `directive-<key>`, `tasks-<n>-<key>`, `tasks-<n>-targets-<m>-<key>`, `-remove` to
drop a row; blank rows (the ones offered for adding) are skipped. Values are kept as typed: the
import checks them and lists every problem.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from directives.drafting.builder import FORMAT
from directives.drafting.text import MAX_BYTES

DIRECTIVE_KEYS = ["code", "kind", "title", "issuer", "issued_on", "effective_from", "report_to"]
TASK_KEYS = ["number", "title", "due"]
TARGET_KEYS = ["indicator", "op", "value", "due", "judge", "units_share"]


class DraftStartForm(forms.Form):
    province = forms.ChoiceField(label=_("Tỉnh"))
    text = forms.CharField(label=_("Nội dung văn bản"), required=False, widget=forms.Textarea)
    file = forms.FileField(label=_("Hoặc tệp PDF, DOCX, TXT"), required=False)

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces
        self.fields["text"].widget.attrs.update({"rows": 18, "data-draft-text": ""})

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 5 MB."))
        return upload


def _list(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


def _number(value: str) -> Any:
    try:
        number = Decimal(value.strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        return value
    return int(number) if number == int(number) else float(number)


def _rows(data: QueryDict, prefix: str) -> list[str]:
    """The row numbers present for `prefix` (e.g. "tasks-" or "tasks-3-targets-")."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)-")
    return sorted({m.group(1) for key in data for m in [pattern.match(key)] if m}, key=int)


def draft_from_post(data: QueryDict) -> dict[str, Any]:
    directive = {key: data.get(f"directive-{key}", "").strip() for key in DIRECTIVE_KEYS}
    directive["reporting"] = _list(data.get("directive-reporting", ""))
    tasks = []
    for n in _rows(data, "tasks-"):
        p = f"tasks-{n}-"
        if data.get(p + "remove") or not data.get(p + "title", "").strip():
            continue
        task: dict[str, Any] = {key: data.get(p + key, "").strip() for key in TASK_KEYS}
        task["lead"] = _list(data.get(p + "lead", ""))
        if support := _list(data.get(p + "support", "")):
            task["support"] = support
        if not task["due"]:
            task.pop("due")
        targets = []
        for m in _rows(data, p + "targets-"):
            q = f"{p}targets-{m}-"
            if data.get(q + "remove") or not data.get(q + "indicator", "").strip():
                continue
            target = {key: data.get(q + key, "").strip() for key in TARGET_KEYS}
            target["value"] = _number(target["value"])
            target["scope"] = _list(data.get(q + "scope", ""))
            if target["units_share"]:
                target["units_share"] = _number(target["units_share"])
            else:
                target.pop("units_share")
            if not target["due"]:
                target.pop("due")
            targets.append(target)
        if targets:
            task["targets"] = targets
        tasks.append(task)
    return {
        "format": FORMAT,
        "directive": directive,
        "indicators": _indicators(data.get("indicators", "[]"), tasks),
        "tasks": tasks,
    }


def _indicators(declared_json: str, tasks: list[dict]) -> list[dict]:
    """New indicators proposed by the draft, as declared; any other code by code alone."""
    try:
        declared = {i["code"]: i for i in json.loads(declared_json) if isinstance(i, dict)}
    except (ValueError, TypeError, KeyError):
        declared = {}
    used = []
    for task in tasks:
        for target in task.get("targets", []):
            if target["indicator"] not in used:
                used.append(target["indicator"])
    return [declared.get(code, {"code": code}) for code in used]
