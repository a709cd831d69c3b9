"""Departure: the plan (kind, date, flight, escort), the pre-departure checklist, the handover, the confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import VersionedModel

from .choices import CancelReason, DepartureKind, DepartureStatus, Escort


class Departure(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="departures")
    kind = models.CharField(_("soort vertrek"), max_length=12, choices=DepartureKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DepartureStatus.choices, default=DepartureStatus.PLANNED
    )
    departs_at = models.DateTimeField(_("vertrekt op"), null=True, blank=True)
    flight_number = models.CharField(_("vluchtnummer"), max_length=12, blank=True)
    from_airport = models.CharField(_("van (luchthaven)"), max_length=3, blank=True)
    to_airport = models.CharField(_("naar (luchthaven)"), max_length=3, blank=True)
    destination_country = models.CharField(_("bestemmingsland"), max_length=2)
    escort = models.CharField(_("escorte"), max_length=8, choices=Escort.choices, default=Escort.NONE)
    dublin_member_state = models.CharField(_("verantwoordelijke lidstaat"), max_length=2, blank=True)
    dublin_accepted_on = models.DateField(_("claim aanvaard op"), null=True, blank=True)
    dublin_imprisoned = models.BooleanField(_("gedetineerd (termijn 12 maanden)"), default=False)
    dublin_absconded = models.BooleanField(_("onttrokken (termijn 18 maanden)"), default=False)
    # The checklist, item by item: who ticked it and when (None: not yet).
    check_ticket_on = models.DateTimeField(null=True, blank=True)
    check_money_on = models.DateTimeField(null=True, blank=True)
    check_belongings_on = models.DateTimeField(null=True, blank=True)
    check_travel_document_on = models.DateTimeField(null=True, blank=True)
    check_fit_to_fly_on = models.DateTimeField(null=True, blank=True)
    check_medical_information_on = models.DateTimeField(null=True, blank=True)
    travel_document = models.ForeignKey(
        "travel_documents.IdentityDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Handover to the escort: belongings, physical features, medical facts the escort needs.
    handover_belongings = models.TextField(_("bagage en eigendommen"), blank=True)
    handover_physical_features = models.TextField(_("uiterlijke kenmerken"), blank=True)
    handover_medical = models.TextField(_("medische informatie voor de escorte"), blank=True)
    handover_completed_on = models.DateTimeField(_("overdracht compleet op"), null=True, blank=True)
    confirmed_on = models.DateField(_("vertrek bevestigd op"), null=True, blank=True)
    border_message_reference = models.CharField(_("kenmerk grensbericht"), max_length=64, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Why a planned departure did not happen (refused boarding, medical, a procedure ...): the next plan learns from it.
    cancel_reason = models.CharField(_("reden annulering"), max_length=20, choices=CancelReason.choices, blank=True)
    cancel_note = models.CharField(_("toelichting annulering"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="planned"), name="one_planned_departure"),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_on__isnull=False), name="departure_confirmed_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(kind="dublin") | ~Q(dublin_member_state=""), name="dublin_has_member_state"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="departure_cancelled_has_reason"
            ),
        ]


HELD_DATA = (
    HeldData(
        Departure,
        "case__person",
        identity=("border_message_reference",),
        special_category=("handover_medical", "check_fit_to_fly_on", "check_medical_information_on"),
        free_text=("handover_belongings", "handover_physical_features", "cancel_note"),
    ),
)
