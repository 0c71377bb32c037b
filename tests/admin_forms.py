"""The fields a Django admin change form would post as rendered, for tests that post it back."""

from __future__ import annotations

from html.parser import HTMLParser


class Fields(HTMLParser):
    """The fields the admin's change form would post as rendered: inputs, selects, textareas
    (disabled ones are not posted by a browser, but a crafted request may send anything)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str | list[str]] = {}
        self.disabled: set[str] = set()
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "file"):
            self.data[name] = a.get("value") or ""
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            checked = self.data.setdefault(name, [])
            assert isinstance(checked, list)
            checked.append(a.get("value") or "on")
        elif tag == "select" and name:
            self._select = name
            self.data[name] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        if name and "disabled" in a:
            self.disabled.add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            text = self.data[self._textarea]
            assert isinstance(text, str)
            self.data[self._textarea] = text + (data if text else data.lstrip("\n"))


def fields(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    return parser
