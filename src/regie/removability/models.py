"""Removability: pending procedures that may block removal, and medical postponement (art. 64 Vw)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import BaseModel

from .choices import PostponementGround, ProcedureKind


class PendingProcedure(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="procedures")
    kind = models.CharField(_("soort procedure"), max_length=20, choices=ProcedureKind.choices)
    suspensive = models.BooleanField(_("schorsende werking"), help_text=_("Mag de uitzetting wachten op de uitkomst?"))
    reference = models.CharField(_("kenmerk"), max_length=64, blank=True)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    outcome_note = models.CharField(_("uitkomst"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="procedure_ends_after_start"
            ),
        ]


class MedicalPostponement(BaseModel):
    """Art. 64 Vw: removal postponed while travel is medically irresponsible; at most one year."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="postponements")
    ground = models.CharField(_("grond"), max_length=20, choices=PostponementGround.choices)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"))
    expected_birth_on = models.DateField(_("uitgerekende datum"), null=True, blank=True)
    bma_reference = models.CharField(_("kenmerk BMA-advies"), max_length=64, blank=True)
    ended_early_on = models.DateField(_("eerder beëindigd op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="postponement_ends_after_start"),
        ]


HELD_DATA = (
    HeldData(PendingProcedure, "case__person", identity=("reference",), free_text=("outcome_note",)),
    # Health data, its grounds and dates included (decision 0004).
    HeldData(MedicalPostponement, "case__person", delete_when="special_category"),
)
