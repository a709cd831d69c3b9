"""The audit trail (who changed what) and the access log (who saw whose data).

Both are append-only. The audit trail is a hash chain: each record carries a SHA-256 over its own
content and the previous record's hash, so `regie audit verify` finds the first altered row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from regie.core.context import Channel

from .choices import AccessPurpose, EventType


class AuditEvent(models.Model):
    # A sequential key gives the chain its order; uuids would not.
    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    request_id = models.CharField(max_length=64)
    # Not `choices=`: the closed list lives in EventType and is enforced by audit_record(), so adding
    # an event type needs no migration of this (large) table.
    event_type = models.CharField(max_length=60)
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=40)
    case_id = models.UUIDField(null=True, blank=True)
    person_id = models.UUIDField(null=True, blank=True)
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["case_id", "id"], name="audit_case_idx"),
            models.Index(fields=["person_id", "id"], name="audit_person_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event_type}"

    @property
    def label(self) -> str:
        try:
            return str(EventType(self.event_type).label)
        except ValueError:
            return self.event_type


class AuditChainHead(models.Model):
    """One row holding the id and hash of the newest audit record, so a removed last record shows.

    Written by the database, not by the application (migrations 0005, 0008): on PostgreSQL a trigger once
    per inserted block of records, on SQLite a trigger per record. Appends are serialised by `audit.services.chain_lock`.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class AccessRecord(models.Model):
    """One record per read of one person's data (Logboek Dataverwerkingen): never sampled."""

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", db_index=False)
    case_id = models.UUIDField(null=True, blank=True)
    purpose = models.CharField(max_length=30, choices=AccessPurpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    request_id = models.CharField(max_length=64)
    special_categories = models.BooleanField(
        default=False, help_text="Medical data or special circumstances were part of what was shown."
    )

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["person", "-id"], name="access_person_idx")]
