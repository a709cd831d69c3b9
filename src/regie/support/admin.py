"""The support tables in the admin: amount rules (versions with a validity period and a country list)
and the approval threshold and lookback, each save audited with the old and the new values."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from regie.accounts.admin import AuditedAdmin, RuleVersionAdmin, RuleVersionForm, site
from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core.transactions import atomic
from regie.people.domain import is_country

from .domain import parse_countries
from .models import AmountRule, SupportSettings

AMOUNT_FIELDS = (
    "programme",
    "beneficiary",
    "countries",
    "amount_cents",
    "cash_cap_cents",
    "basis",
    "valid_from",
    "valid_until",
)
SETTINGS_FIELDS = ("approval_threshold_cents", "lookback_years")


class AmountRuleForm(RuleVersionForm):
    key_fields = ("programme", "beneficiary", "countries")

    class Meta:
        model = AmountRule
        fields = AMOUNT_FIELDS
        help_texts = {"countries": _("Leeg: elk land. Anders ISO 3166-1-codes, gescheiden door komma's (SY, IQ).")}

    def clean_countries(self) -> str:
        codes = parse_countries(self.cleaned_data.get("countries", ""))
        unknown = sorted(code for code in codes if code == "XX" or not is_country(code))
        if unknown:
            raise ValidationError(_("Onbekende landcode: %(codes)s.") % {"codes": ", ".join(unknown)})
        return ",".join(sorted(codes))


@admin.register(AmountRule, site=site)
class AmountRuleAdmin(RuleVersionAdmin):
    form = AmountRuleForm
    rule_fields = AMOUNT_FIELDS
    event_type = EventType.SUPPORT_RULE_SAVED
    list_display = (
        "programme",
        "beneficiary",
        "countries",
        "amount_cents",
        "cash_cap_cents",
        "valid_from",
        "valid_until",
    )
    list_filter = ("programme", "beneficiary")
    ordering = ("programme", "beneficiary", "-valid_from")


@admin.register(SupportSettings, site=site)
class SupportSettingsAdmin(AuditedAdmin):
    """One row: above the threshold a team lead approves; support within the lookback is refused."""

    fields = SETTINGS_FIELDS
    list_display = SETTINGS_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SupportSettings.objects.exists() and super().has_add_permission(request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with atomic():
            before = SupportSettings.objects.filter(pk=obj.pk).first() if change else None
            admin.ModelAdmin.save_model(self, request, obj, form, change)
            audit_record(
                actor=self._actor(request),
                event_type=EventType.SUPPORT_RULE_SAVED,
                subject=obj,
                old={f: getattr(before, f) for f in SETTINGS_FIELDS} if before is not None else {},
                new={f: getattr(obj, f) for f in SETTINGS_FIELDS},
            )
