"""The rule table in the admin: administrators add rule versions and end them, audited.

A rule applies to a deadline by the rule version in force on the deadline's start date, so an edit must
never move a deadline that already started: a version that is in use is never changed, only ended
(`valid until`) from today on, and a new version starts today or later, without overlapping another
version of the same rule. Every save writes an audit record with the old and the new values.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from regie.accounts.admin import AuditedAdmin, site
from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core import clock

from .models import DeadlineRule

RULE_FIELDS = ("code", "variant", "label", "basis", "amount", "unit", "valid_from", "valid_until")


class DeadlineRuleForm(forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = RULE_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = clock.today()
        existing = self.instance.pk is not None
        valid_from = data.get("valid_from", self.instance.valid_from if existing else None)
        valid_until = data.get("valid_until")
        if not existing and valid_from is not None and valid_from < today:
            self.add_error(
                "valid_from",
                _("Een nieuwe versie begint vandaag of later: termijnen die al liepen, blijven onder de oude regel."),
            )
        if existing and "valid_until" in self.changed_data and valid_until is not None and valid_until < today:
            self.add_error(
                "valid_until", _("Een regel eindigt vandaag of later: termijnen die al liepen, mogen niet verschuiven.")
            )
        if valid_from is not None and valid_until is not None and valid_until < valid_from:
            self.add_error("valid_until", _("Deze datum ligt vóór 'geldig vanaf'."))
        code, variant = data.get("code", self.instance.code), data.get("variant", self.instance.variant) or ""
        if valid_from is not None and code:
            others = DeadlineRule.objects.filter(code=code, variant=variant).exclude(pk=self.instance.pk)
            for other in others:
                starts_before_other_ends = other.valid_until is None or valid_from <= other.valid_until
                ends_after_other_starts = valid_until is None or valid_until >= other.valid_from
                if starts_before_other_ends and ends_after_other_starts:
                    self.add_error(
                        "valid_from",
                        _("Overlapt met de versie vanaf %(date)s: beëindig die eerst.")
                        % {"date": other.valid_from.strftime("%d-%m-%Y")},
                    )
                    break
        return data


@admin.register(DeadlineRule, site=site)
class DeadlineRuleAdmin(AuditedAdmin):
    form = DeadlineRuleForm
    list_display = ("code", "variant", "amount", "unit", "valid_from", "valid_until", "basis")
    list_filter = ("code",)
    ordering = ("code", "variant", "-valid_from")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A version in use is never changed: only its end date can be set.
        return tuple(f for f in RULE_FIELDS if f != "valid_until") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            old = {f: getattr(DeadlineRule.objects.get(pk=obj.pk), f) for f in RULE_FIELDS} if change else {}
            admin.ModelAdmin.save_model(self, request, obj, form, change)
            audit_record(
                actor=self._actor(request),
                event_type=EventType.DEADLINE_RULE_SAVED,
                subject=obj,
                old=old,
                new={f: getattr(obj, f) for f in RULE_FIELDS},
            )
