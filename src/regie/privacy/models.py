"""Retention rules (data with a validity period), what retention did, and the requests of data subjects."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import BaseModel, VersionedModel

from .choices import DataKind, SubjectRequestKind, SubjectRequestStatus
from .domain import response_due


class RetentionRule(BaseModel):
    """How long one kind of personal data is kept after the person's last case closed, valid from/until."""

    kind = models.CharField(_("soort gegevens"), max_length=20, choices=DataKind.choices)
    months = models.PositiveSmallIntegerField(_("bewaartermijn (maanden na afsluiting)"))
    basis = models.CharField(_("grondslag"), max_length=200, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="retention_rule_version_once"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="retention_rule_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} vanaf {self.valid_from}"


class RetentionApplied(models.Model):
    """A kind of data of a person was removed, covering their cases closed up to `covers_closed_on`: the
    job does not do it twice, and does it again only after a later case of the person closed."""

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=20, choices=DataKind.choices)
    covers_closed_on = models.DateField()
    applied_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="retention_applied_once")]


class RetentionRun(BaseModel):
    """One run of the retention job: what it did, in counts (the subject of its audit record)."""

    ran_on = models.DateField()
    persons = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)


class SubjectRequest(VersionedModel):
    """A request of the person about their data (GDPR art. 15-21) and its handling."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("soort verzoek"), max_length=20, choices=SubjectRequestKind.choices)
    received_on = models.DateField(_("ontvangen op"))
    description = models.TextField(_("omschrijving"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SubjectRequestStatus.choices, default=SubjectRequestStatus.RECEIVED
    )
    decision_reason = models.CharField(_("toelichting op de afhandeling"), max_length=1000, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SubjectRequestStatus.REFUSED) | ~Q(decision_reason=""),
                name="subject_request_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[SubjectRequestStatus.RECEIVED, SubjectRequestStatus.IN_HANDLING])
                | Q(decided_on__isnull=False),
                name="subject_request_decided_has_date",
            ),
        ]
        indexes = [models.Index(fields=["person", "kind", "status"], name="subject_request_person_idx")]

    @property
    def respond_by(self) -> dt.date:
        return response_due(self.received_on)


# A request's description and its handling are free text about the person.
HELD_DATA = (HeldData(SubjectRequest, "person", free_text=("description", "decision_reason")),)
