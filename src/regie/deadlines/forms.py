"""Working a worklist row: mark it done (its action is not recorded in Regie) or snooze it to a date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.web.fields import Form, date_field, text_field

from .choices import MarkKind
from .registry import Task


class WorklistMarkForm(Form):
    kind = forms.ChoiceField(label=_("Wat wilt u doen?"), choices=MarkKind.choices, widget=forms.RadioSelect)
    until = date_field(_("Uitstellen tot"), required=False, help_text=_("Alleen bij uitstellen; hoogstens 90 dagen."))
    reason = text_field(_("Reden (verplicht)"), 400, rows=3, help_text=_("Wat is er gedaan, of waarom later."))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not task.done_outside:
            # Only recording the action itself takes this row away: snoozing is all that is offered.
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [(MarkKind.SNOOZED.value, MarkKind.SNOOZED.label)]
            kind.initial = MarkKind.SNOOZED
