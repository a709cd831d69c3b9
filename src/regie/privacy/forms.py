"""The privacy officer's forms: the subject access export and the person's requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.web.fields import VersionedForm, blank, date_field, text_field
from regie.web.forms import VNumberForm

from .choices import ExportFormat, SubjectRequestKind, SubjectRequestStatus


class SubjectAccessForm(VNumberForm):
    file_format = forms.ChoiceField(label=_("Bestandsvorm"), choices=ExportFormat.choices, initial=ExportFormat.PDF)


class SubjectRequestForm(VNumberForm):
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=blank(SubjectRequestKind.choices))
    received_on = date_field(_("Ontvangen op"))
    description = text_field(_("Omschrijving"), 4000, rows=4, required=False)


class SubjectRequestDecisionForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Nieuwe status"),
        choices=blank([c for c in SubjectRequestStatus.choices if c[0] != SubjectRequestStatus.RECEIVED]),
    )
    decision_reason = text_field(
        _("Toelichting"), 1000, rows=3, required=False, help_text=_("Verplicht bij een afwijzing.")
    )
