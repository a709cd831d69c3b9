"""Return and reintegration support: amount rules as data with a validity period, grants, referrals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import BaseModel, VersionedModel

from .choices import (
    Beneficiary,
    DepartureConfirmation,
    Programme,
    ReintegrationStatus,
    ReportKind,
    SupportForm,
    SupportStatus,
)


class AmountRule(BaseModel):
    """How much a programme gives, for whom, from when to when. Amounts in whole euro cents.

    `countries` empty means "any country"; else a comma-separated ISO 3166-1 list (the country list).
    The most specific rule in force on the decision date wins (a country list beats "any").
    """

    programme = models.CharField(_("programma"), max_length=16, choices=Programme.choices)
    beneficiary = models.CharField(_("voor"), max_length=20, choices=Beneficiary.choices)
    countries = models.CharField(_("landenlijst"), max_length=500, blank=True)
    amount_cents = models.PositiveIntegerField(_("bedrag (cent)"))
    cash_cap_cents = models.PositiveIntegerField(_("waarvan maximaal contant (cent)"))
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    basis = models.CharField(_("grondslag"), max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "beneficiary", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(cash_cap_cents__lte=F("amount_cents")), name="amount_cash_within_total"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")), name="amount_rule_period"
            ),
        ]


class SupportSettings(models.Model):
    """Configurable limits (one row): above this amount a team lead must approve."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    approval_threshold_cents = models.PositiveIntegerField(default=150000)
    lookback_years = models.PositiveSmallIntegerField(default=5)


class SupportGrant(VersionedModel):
    """Support for one person in one case, computed by the amount rules; never typed in by hand."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support_grants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="support_grants")
    programme = models.CharField(_("programma"), max_length=16, choices=Programme.choices)
    beneficiary = models.CharField(_("voor"), max_length=20, choices=Beneficiary.choices)
    rule = models.ForeignKey(AmountRule, on_delete=models.PROTECT, related_name="+")
    amount_cents = models.PositiveIntegerField(_("bedrag (cent)"))
    cash_cents = models.PositiveIntegerField(_("contant (cent)"))
    in_kind_cents = models.PositiveIntegerField(_("in natura (cent)"))
    explanation = models.TextField(_("berekening"))
    status = models.CharField(_("status"), max_length=20, choices=SupportStatus.choices)
    decided_on = models.DateField(_("besluitdatum"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        null=True,  # grants from before this was recorded
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.CharField(_("reden van het besluit"), max_length=1000, blank=True)
    partner = models.ForeignKey(
        "accounts.PartnerOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    consent_to_share_on = models.DateField(
        _("toestemming om gegevens te delen op"),
        null=True,
        blank=True,
        help_text=_("Zonder toestemming ziet de partnerorganisatie alleen het dossiernummer en de ondersteuning."),
    )
    # The scope of the consent (support.choices.ConsentScope); meaningful only with `consent_to_share_on`.
    share_identity = models.BooleanField(_("naam delen"), default=False)
    share_origin = models.BooleanField(_("nationaliteit en talen delen"), default=False)
    # Withdrawn consent ends the partner's access to the case at once; their reports stay for the case manager.
    consent_withdrawn_on = models.DateField(_("toestemming ingetrokken op"), null=True, blank=True)
    delivered_on = models.DateField(_("verstrekt op"), null=True, blank=True)
    delivery_note = models.CharField(_("wat is verstrekt"), max_length=300, blank=True)

    class Meta:
        ordering = ["-decided_on"]
        constraints = [
            models.CheckConstraint(condition=Q(cash_cents__lte=F("amount_cents")), name="grant_cash_within_total"),
            models.CheckConstraint(
                condition=Q(in_kind_cents=F("amount_cents") - F("cash_cents")), name="grant_parts_add_up"
            ),
        ]


class PartnerReport(BaseModel):
    """What a partner organisation reports back on support referred to it: one fact per row, so the
    statistics count them with GROUP BY (kind, support form, reintegration status; the grant's programme
    and amount through `grant`). Written only by `services.partner_report_record`."""

    grant = models.ForeignKey(SupportGrant, on_delete=models.CASCADE, related_name="reports")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="partner_reports")
    partner = models.ForeignKey("accounts.PartnerOrganisation", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("soort terugmelding"), max_length=24, choices=ReportKind.choices)
    occurred_on = models.DateField(_("datum"))
    support_form = models.CharField(_("vorm"), max_length=10, choices=SupportForm.choices, blank=True)
    amount_cents = models.PositiveIntegerField(_("bedrag (cent)"), null=True, blank=True)
    departure_confirmation = models.CharField(
        _("hoe bevestigd"), max_length=16, choices=DepartureConfirmation.choices, blank=True
    )
    reintegration_status = models.CharField(
        _("stand van de herintegratie"), max_length=16, choices=ReintegrationStatus.choices, blank=True
    )
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.SUPPORT_DELIVERED)
                | (~Q(support_form="") & Q(amount_cents__isnull=False) & Q(amount_cents__gt=0)),
                name="partner_report_delivery_has_form_and_amount",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[ReportKind.REINTEGRATION_6_MONTHS, ReportKind.REINTEGRATION_12_MONTHS])
                | ~Q(reintegration_status=""),
                name="partner_report_reintegration_has_status",
            ),
            # Once per referral: the application, the departure and each follow-up (counselling and
            # deliveries may happen more than once).
            models.UniqueConstraint(
                fields=["grant", "kind"],
                condition=Q(
                    kind__in=[
                        ReportKind.APPLICATION_RECEIVED,
                        ReportKind.DEPARTURE_CONFIRMED,
                        ReportKind.REINTEGRATION_6_MONTHS,
                        ReportKind.REINTEGRATION_12_MONTHS,
                    ]
                ),
                name="partner_report_once_per_grant",
            ),
        ]
        indexes = [models.Index(fields=["kind", "reintegration_status"])]


HELD_DATA = (
    HeldData(SupportGrant, "case__person", free_text=("decision_reason", "delivery_note")),
    HeldData(PartnerReport, "case__person", free_text=("note",)),
)
