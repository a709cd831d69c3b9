"""Forms of the travel-documents pages. They convert types; the rules live in travel_documents.domain
and the services, so a refusal reads the same in the web UI as in the API, next to the field it names.

Field names are the services' argument names, so `web.helpers.add_errors` can put each message next to its field.
Every form has its own prefix (per LP request and step where a page shows several): ids stay unique.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core import clock
from regie.web.fields import blank, date_field

from . import domain
from .choices import DocumentKind, LpOutcome
from .models import LpRequest


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country by its name in the interface language (no 'unknown': a state issues)."""
    import pycountry

    from regie.web.templatetags.regie_web import country_name

    return sorted(
        ((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda item: item[1].casefold()
    )


class _Form(forms.Form):
    # No `required` attribute: browsers would mark empty fields invalid before any input and show
    # their own unlocalised bubbles; the label says "verplicht" and the server names what is missing.
    use_required_attribute = False


class DocumentRecordForm(_Form):
    kind = forms.ChoiceField(label=_("Soort document"), choices=blank(DocumentKind.choices))
    issuing_country = forms.ChoiceField(label=_("Land van afgifte"))
    number = forms.CharField(
        label=_("Documentnummer"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    valid_until = date_field(
        _("Geldig tot en met"), required=False, help_text=_("Verplicht bij een paspoort of laissez-passer.")
    )
    held_by_service = forms.BooleanField(label=_("Het origineel is in bewaring bij de dienst"), required=False)
    note = forms.CharField(label=_("Opmerking"), required=False, max_length=300)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="document")
        self.fields["issuing_country"].choices = blank(country_choices())  # type: ignore[attr-defined]


class LpPrepareForm(_Form):
    country = forms.ChoiceField(label=_("Land"), help_text=_("Het land waarvan de autoriteiten het LP afgeven."))
    prepared_on = date_field(_("Voorbereid op"))
    reference = forms.CharField(label=_("Kenmerk"), required=False, max_length=64)
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="lp", initial={"prepared_on": clock.today()})
        self.fields["country"].choices = blank(country_choices())  # type: ignore[attr-defined]


class _LpStepForm(_Form):
    """One step of an LP request. Carries the version the user saw, so a step over someone else's is refused."""

    action = ""
    date_label: Any = ""
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data: Any = None, *, lp: LpRequest) -> None:
        name = domain.DATE_FIELD[self.action]
        super().__init__(
            data,
            prefix=f"lp-{lp.pk.hex[:8]}-{self.action.replace('_', '-')}",
            initial={"version": lp.version, name: clock.today()},
        )
        self.fields[name] = date_field(self.date_label)
        self.order_fields([name])

    @property
    def date_name(self) -> str:
        return domain.DATE_FIELD[self.action]


class LpSignForm(_LpStepForm):
    action = domain.SIGN
    date_label = _("Ondertekend op")


class LpRefuseSigningForm(_LpStepForm):
    action = domain.REFUSE_SIGNING
    date_label = _("Geweigerd op")
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LpSendForm(_LpStepForm):
    action = domain.SEND
    date_label = _("Verzonden op")


class LpPresentForm(_LpStepForm):
    action = domain.PRESENT
    date_label = _("Gepresenteerd op")


class LpCloseForm(_LpStepForm):
    action = domain.CLOSE
    date_label = _("Datum uitkomst")
    outcome = forms.ChoiceField(label=_("Uitkomst"))
    lp_valid_until = date_field(
        _("LP geldig tot en met"), required=False, help_text=_("Verplicht bij een afgegeven LP.")
    )
    document_number = forms.CharField(
        label=_("Nummer van het LP"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None, *, lp: LpRequest) -> None:
        super().__init__(data, lp=lp)
        allowed = domain.allowed_outcomes(lp.status)
        if lp.status in domain.UNSENT:
            # Before sending it can only be withdrawn: no LP, so no validity and no number to ask for.
            del self.fields["lp_valid_until"], self.fields["document_number"]
        self.fields["outcome"].choices = blank([(o.value, o.label) for o in LpOutcome if o.value in allowed])  # type: ignore[attr-defined]


STEP_FORMS: dict[str, type[_LpStepForm]] = {
    form.action: form for form in (LpSignForm, LpRefuseSigningForm, LpSendForm, LpPresentForm, LpCloseForm)
}


class CountryRequirementForm(_Form):
    """The record of one country; `version` is empty for a country not yet recorded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    photos = forms.IntegerField(
        label=_("Aantal pasfoto's"),
        min_value=0,
        max_value=99,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "regie-input--xs"}),
    )
    translated_copies = forms.BooleanField(label=_("Vertaalde kopieën nodig"), required=False)
    presentation_in_person = forms.BooleanField(label=_("Presentatie op de ambassade nodig"), required=False)
    typical_response_days = forms.IntegerField(
        label=_("Gebruikelijke reactietijd (dagen)"),
        required=False,
        min_value=0,
        max_value=3650,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "regie-input--xs"}),
    )
    embassy_name = forms.CharField(label=_("Ambassade of consulaat"), required=False, max_length=200)
    embassy_contact = forms.CharField(
        label=_("Contactgegevens"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Aandachtspunten"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Declared last: from here on `forms` in this class body is the field, not the module.
    forms = forms.CharField(
        label=_("Formulieren"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["version", "forms"]

    def __init__(self, data: Any = None, *, initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial, prefix="landeneisen")

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NewCountryForm(_Form):
    land = forms.ChoiceField(label=_("Land"))

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        self.fields["land"].choices = blank(country_choices())  # type: ignore[attr-defined]
