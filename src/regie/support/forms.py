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
from regie.web.fields import Form, VersionedForm, blank, date_field, text_field
from regie.web.templatetags.regie_web import birth_display, country_name

from .choices import ConsentScope, DepartureConfirmation, Programme, ReintegrationStatus, ReportKind, SupportForm
from .models import SupportGrant

# Where the services' field names differ from the form's.
FIELD_ALIASES = {
    "person_id": "person",
    "partner_id": "partner",
    "cash_requested_cents": "cash_requested",
    "consent_scope": "share_identity",
    "grant_id": "grant",
    "amount_cents": "amount",
}


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


class _ScopeFields(forms.Form):
    """The consent's scope as one checkbox per item of support.choices.ConsentScope."""

    share_identity = forms.BooleanField(label=_("Naam delen"), required=False)
    share_origin = forms.BooleanField(label=_("Nationaliteit en talen delen"), required=False)

    @staticmethod
    def consent_scope_of(d: dict[str, Any]) -> list[str]:
        return [
            code
            for code, chosen in (
                (ConsentScope.IDENTITY, d.get("share_identity")),
                (ConsentScope.ORIGIN, d.get("share_origin")),
            )
            if chosen
        ]


class ConsentForm(VersionedForm, _ScopeFields):
    """The person's consent to share with the partner, with its scope."""

    consent_to_share_on = date_field(_("Toestemming gegeven op"))

    def __init__(self, data: Any = None, *, grant: SupportGrant) -> None:
        super().__init__(
            data,
            initial={
                "version": grant.version,
                "consent_to_share_on": grant.consent_to_share_on or clock.today(),
                "share_identity": grant.share_identity,
                "share_origin": grant.share_origin,
            },
            prefix="toestemming",
        )


class ConsentWithdrawalForm(VersionedForm):
    withdrawn_on = date_field(_("Ingetrokken op"))

    def __init__(self, data: Any = None, *, grant: SupportGrant) -> None:
        super().__init__(data, initial={"version": grant.version, "withdrawn_on": clock.today()}, prefix="intrekken")


class PartnerReportForm(Form):
    """What a partner reports back; the fields besides kind and date belong to one kind each (the
    service says which, next to the field)."""

    grant = forms.ChoiceField(label=_("Ondersteuning"))
    kind = forms.ChoiceField(label=_("Wat meldt u?"), choices=blank(ReportKind.choices))
    occurred_on = date_field(_("Datum"))
    support_form = forms.ChoiceField(
        label=_("Vorm"),
        required=False,
        choices=blank(SupportForm.choices),
        help_text=_("Bij ondersteuning verstrekt."),
    )
    amount = forms.DecimalField(
        label=_("Verstrekt bedrag (euro)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "regie-input--s", "autocomplete": "off"}),
        help_text=_("Bij ondersteuning verstrekt: samen met eerdere verstrekkingen binnen het toegekende deel."),
    )
    departure_confirmation = forms.ChoiceField(
        label=_("Hoe is het vertrek bevestigd?"),
        required=False,
        choices=blank(DepartureConfirmation.choices),
        help_text=_("Bij vertrek bevestigd."),
    )
    reintegration_status = forms.ChoiceField(
        label=_("Stand van de herintegratie"),
        required=False,
        choices=blank(ReintegrationStatus.choices),
        help_text=_("Bij de herintegratie na 6 en 12 maanden."),
    )
    note = text_field(_("Toelichting"), 500, rows=3, required=False)

    def __init__(self, data: Any = None, *, grants: list[SupportGrant]) -> None:
        super().__init__(data, initial={"occurred_on": clock.today()}, prefix="terugmelding")
        self.fields["grant"].choices = [  # type: ignore[attr-defined]
            (str(g.pk), f"{g.get_programme_display()} ({g.decided_on:%d-%m-%Y})") for g in grants
        ]

    def field_for(self, name: str) -> str | None:
        """The form field a service error names (`add_errors`)."""
        return FIELD_ALIASES.get(name, name)

    def arguments(self) -> dict[str, Any]:
        """The cleaned data as the service's keyword arguments (the amount in cents)."""
        d = self.cleaned_data
        euros = d.get("amount")
        return {
            "grant_id": d["grant"],
            "kind": d["kind"],
            "occurred_on": d["occurred_on"],
            "support_form": d.get("support_form") or "",
            "amount_cents": None if euros is None else int(euros * 100),
            "departure_confirmation": d.get("departure_confirmation") or "",
            "reintegration_status": d.get("reintegration_status") or "",
            "note": d.get("note") or "",
        }
