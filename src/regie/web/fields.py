"""The form parts every app's forms are built from: the base form, the version a user saw, a blank
first choice, and the date, moment and text fields in the house's widgets and formats."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
CHOOSE = _("Kies…")


class Form(forms.Form):
    """Our forms validate on the server and say what is wrong next to the field.

    No `required` attribute: the browser would otherwise style empty fields as invalid before any
    input and show its own (unlocalised) bubbles. Labels say "(verplicht)" instead.
    """

    use_required_attribute = False


class VersionedForm(Form):
    """Carries the version the user saw, so a save over someone else's change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def blank(choices: Any, label: Any = CHOOSE) -> list[tuple[str, Any]]:
    """`choices` after an empty first choice ("Kies…", or `label`)."""
    return [("", label), *choices]


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    """A date, typed or picked (the browser's date input), also read as dd-mm-yyyy."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATE_FORMAT, "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )


def moment_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    """A date and time (the browser's datetime-local input), also read in the Dutch notation."""
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


def text_field(
    label: Any, max_length: int, *, rows: int | None = None, required: bool = True, help_text: Any = ""
) -> forms.CharField:
    """Text up to `max_length`; a text area of `rows` rows when given."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text, widget=widget)


class LongSelect(forms.Select):
    """A select over a long, fixed list (every language, every country): the same HTML as `forms.Select`,
    rendered once per name, value, attributes and choices and then reused. Django renders each option through
    a template, so a list of 200 languages costs milliseconds on every page that shows the form."""

    _rendered: ClassVar[dict[Any, str]] = {}
    _MAX = 256  # distinct renderings kept (names × values × languages); emptied when full

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        try:
            key = (
                name,
                tuple(self.format_value(value)),
                tuple(sorted(self.build_attrs(self.attrs, attrs).items())),
                tuple((str(code), str(label)) for code, label in self.choices),
                type(renderer),
            )
            hash(key)
        except (TypeError, ValueError):  # an attribute or value that cannot be a key: render as usual
            return super().render(name, value, attrs, renderer)
        html = self._rendered.get(key)
        if html is None:
            if len(self._rendered) >= self._MAX:
                self._rendered.clear()
            html = self._rendered[key] = super().render(name, value, attrs, renderer)
        return mark_safe(html)  # noqa: S308 (rendered by Django's own Select above)
