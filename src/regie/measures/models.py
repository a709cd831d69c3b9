"""Measures: reporting duty (art. 54 Vw), freedom-restricting location (VBL, art. 56 Vw), detention (art. 59 Vw)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import VersionedModel

from .choices import DetentionBasis, DetentionEndReason, DetentionExtensionReason, MeasureEndReason, ProposalStatus


class ReportingDuty(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reporting_duties")
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    frequency = models.CharField(_("frequentie"), max_length=100, help_text=_("bijv. 'wekelijks op maandag'"))
    location = models.CharField(_("meldplaats"), max_length=200)
    end_reason = models.CharField(_("reden einde"), max_length=12, choices=MeasureEndReason.choices, blank=True)
    imposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="reporting_duty_period"
            ),
        ]


class VblPlacement(VersionedModel):
    """Freedom-restricting location: at most 12 weeks in principle, reviewed then."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="vbl_placements")
    location = models.CharField(_("locatie"), max_length=200)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=12, choices=MeasureEndReason.choices, blank=True)
    reviewed_on = models.DateField(_("verblijf beoordeeld op"), null=True, blank=True)
    review_note = models.CharField(_("uitkomst beoordeling"), max_length=300, blank=True)
    imposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="vbl_period"
            ),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | ~Q(end_reason=""), name="vbl_end_has_reason"),
        ]


class Detention(VersionedModel):
    """Immigration detention (vreemdelingenbewaring)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="detentions")
    basis = models.CharField(_("grondslag"), max_length=8, choices=DetentionBasis.choices)
    place = models.CharField(_("plaats"), max_length=200)
    grounds = models.TextField(_("gronden"))
    starts_on = models.DateField(_("vanaf"))
    family_or_minor = models.BooleanField(_("gezin of alleenstaande minderjarige"), default=False)
    appealed_on = models.DateField(_("beroep ingesteld op"), null=True, blank=True)
    court_notified_on = models.DateField(_("rechter geïnformeerd op"), null=True, blank=True)
    extended_on = models.DateField(_("verlengd op"), null=True, blank=True)
    extension_reason = models.CharField(
        _("reden verlenging"), max_length=20, choices=DetentionExtensionReason.choices, blank=True
    )
    extension_grounds = models.TextField(_("gronden verlenging"), blank=True)
    ends_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=16, choices=DetentionEndReason.choices, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="detention_period"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | ~Q(end_reason=""), name="detention_end_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(extended_on__isnull=True) | ~Q(extension_grounds=""), name="detention_extension_has_grounds"
            ),
            models.CheckConstraint(
                condition=Q(extended_on__isnull=True) | ~Q(extension_reason=""), name="detention_extension_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(extended_on__isnull=True) | Q(family_or_minor=False),
                name="detention_no_extension_for_families",
            ),
            models.UniqueConstraint(fields=["case"], condition=Q(ends_on__isnull=True), name="one_active_detention"),
        ]


class DetentionProposal(VersionedModel):
    """A case manager's proposal to detain (art. 59/59a/59b Vw); a team lead who did not propose it starts
    the detention from it (four eyes) or refuses it with a reason."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="detention_proposals")
    basis = models.CharField(_("grondslag"), max_length=8, choices=DetentionBasis.choices)
    place = models.CharField(_("plaats"), max_length=200)
    grounds = models.TextField(_("gronden"))
    starts_on = models.DateField(_("voorgestelde ingangsdatum"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decision_reason = models.CharField(_("reden van de afwijzing"), max_length=1000, blank=True)
    detention = models.OneToOneField(
        Detention, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="one_pending_detention_proposal_per_case"
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(decision_reason=""), name="detention_proposal_refusal_has_reason"
            ),
        ]


HELD_DATA = (
    HeldData(ReportingDuty, "case__person"),
    HeldData(VblPlacement, "case__person", free_text=("review_note",)),
    HeldData(Detention, "case__person", free_text=("grounds", "extension_grounds")),
    HeldData(DetentionProposal, "case__person", free_text=("grounds", "decision_reason")),
)
