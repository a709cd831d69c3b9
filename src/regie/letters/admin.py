"""Letter templates in the admin: versions with a validity period (the rules of every versioned table,
`accounts.admin.RuleVersionAdmin`), each save audited. A placeholder not on the list is refused with the
field and the placeholder named (`LetterTemplate.clean`)."""

from __future__ import annotations

from django.contrib import admin

from regie.accounts.admin import RuleVersionAdmin, RuleVersionForm, site
from regie.audit.choices import EventType

from .models import LetterTemplate

TEMPLATE_FIELDS = ("kind", "language", "subject", "body", "valid_from", "valid_until")


class LetterTemplateForm(RuleVersionForm):
    key_fields = ("kind", "language")

    class Meta:
        model = LetterTemplate
        fields = TEMPLATE_FIELDS


@admin.register(LetterTemplate, site=site)
class LetterTemplateAdmin(RuleVersionAdmin):
    form = LetterTemplateForm
    rule_fields = TEMPLATE_FIELDS
    event_type = EventType.LETTER_TEMPLATE_SAVED
    list_display = ("kind", "language", "subject", "valid_from", "valid_until")
    list_filter = ("kind", "language")
    ordering = ("kind", "language", "-valid_from")
