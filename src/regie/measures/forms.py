"""Forms of the measures page. They convert types; the rules live in measures.domain and the services,
so a refusal reads the same in the web UI as in the API, next to the field it names.

Field names are the services' argument names, so `web.helpers.add_errors` can put each message next to its field.
Every form has its own prefix: several of them share one page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.cases.models import Case
from regie.web.fields import blank, date_field, text_field

from .choices import DetentionBasis, DetentionEndReason, DetentionExtensionReason, MeasureEndReason


class _MeasureForm(forms.Form):
    prefix_name = ""

    def __init__(self, data: Any = None, *, initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial, prefix=self.prefix_name)


class _VersionedForm(_MeasureForm):
    """Carries the version of the measure the user saw, so a save over someone else's change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data: Any = None, *, measure: Any, initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, initial={"version": measure.version, **(initial or {})})


class ReportingDutyImposeForm(_MeasureForm):
    prefix_name = "meldplicht"
    starts_on = date_field(_("Vanaf"), help_text=_("Mag in de toekomst liggen (hoogstens een jaar)."))
    frequency = text_field(_("Frequentie"), 100, help_text=_("Bijvoorbeeld: wekelijks op maandag."))
    location = text_field(_("Meldplaats"), 200)


class ReportingDutyEndForm(_VersionedForm):
    prefix_name = "meldplicht-einde"
    ends_on = date_field(_("Beëindigd op"))
    end_reason = forms.ChoiceField(label=_("Reden einde"), choices=blank(MeasureEndReason.choices))


class VblPlaceForm(_MeasureForm):
    prefix_name = "vbl"
    location = text_field(_("Locatie"), 200)
    starts_on = date_field(_("Vanaf"))


class VblReviewForm(_VersionedForm):
    prefix_name = "vbl-beoordeling"
    reviewed_on = date_field(_("Beoordeeld op"))
    review_note = text_field(_("Uitkomst beoordeling"), 300, rows=3)


class VblEndForm(_VersionedForm):
    prefix_name = "vbl-einde"
    ends_on = date_field(_("Beëindigd op"))
    end_reason = forms.ChoiceField(
        label=_("Reden einde"),
        choices=blank(MeasureEndReason.choices),
        help_text=_("'Met onbekende bestemming vertrokken': sluit daarna het dossier af bij vertrek."),
    )


class DetentionStartForm(_MeasureForm):
    """For the team lead: starting the detention approves the proposal of the chosen case manager."""

    prefix_name = "bewaring"
    basis = forms.ChoiceField(label=_("Grondslag"), choices=blank(DetentionBasis.choices))
    place = text_field(_("Plaats"), 200, help_text=_("Het detentiecentrum."))
    starts_on = date_field(_("Vanaf"))
    grounds = text_field(_("Gronden"), 20_000, rows=4)
    family_or_minor = forms.BooleanField(
        label=_("Gezin of alleenstaande minderjarige (maximaal 14 dagen)"), required=False
    )
    proposed_by = forms.ModelChoiceField(
        label=_("Voorgesteld door"),
        queryset=User.objects.none(),
        empty_label=_("Kies wie het voorstel deed"),
        help_text=_("Vier ogen: wie de bewaring start, is niet wie haar voorstelde."),
    )

    def __init__(self, data: Any = None, *, case: Case) -> None:
        super().__init__(data)
        field = self.fields["proposed_by"]
        field.queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, role__in=[Role.CASE_MANAGER, Role.TEAM_LEAD], teams=case.team_id)
            .distinct()
            .order_by("last_name", "first_name", "username")
            if case.team_id
            else User.objects.none()
        )
        field.label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        if case.assigned_to_id:
            self.initial.setdefault("proposed_by", case.assigned_to_id)


class DetentionAppealForm(_VersionedForm):
    prefix_name = "bewaring-beroep"
    appealed_on = date_field(_("Beroep ingesteld op"))


class DetentionCourtForm(_VersionedForm):
    prefix_name = "bewaring-rechter"
    court_notified_on = date_field(_("Rechter geïnformeerd op"))


class DetentionExtendForm(_VersionedForm):
    prefix_name = "bewaring-verlenging"
    extended_on = date_field(_("Verlengd op"), help_text=_("Uiterlijk op de dag dat de maximale duur verstrijkt."))
    extension_reason = forms.ChoiceField(label=_("Reden verlenging"), choices=blank(DetentionExtensionReason.choices))
    extension_grounds = text_field(_("Gronden verlenging"), 20_000, rows=4)


class DetentionEndForm(_VersionedForm):
    prefix_name = "bewaring-einde"
    ends_on = date_field(_("Beëindigd op"), help_text=_("Nooit na de maximale duur."))
    end_reason = forms.ChoiceField(label=_("Reden einde"), choices=blank(DetentionEndReason.choices))


class DetentionProposeForm(_MeasureForm):
    """For the case manager: propose a detention; a team lead who did not propose it decides."""

    prefix_name = "bewaring-voorstel"
    basis = forms.ChoiceField(label=_("Grondslag"), choices=blank(DetentionBasis.choices))
    place = text_field(_("Plaats"), 200, help_text=_("Het detentiecentrum."))
    starts_on = date_field(_("Voorgestelde ingangsdatum"))
    grounds = text_field(_("Gronden"), 20_000, rows=4)


class ProposalApproveForm(_VersionedForm):
    prefix_name = "voorstel-akkoord"


class ProposalRefuseForm(_VersionedForm):
    prefix_name = "voorstel-afwijzen"
    reason = text_field(_("Reden van de afwijzing"), 1000, rows=3)
