"""The retention rules in the admin: administrators add versions and end them, audited, with the overlap
rules of every versioned rule table (`accounts.admin.RuleVersionAdmin`)."""

from __future__ import annotations

from django.contrib import admin

from regie.accounts.admin import RuleVersionAdmin, RuleVersionForm, site
from regie.audit.choices import EventType

from .models import RetentionRule

RULE_FIELDS = ("kind", "months", "basis", "valid_from", "valid_until")


class RetentionRuleForm(RuleVersionForm):
    key_fields = ("kind",)

    class Meta:
        model = RetentionRule
        fields = RULE_FIELDS


@admin.register(RetentionRule, site=site)
class RetentionRuleAdmin(RuleVersionAdmin):
    form = RetentionRuleForm
    rule_fields = RULE_FIELDS
    event_type = EventType.RETENTION_RULE_SAVED
    list_display = ("kind", "months", "valid_from", "valid_until", "basis")
    list_filter = ("kind",)
    ordering = ("kind", "-valid_from")
