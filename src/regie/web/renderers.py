"""The form renderer: Django's own widget templates, with the common widgets written out in Python.

Django renders every widget through its template engine: an `<input>` is a template that includes another
(`attrs.html`), a `<select>` includes a template per `<option>`. A dossier page shows some thirty fields,
so that alone cost milliseconds a request. `FormRenderer` produces the very same HTML for the input,
textarea and select widgets (Django's `django/forms/widgets/*.html`, after the renderer's `strip()`) in
Python; anything else, or anything out of the ordinary (a label that is not text, an option template of
its own), still goes through the templates. `web/tests/test_renderers.py` holds the two to each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise, cached_property
from django.utils.html import escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
# The templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "color",
        "search",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
    )
)
_TEXTAREA = f"{_WIDGETS}textarea.html"
_SELECT = f"{_WIDGETS}select.html"
_OPTION = f"{_WIDGETS}select_option.html"


class _Unusual(Exception):
    """A value the Python rendering does not handle exactly as the template would: use the template."""


def _text(value: Any) -> str:
    """`{{ value }}` of text: escaped unless marked safe. Other types the template would localise."""
    if isinstance(value, str):
        return value if isinstance(value, SafeData) else escape(value)
    if isinstance(value, Promise):
        return escape(str(value))
    raise _Unusual


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: "%s" of anything, escaped unless the value was marked safe."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """`django/forms/widgets/attrs.html`."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                raise _Unusual
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_IN_PYTHON = {**dict.fromkeys(_INPUTS, _input), _TEXTAREA: _textarea, _SELECT: _select}


class FormRenderer(DjangoTemplates):
    """Django's `DjangoTemplates` renderer; the input, textarea and select widgets rendered in Python."""

    @cached_property
    def _in_python(self) -> dict[str, Any]:
        """The widgets written out in Python, as long as the templates are Django's own (an app may
        override a widget template: then that template is used)."""
        own = Path(django.forms.__file__).resolve().parent / "templates"
        names = [*_IN_PYTHON, _OPTION, f"{_WIDGETS}attrs.html"]
        if any(not Path(self.get_template(name).origin.name).resolve().is_relative_to(own) for name in names):
            return {}
        return _IN_PYTHON

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = self._in_python.get(template_name)
        widget = context.get("widget")
        if write is not None and isinstance(widget, dict) and widget.get("template_name") == template_name:
            try:
                return write(widget)
            except (_Unusual, KeyError):
                pass
        return str(super().render(template_name, context, request))
