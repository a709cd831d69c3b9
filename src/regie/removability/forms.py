"""Forms of the removability page. They convert types; the rules live in removability.domain and the
services, so a refusal reads the same in the web UI as in the API, next to the field it names.

Field names are the services' argument names, so `web.helpers.add_errors` can put each message next to its field.
Every form has its own prefix (per row where a page shows several): ids stay unique on the page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core import clock
from regie.web.fields import blank, date_field

from .choices import PostponementGround, ProcedureKind


def row_prefix(name: str, row: Any) -> str:
    return f"{name}-{row.pk.hex[:8]}"


class _Form(forms.Form):
    # No `required` attribute: browsers would mark empty fields invalid before any input and show
    # their own unlocalised bubbles; the label says "verplicht" and the server names what is missing.
    use_required_attribute = False


class ProcedureRecordForm(_Form):
    kind = forms.ChoiceField(label=_("Soort procedure"), choices=blank(ProcedureKind.choices))
    suspensive = forms.BooleanField(
        label=_("Schorsende werking: de uitzetting moet wachten op de uitkomst"), required=False
    )
    starts_on = date_field(_("Gestart op"))
    ends_on = date_field(_("Beëindigd op"), required=False, help_text=_("Alleen als de procedure al is afgelopen."))
    reference = forms.CharField(label=_("Kenmerk"), required=False, max_length=64)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="procedure")


class ProcedureEndForm(_Form):
    ends_on = date_field(_("Laatste dag van de procedure"))
    outcome_note = forms.CharField(label=_("Uitkomst"), required=False, max_length=300)

    def __init__(self, data: Any = None, *, procedure: Any) -> None:
        super().__init__(data, prefix=row_prefix("einde", procedure), initial={"ends_on": clock.today()})


class PostponementRecordForm(_Form):
    ground = forms.ChoiceField(label=_("Grond"), choices=blank(PostponementGround.choices))
    expected_birth_on = date_field(
        _("Uitgerekende datum"),
        required=False,
        help_text=_("Alleen bij zwangerschap: het uitstel loopt dan van 6 weken voor tot 6 weken na deze datum."),
    )
    starts_on = date_field(_("Vanaf"), required=False, help_text=_("Niet nodig bij zwangerschap."))
    ends_on = date_field(_("Tot en met"), required=False, help_text=_("Ten hoogste een jaar na de begindatum."))
    bma_reference = forms.CharField(
        label=_("Kenmerk BMA-advies"), required=False, max_length=64, help_text=_("Verplicht bij uitstel op advies.")
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="uitstel")


class PostponementEarlyEndForm(_Form):
    ended_early_on = date_field(_("Laatste dag van het uitstel"))

    def __init__(self, data: Any = None, *, postponement: Any) -> None:
        super().__init__(data, prefix=row_prefix("eerder", postponement), initial={"ended_early_on": clock.today()})
