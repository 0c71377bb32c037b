"""The fields a Django admin change or add form would post as rendered, for tests that post
it back (altered)."""

from __future__ import annotations

from html.parser import HTMLParser


class Fields(HTMLParser):
    """The fields the admin's form would post as rendered: inputs, selects (several values for a
    multiple one), textareas, checked checkboxes and radios. Disabled fields are listed apart: a
    browser does not post them, but a crafted request may send anything."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str | list[str]] = {}
        self.disabled: set[str] = set()
        self._select: str | None = None
        self._multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        kind = a.get("type")
        if tag == "input" and name and kind == "checkbox":
            if "checked" in a:
                self._add(name, a.get("value") or "on")
        elif tag == "input" and name and kind == "radio":
            if "checked" in a:
                self.data[name] = a.get("value") or "on"
        elif tag == "input" and name and kind not in ("submit", "button", "file"):
            self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._multiple = name, "multiple" in a
            self.data[name] = [] if self._multiple else ""
        elif tag == "option" and self._select and "selected" in a:
            if self._multiple:
                self._add(self._select, a.get("value") or "")
            else:
                self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        if name and "disabled" in a:
            self.disabled.add(name)

    def _add(self, name: str, value: str) -> None:
        values = self.data.setdefault(name, [])
        assert isinstance(values, list)
        values.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            text = self.data[self._textarea]
            assert isinstance(text, str)
            # A browser drops the newline right after <textarea>.
            self.data[self._textarea] = text + (data if text else data.lstrip("\n"))


def fields(html: str) -> Fields:
    parser = Fields()
    parser.feed(html)
    return parser


def admin_form_data(page: str) -> dict[str, object]:
    """The values the page's form would post as it stands (management forms included, no CSRF
    token: the test client adds none), for a test to alter."""
    data: dict[str, object] = dict(fields(page).data)
    data.pop("csrfmiddlewaretoken", None)
    return data
