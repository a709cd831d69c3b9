"""Forms of the departure page. They convert types; the rules live in departures.domain and the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.cases.choices import Outcome
from regie.web.fields import VersionedForm, blank

from .choices import CHECKLIST_ITEMS, CancelReason, DepartureKind, Escort
from .domain import DUBLIN_STATES, WITHOUT_DEPARTURE
from .models import Departure
from .services import EDITABLE_FIELDS, NOTE_MAX, TEXT_MAX

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _countries(codes: Any = None) -> list[tuple[str, str]]:
    import pycountry

    from regie.web.templatetags.regie_web import country_name

    codes = codes if codes is not None else [c.alpha_2 for c in pycountry.countries if c.alpha_2 != "NL"]
    return sorted(((c, country_name(c)) for c in codes), key=lambda item: item[1].casefold())


class _PlanFields(forms.Form):
    departs_at = forms.DateTimeField(
        label=_("Vertrekmoment"),
        required=False,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        help_text=_("Datum en tijd van de vlucht (Nederlandse tijd). Verplicht bij gedwongen vertrek."),
    )
    flight_number = forms.CharField(
        label=_("Vluchtnummer"),
        required=False,
        max_length=12,
        help_text=_("Bijv. KL1234. Verplicht bij gedwongen vertrek."),
        widget=forms.TextInput(attrs={"class": "regie-input--s", "autocomplete": "off", "spellcheck": "false"}),
    )
    from_airport = forms.CharField(
        label=_("Van (luchthaven)"),
        required=False,
        max_length=5,
        help_text=_("IATA-code, bijv. AMS."),
        widget=forms.TextInput(attrs={"class": "regie-input--xs", "autocomplete": "off", "spellcheck": "false"}),
    )
    to_airport = forms.CharField(
        label=_("Naar (luchthaven)"),
        required=False,
        max_length=5,
        help_text=_("IATA-code, bijv. CMN."),
        widget=forms.TextInput(attrs={"class": "regie-input--xs", "autocomplete": "off", "spellcheck": "false"}),
    )
    destination_country = forms.ChoiceField(
        label=_("Land van bestemming"), required=False, help_text=_("Bij een Dublinoverdracht: de lidstaat.")
    )
    escort = forms.ChoiceField(label=_("Escorte"), choices=Escort.choices, initial=Escort.NONE)
    dublin_member_state = forms.ChoiceField(label=_("Verantwoordelijke lidstaat (Dublin)"), required=False)
    dublin_accepted_on = forms.DateField(
        label=_("Claim aanvaard op (Dublin)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    dublin_imprisoned = forms.BooleanField(label=_("Gedetineerd: overdrachtstermijn 12 maanden"), required=False)
    dublin_absconded = forms.BooleanField(label=_("Onttrokken: overdrachtstermijn 18 maanden"), required=False)

    def _set_choices(self) -> None:
        self.fields["destination_country"].choices = blank(_countries(), "—")  # type: ignore[attr-defined]
        self.fields["dublin_member_state"].choices = blank(_countries(DUBLIN_STATES), "—")  # type: ignore[attr-defined]

    def plan_values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "departs_at": d.get("departs_at"),
            "flight_number": d.get("flight_number", ""),
            "from_airport": d.get("from_airport", ""),
            "to_airport": d.get("to_airport", ""),
            "destination_country": d.get("destination_country", ""),
            "escort": d.get("escort") or Escort.NONE,
            "dublin_member_state": d.get("dublin_member_state", ""),
            "dublin_accepted_on": d.get("dublin_accepted_on"),
            "dublin_imprisoned": d.get("dublin_imprisoned", False),
            "dublin_absconded": d.get("dublin_absconded", False),
        }


class PlanForm(_PlanFields):
    kind = forms.ChoiceField(label=_("Soort vertrek"), choices=blank(DepartureKind.choices, "—"))

    field_order = ["kind"]

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="plan")
        self._set_choices()


class UpdateForm(VersionedForm, _PlanFields):
    def __init__(self, data: Any = None, *, departure: Departure) -> None:
        initial = {name: getattr(departure, name) for name in EDITABLE_FIELDS}
        if departure.departs_at is not None:
            from django.utils import timezone

            initial["departs_at"] = timezone.localtime(departure.departs_at)
        initial["version"] = departure.version
        super().__init__(data, initial=initial, prefix="wijzig")
        self.departure = departure
        self._set_choices()

    def changes(self) -> dict[str, Any]:
        """Only what the user changed (the service undoes checks only for real changes)."""
        values = self.plan_values()
        current = {name: getattr(self.departure, name) for name in EDITABLE_FIELDS}
        return {name: value for name, value in values.items() if _differs(current[name], value)}


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, dt.datetime) and isinstance(new, dt.datetime):
        return current != new
    if isinstance(current, str) or isinstance(new, str):
        return (current or "").strip().upper() != (new or "").strip().upper()
    return bool(current != new)


class CheckForm(VersionedForm):
    item = forms.ChoiceField(choices=[(i, i) for i in CHECKLIST_ITEMS], widget=forms.HiddenInput)
    checked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, departure: Departure, item: str) -> None:
        ticked = bool(getattr(departure, f"check_{item}_on"))
        super().__init__(
            data,
            initial={"item": item, "checked": "" if ticked else "1", "version": departure.version},
            prefix=f"controle-{item}",
        )


class HandoverForm(VersionedForm):
    belongings = forms.CharField(
        label=_("Bagage en eigendommen"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    physical_features = forms.CharField(
        label=_("Uiterlijke kenmerken"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    medical = forms.CharField(
        label=_("Medische informatie voor de escorte"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijzonder persoonsgegeven: alleen zichtbaar voor de toegewezen regievoerder en teamleider."),
    )
    complete = forms.BooleanField(
        label=_("De overdracht is compleet"),
        required=False,
        help_text=_("Vul elk veld in; 'geen' is ook een antwoord."),
    )

    def __init__(self, data: Any = None, *, departure: Departure, medical_visible: bool) -> None:
        super().__init__(
            data,
            initial={
                "belongings": departure.handover_belongings,
                "physical_features": departure.handover_physical_features,
                "medical": departure.handover_medical if medical_visible else "",
                "complete": departure.handover_completed_on is not None,
                "version": departure.version,
            },
            prefix="overdracht",
        )
        if not medical_visible:
            del self.fields["medical"]


class ConfirmForm(VersionedForm):
    confirmed_on = forms.DateField(
        label=_("Datum van vertrek"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Zoals in het grensbericht."),
    )
    border_message_reference = forms.CharField(
        label=_("Kenmerk grensbericht"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, data: Any = None, *, departure: Departure) -> None:
        super().__init__(data, initial={"version": departure.version}, prefix="bevestig")


class CancelForm(VersionedForm):
    reason = forms.ChoiceField(
        label=_("Reden"), choices=blank([c for c in CancelReason.choices if c[0] != CancelReason.CASE_CLOSED], "—")
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=NOTE_MAX, help_text=_("Verplicht bij 'Anders'.")
    )

    def __init__(self, data: Any = None, *, departure: Departure) -> None:
        super().__init__(data, initial={"version": departure.version}, prefix="annuleer")


class CloseForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=blank([(o.value, o.label) for o in Outcome if o.value in WITHOUT_DEPARTURE], "—"),
        help_text=_(
            "Een buitenschuldvergunning vraagt volledige medewerking, geen lopende procedure en vastgestelde "
            "identiteit en nationaliteit."
        ),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None, *, case_version: int) -> None:
        super().__init__(data, initial={"version": case_version}, prefix="afsluiten")
