"""Departure interviews (vertrekgesprekken) and the departure plan (vertrekplan) with its versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import BaseModel, VersionedModel

from .choices import CheckResult, InterviewStatus, Stance


class Interview(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="interviews")
    status = models.CharField(
        _("status"), max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.PLANNED
    )
    planned_at = models.DateTimeField(_("gepland op"))
    held_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    interpreter_language = models.CharField(_("taal tolk (ISO 639)"), max_length=3, blank=True)
    interpreter_name = models.CharField(_("tolk"), max_length=200, blank=True)
    participants = models.CharField(_("aanwezigen"), max_length=500, blank=True)
    summary = models.TextField(_("verslag"), blank=True)
    stance = models.CharField(_("houding"), max_length=12, choices=Stance.choices, blank=True)
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["planned_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="held") | (models.Q(held_at__isnull=False) & ~models.Q(stance="")),
                name="interview_held_has_time_and_stance",
            )
        ]


class CircumstanceCheck(BaseModel):
    """Per interview and special circumstance: was it checked, and what came out."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="checks", db_index=False)
    circumstance = models.CharField(_("omstandigheid"), max_length=20)
    result = models.CharField(_("uitkomst"), max_length=12, choices=CheckResult.choices)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "circumstance"], name="check_once_per_interview")]


class DeparturePlanVersion(BaseModel):
    """The departure plan is never edited in place: each change is a new version (who, what, when)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plan_versions", db_index=False)
    number = models.PositiveIntegerField()
    strategy = models.TextField(_("strategie"))
    next_steps = models.TextField(_("afgesproken vervolgstappen"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    change_note = models.CharField(_("wat is er gewijzigd"), max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="plan_version_once")]


HELD_DATA = (
    HeldData(Interview, "case__person", identity=("interpreter_name", "participants"), free_text=("summary",)),
    # Whether a special circumstance (trafficking, health) was found is itself special-category data.
    HeldData(CircumstanceCheck, "interview__case__person", delete_when="special_category"),
    HeldData(DeparturePlanVersion, "case__person", free_text=("strategy", "next_steps", "change_note")),
)
