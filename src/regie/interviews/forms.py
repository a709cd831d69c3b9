"""Forms of the interview pages. They convert types; the rules live in interviews.domain and the services,
so a missing stance or check is reported with the same words as in the API, next to its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from regie.web.fields import blank, moment_field

from .choices import CHECKED_CIRCUMSTANCES, CIRCUMSTANCE_LABELS, CheckResult, InterviewStatus, Stance
from .domain import (
    MAX_CHANGE_NOTE,
    MAX_CHECK_NOTE,
    MAX_INTERPRETER_NAME,
    MAX_PARTICIPANTS,
    MAX_PLACE,
    MAX_TEXT,
    CheckInput,
)


def _language() -> forms.CharField:
    return forms.CharField(
        label=_("Taal tolk"),
        required=False,
        max_length=3,
        help_text=_("ISO 639, bijv. ar, ti of fas. Leeg als er geen tolk is."),
        widget=forms.TextInput(attrs={"class": "regie-input--xs", "autocomplete": "off", "spellcheck": "false"}),
    )


class _InterpreterMixin(forms.Form):
    def clean_interpreter_language(self) -> str:
        return (self.cleaned_data.get("interpreter_language") or "").strip().lower()


class InterviewPlanForm(_InterpreterMixin):
    planned_at = moment_field(_("Datum en tijd"))
    place = forms.CharField(label=_("Plaats"), required=False, max_length=MAX_PLACE)
    interpreter_language = _language()
    interpreter_name = forms.CharField(label=_("Naam tolk"), required=False, max_length=MAX_INTERPRETER_NAME)


class InterviewRecordForm(_InterpreterMixin):
    """The report of an interview with one result and note per special circumstance.

    Stance, summary and checks are not required here: the service says what is missing, in the same
    words as the API, all at once.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    held_at = moment_field(_("Gehouden op"))
    participants = forms.CharField(
        label=_("Aanwezigen"),
        required=False,
        max_length=MAX_PARTICIPANTS,
        help_text=_("Wie namen deel, naast de persoon zelf (bijv. regievoerder, tolk, advocaat)."),
    )
    summary = forms.CharField(
        label=_("Verslag"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )
    stance = forms.ChoiceField(label=_("Houding van de persoon"), required=False, choices=blank(Stance.choices))
    place = forms.CharField(label=_("Plaats"), required=False, max_length=MAX_PLACE)
    interpreter_language = _language()
    interpreter_name = forms.CharField(label=_("Naam tolk"), required=False, max_length=MAX_INTERPRETER_NAME)

    def __init__(self, data: Any = None, *, initial: dict[str, Any] | None = None, planned: bool = False) -> None:
        super().__init__(data, initial=initial)
        # A planned interview is edited concurrently with others: its version must come back.
        self.fields["version"].required = planned
        for circumstance in CHECKED_CIRCUMSTANCES:
            label = CIRCUMSTANCE_LABELS[circumstance]
            self.fields[f"{circumstance}_result"] = forms.ChoiceField(
                label=label, required=False, choices=blank(CheckResult.choices)
            )
            self.fields[f"{circumstance}_note"] = forms.CharField(
                label=format_lazy("{} ({})", _("Toelichting"), label),
                required=False,
                max_length=MAX_CHECK_NOTE,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def check_rows(self) -> list[tuple[str, Any, forms.BoundField, forms.BoundField]]:
        return [(c, CIRCUMSTANCE_LABELS[c], self[f"{c}_result"], self[f"{c}_note"]) for c in CHECKED_CIRCUMSTANCES]

    def checks(self) -> dict[str, CheckInput]:
        """The circumstances given a result, or a note (a note without a result is then refused)."""
        d = self.cleaned_data
        out = {}
        for c in CHECKED_CIRCUMSTANCES:
            result, note = d.get(f"{c}_result") or "", d.get(f"{c}_note") or ""
            if result or note.strip():
                out[c] = CheckInput(result, note)
        return out

    def field_for(self, key: str) -> str | None:
        """The form field for a service error key: `checks.medical(.result)` -> `medical_result`."""
        if key.startswith("checks."):
            parts = key.split(".")
            return f"{parts[1]}_{parts[2] if len(parts) > 2 else 'result'}"
        return key if key in self.fields else None


class InterviewEndForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[
            (InterviewStatus.CANCELLED.value, InterviewStatus.CANCELLED.label),
            (InterviewStatus.NO_SHOW.value, InterviewStatus.NO_SHOW.label),
        ]
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DeparturePlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    strategy = forms.CharField(
        label=_("Strategie"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("De koers naar vertrek: zelfstandig met ondersteuning, gedwongen, Dublinoverdracht …"),
    )
    next_steps = forms.CharField(
        label=_("Afgesproken vervolgstappen"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    change_note = forms.CharField(
        label=_("Wat is er gewijzigd"),
        required=False,
        max_length=MAX_CHANGE_NOTE,
        help_text=_("Kort: wat en waarom. Verplicht vanaf de tweede versie."),
    )
