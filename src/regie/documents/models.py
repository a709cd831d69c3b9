"""Documents of the dossier: uploaded scans and files, stored outside the database through Django's storage API.

The row holds what the file is (sniffed type, size, SHA-256) and where it is stored (a random name, never
anything of the person). A wrong upload is withdrawn with a reason and hidden, never deleted by hand; only
retention deletes a row, and its stored file with it (`HELD_DATA`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.models import VersionedModel

from .choices import DossierFileKind


class Document(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents", db_index=False)
    kind = models.CharField(_("soort document"), max_length=24, choices=DossierFileKind.choices)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    document_date = models.DateField(_("datum van het document"), null=True, blank=True)
    # Special-category data (GDPR art. 9): a medical advice always; shown only to who may see such data.
    special_category = models.BooleanField(_("bijzondere persoonsgegevens"), default=False)
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    content_type = models.CharField(_("bestandstype"), max_length=40)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("toegevoegd op"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(_("reden van intrekken"), blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["case", "-uploaded_at"], name="document_case_uploaded")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=DossierFileKind.MEDICAL_ADVICE) | Q(special_category=True),
                name="document_medical_is_special",
            ),
            # Retention may clear the reason (free text) of a withdrawn document; a live one has none.
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=False) | (Q(withdrawn_reason="") & Q(withdrawn_by__isnull=True)),
                name="document_withdrawal_complete",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def _remove_stored_files(rows: Any) -> None:
    from .storage import remove_after_commit

    remove_after_commit(list(rows.values_list("storage_name", flat=True)))


HELD_DATA = (
    HeldData(
        Document,
        "case__person",
        free_text=("description", "withdrawn_reason"),
        delete_when="documents",
        delete_rows_when=(("special_category", {"special_category": True}),),
        on_delete=_remove_stored_files,
    ),
)
