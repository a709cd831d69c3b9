"""Deadline rules (data with a validity period), the computed deadlines of each case, and reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import BaseModel

from .choices import MarkKind


class DeadlineRule(BaseModel):
    """One legal term, e.g. 'detention maximum, standard: 6 months, art. 59 Vw', valid from/until."""

    code = models.CharField(_("code"), max_length=40)
    variant = models.CharField(_("variant"), max_length=20, blank=True)
    label = models.CharField(_("omschrijving"), max_length=120)
    basis = models.CharField(_("grondslag"), max_length=120)
    amount = models.IntegerField(_("aantal"))
    unit = models.CharField(
        _("eenheid"),
        max_length=6,
        choices=[("days", _("dagen")), ("weeks", _("weken")), ("months", _("maanden")), ("hours", _("uren"))],
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    class Meta:
        ordering = ["code", "variant", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "variant", "valid_from"], name="deadline_rule_version_once"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")), name="deadline_rule_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}/{self.variant or '-'} vanaf {self.valid_from}"


class CaseDeadline(models.Model):
    """A pending deadline or flag of a case, as last computed from the facts (replaced on every change)."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines", db_index=False)
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=8, choices=[("deadline", "deadline"), ("flag", "flag")], default="deadline")
    source_id = models.CharField(max_length=40, blank=True, help_text="The measure, request or flight it belongs to.")
    due = models.DateField()
    label = models.CharField(max_length=120)
    basis = models.CharField(max_length=120)
    explanation = models.CharField(max_length=400)
    # The explanation as a template key and values, rendered in the reader's language (`deadlines.texts`).
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due", "code"]
        indexes = [models.Index(fields=["due", "case"], name="casedeadline_due_idx")]
        constraints = [models.UniqueConstraint(fields=["case", "code", "source_id"], name="case_deadline_once")]


class Reminder(models.Model):
    """Created once by the sweep when a deadline comes near or passes; the same deadline never twice."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reminders", db_index=False)
    code = models.CharField(max_length=40)
    source_id = models.CharField(max_length=40, blank=True)
    due = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reminders"
    )
    created_at = models.DateTimeField()
    message = models.CharField(max_length=400)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code", "source_id", "due"], name="reminder_once"),
        ]


class WorklistMark(models.Model):
    """A worklist row marked done (its action is not recorded in Regie) or snoozed to a date, with a
    reason. Keyed on the row as computed (case, code, source, due date): when the facts move the date,
    the row is a new one and comes back. Never edited; a later mark of the same row adds one."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="worklist_marks", db_index=False)
    code = models.CharField(max_length=40)
    source_id = models.CharField(max_length=40, blank=True)
    due = models.DateField()
    kind = models.CharField(_("soort"), max_length=8, choices=MarkKind.choices)
    until = models.DateField(_("uitgesteld tot"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=400)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["-marked_at"]
        indexes = [models.Index(fields=["case", "code", "source_id", "due"], name="worklistmark_row_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="done", until__isnull=True) | Q(kind="snoozed", until__isnull=False),
                name="worklist_mark_until_with_snooze",
            ),
        ]


# The computed deadlines and reminders of a person's cases; a snooze's reason is free text.
HELD_DATA = (
    HeldData(CaseDeadline, "case__person"),
    HeldData(Reminder, "case__person"),
    HeldData(WorklistMark, "case__person", free_text=("reason",)),
)
