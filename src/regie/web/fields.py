"""The form parts every app's forms are built from: the base form, the version a user saw, a blank
first choice, and the date, moment and text fields in the house's widgets and formats."""

from __future__ import annotations

from typing import Any

from django import forms
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
