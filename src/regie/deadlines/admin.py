"""The deadline rule table in the admin: administrators add rule versions and end them, audited.

A rule applies to a deadline by the rule version in force on the deadline's start date, so an edit must
never move a deadline that already started (the rules of a versioned table: `accounts.admin.RuleVersionAdmin`).
"""

from __future__ import annotations

from django.contrib import admin

from regie.accounts.admin import RuleVersionAdmin, RuleVersionForm, site
from regie.audit.choices import EventType

from .models import DeadlineRule

RULE_FIELDS = ("code", "variant", "label", "basis", "amount", "unit", "valid_from", "valid_until")


class DeadlineRuleForm(RuleVersionForm):
    key_fields = ("code", "variant")

    class Meta:
        model = DeadlineRule
        fields = RULE_FIELDS


@admin.register(DeadlineRule, site=site)
class DeadlineRuleAdmin(RuleVersionAdmin):
    form = DeadlineRuleForm
    rule_fields = RULE_FIELDS
    event_type = EventType.DEADLINE_RULE_SAVED
    list_display = ("code", "variant", "amount", "unit", "valid_from", "valid_until", "basis")
    list_filter = ("code",)
    ordering = ("code", "variant", "-valid_from")
