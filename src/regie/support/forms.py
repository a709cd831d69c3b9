"""Forms of the support pages. They convert types; the rules (amounts, lookback, who may) live in the
services. No form takes an amount: the rules compute it; only the wished cash part is asked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.accounts.models import PartnerOrganisation
from regie.core import clock
from regie.people.models import Person
from regie.web.fields import VersionedForm, date_field, text_field
from regie.web.templatetags.regie_web import birth_display, country_name

from .choices import Programme
from .models import SupportGrant

# Where the services' field names differ from the form's.
FIELD_ALIASES = {"person_id": "person", "partner_id": "partner", "cash_requested_cents": "cash_requested"}


def form_field(form: forms.BaseForm, key: str) -> str | None:
    """The form field a service error names, or None for the form as a whole."""
    name = FIELD_ALIASES.get(key, key)
    return name if name in form.fields else None


class ApplyForm(forms.Form):
    person = forms.ChoiceField(label=_("Voor wie"))
    programme = forms.ChoiceField(label=_("Programma"), choices=Programme.choices, widget=forms.RadioSelect)
    decided_on = date_field(_("Besluitdatum"), help_text=_("Bepaalt welke bedragregel geldt. Standaard vandaag."))
    cash_requested = forms.DecimalField(
        label=_("Gewenst contant deel (euro)"),
        required=False,
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "regie-input--s", "autocomplete": "off"}),
        help_text=_("Leeg: het maximum dat de regel contant toestaat. De rest wordt in natura gegeven."),
    )
    country = forms.ChoiceField(
        label=_("Land van terugkeer"),
        required=False,
        help_text=_("Alleen nodig als de persoon meer dan één nationaliteit heeft."),
    )

    def __init__(self, data: Any = None, *, persons: list[Person]) -> None:
        super().__init__(data, initial={"decided_on": clock.today(), "person": str(persons[0].pk)}, prefix="aanvraag")
        self.persons = {str(p.pk): p for p in persons}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), f"{p.full_name} ({birth_display(p)})" + ("" if i else f" – {_('hoofdpersoon')}"))
            for i, p in enumerate(persons)
        ]
        countries = sorted({n.country for p in persons for n in p.nationalities.all() if n.country != "XX"})
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Automatisch (nationaliteit)")),
            *((c, country_name(c)) for c in countries),
        ]

    def clean_person(self) -> Person:
        return self.persons[self.cleaned_data["person"]]

    def cash_requested_cents(self) -> int | None:
        euros = self.cleaned_data.get("cash_requested")
        return None if euros is None else int(euros * 100)


class ReferForm(VersionedForm):
    partner = forms.ModelChoiceField(
        label=_("Partnerorganisatie"), queryset=PartnerOrganisation.objects.none(), empty_label=None
    )
    consent_to_share_on = date_field(
        _("Toestemming om gegevens te delen op"),
        required=False,
        help_text=SupportGrant._meta.get_field("consent_to_share_on").help_text,
    )

    def __init__(self, data: Any = None, *, grant: SupportGrant) -> None:
        super().__init__(
            data,
            initial={
                "version": grant.version,
                "partner": grant.partner,
                "consent_to_share_on": grant.consent_to_share_on,
            },
            prefix="doorverwijzen",
        )
        self.fields["partner"].queryset = PartnerOrganisation.objects.order_by("name")  # type: ignore[attr-defined]


class DeliverForm(VersionedForm):
    delivered_on = date_field(_("Verstrekt op"))
    delivery_note = forms.CharField(
        label=_("Wat is verstrekt"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: ticket en contant deel, of de goederen in natura."),
    )

    def __init__(self, data: Any = None, *, grant: SupportGrant) -> None:
        super().__init__(data, initial={"version": grant.version, "delivered_on": clock.today()}, prefix="verstrekken")


class DecisionForm(VersionedForm):
    """Approve, reject or cancel: only the version the user saw."""

    def __init__(self, data: Any = None, *, grant: SupportGrant, prefix: str) -> None:
        super().__init__(data, initial={"version": grant.version}, prefix=prefix)


class RejectForm(DecisionForm):
    """Reject: with the reason, shown in the dossier."""

    reason = text_field(_("Reden van de afwijzing"), 1000, rows=3)
