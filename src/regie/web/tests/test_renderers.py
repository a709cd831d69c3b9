"""`FormRenderer`: the HTML of Django's widget templates, the common widgets written out in Python."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from regie.web import renderers
from regie.web.renderers import FormRenderer

TEMPLATES = DjangoTemplates()
PYTHON = FormRenderer()

INPUTS: list[forms.Widget] = [
    forms.TextInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.Textarea(attrs={"rows": 4}),
    forms.widgets.SearchInput(),
    forms.widgets.TelInput(),
    forms.widgets.ColorInput(),
]
CHOICES: list[Any] = [
    ("", gettext_lazy("Kies…")),
    ("nl", "Nederlands"),
    ("ar", "Arabisch <&> \"'"),
    (3, "drie"),
    (None, "geen"),
    ("Groep <1>", [("a", "A & a"), ("b", mark_safe("<b>B</b>"))]),
]
ATTRS: list[dict[str, Any]] = [
    {},
    {"id": "id_x"},
    {"id": "id_x", "class": "utrecht-textbox", "aria-describedby": "id_x-hint id_x-error", "aria-invalid": "true"},
    {"id": "id_x", "disabled": True, "readonly": False, "maxlength": 20, "data-x": '"<quoted>"'},
    {"id": "id_x", "title": mark_safe("a&amp;b")},
]
VALUES: list[Any] = [None, "", "tekst", "<script>&\"'", mark_safe("<b>veilig</b>"), 0, 12, True, False]
VALUES += [dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 9, 30), ["nl", "ar"], ("x", "y")]


def both(widget: forms.Widget, value: Any, attrs: dict[str, Any]) -> tuple[str, str]:
    return (
        widget.render("veld", value, attrs, renderer=TEMPLATES),
        widget.render("veld", value, attrs, renderer=PYTHON),
    )


def test_the_form_renderer_of_the_house() -> None:
    assert settings.FORM_RENDERER == "regie.web.renderers.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
    assert PYTHON._in_python  # Django's own widget templates: written out in Python


@pytest.mark.parametrize("widget", INPUTS, ids=lambda w: type(w).__name__)
def test_inputs_and_textareas_the_same_html_as_the_templates(widget: forms.Widget) -> None:
    for value in VALUES:
        for attrs in ATTRS:
            templated, python = both(widget, value, attrs)
            assert python == templated, (value, attrs)


@pytest.mark.parametrize("multiple", [False, True])
def test_selects_the_same_html_as_the_templates(multiple: bool) -> None:
    widget = forms.SelectMultiple(choices=CHOICES) if multiple else forms.Select(choices=CHOICES)
    for value in [*VALUES, "a", "b", 3, ["a", "nl"]]:
        for attrs in ATTRS:
            templated, python = both(widget, value, attrs)
            assert python == templated, (value, attrs)
    assert "<optgroup" in python


def test_what_python_does_not_write_goes_through_the_templates() -> None:
    """A label the template would localise (a number, a date), a radio list, an option template of its
    own: rendered by the templates, so still the same HTML."""
    unusual = [
        forms.Select(choices=[(1, 1000), (2, dt.date(2026, 1, 2))]),
        forms.RadioSelect(choices=CHOICES[:3]),
        forms.CheckboxSelectMultiple(choices=CHOICES[:3]),
        forms.Textarea(),
    ]

    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    unusual.append(OwnOption(choices=CHOICES[:3]))
    for widget in unusual:
        for value in ("nl", 1, 1234.5, dt.date(2026, 1, 2)):
            templated, python = both(widget, value, {"id": "id_x"})
            assert python == templated


def test_an_overridden_widget_template_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """When an app overrides one of Django's widget templates, the renderer renders through the templates."""
    renderer = FormRenderer()
    monkeypatch.setattr(renderers, "_OPTION", "admin/widgets/url.html")  # a template not of django.forms
    assert renderer._in_python == {}


@hsettings(max_examples=200, deadline=None)
@given(
    value=st.one_of(st.none(), st.text(), st.integers()),
    label=st.text(min_size=0, max_size=20),
    attr=st.one_of(st.booleans(), st.text(max_size=10), st.integers()),
)
def test_any_text_the_same_html(value: Any, label: str, attr: Any) -> None:
    attrs = {"id": "id_x", "data-a": attr}
    for widget in (forms.TextInput(), forms.Textarea(), forms.Select(choices=[("", label), (label, label)])):
        templated, python = both(widget, value, attrs)
        assert python == templated
