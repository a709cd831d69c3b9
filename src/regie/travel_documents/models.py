"""Travel documents: what the person holds, country requirements, and laissez-passer (LP) requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import BaseModel, VersionedModel

from .choices import DocumentKind, LpOutcome, LpStatus


class IdentityDocument(BaseModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("documentnummer"), max_length=40, blank=True)
    issuing_country = models.CharField(_("land van afgifte"), max_length=2)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    held_by_service = models.BooleanField(_("in bewaring bij de dienst"), default=False)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_until"]


class CountryRequirement(VersionedModel):
    """Reference data per country of origin, kept by the document specialists."""

    country = models.CharField(_("land (ISO 3166-1)"), max_length=2, unique=True)
    forms = models.TextField(_("formulieren"), blank=True)
    photos = models.PositiveSmallIntegerField(_("aantal pasfoto's"), default=0)
    translated_copies = models.BooleanField(_("vertaalde kopieën nodig"), default=False)
    presentation_in_person = models.BooleanField(_("presentatie op de ambassade"), default=False)
    typical_response_days = models.PositiveSmallIntegerField(
        _("gebruikelijke reactietijd (dagen)"), null=True, blank=True
    )
    embassy_name = models.CharField(_("ambassade of consulaat"), max_length=200, blank=True)
    embassy_contact = models.TextField(_("contactgegevens"), blank=True)
    notes = models.TextField(_("aandachtspunten"), blank=True)

    class Meta:
        ordering = ["country"]


class LpRequest(VersionedModel):
    """A request for a replacement travel document (laissez-passer) to the country of origin."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="lp_requests")
    country = models.CharField(_("land"), max_length=2)
    status = models.CharField(_("status"), max_length=16, choices=LpStatus.choices, default=LpStatus.PREPARED)
    prepared_on = models.DateField(_("voorbereid op"))
    signed_on = models.DateField(_("ondertekend op"), null=True, blank=True)
    signing_refused_on = models.DateField(_("ondertekening geweigerd op"), null=True, blank=True)
    sent_on = models.DateField(_("verzonden op"), null=True, blank=True)
    presented_on = models.DateField(_("gepresenteerd op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=24, choices=LpOutcome.choices, blank=True)
    outcome_on = models.DateField(_("uitkomst op"), null=True, blank=True)
    lp_valid_until = models.DateField(_("LP geldig tot"), null=True, blank=True)
    reference = models.CharField(_("kenmerk"), max_length=64, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-prepared_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=LpStatus.CLOSED) & ~Q(outcome="")) | (~Q(status=LpStatus.CLOSED) & Q(outcome="")),
                name="lp_closed_iff_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=LpOutcome.ISSUED) | Q(lp_valid_until__isnull=False),
                name="lp_issued_has_validity",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status != LpStatus.CLOSED


HELD_DATA = (
    HeldData(IdentityDocument, "person", identity=("number",), free_text=("note",)),
    HeldData(LpRequest, "case__person", identity=("reference",), free_text=("note",)),
)
