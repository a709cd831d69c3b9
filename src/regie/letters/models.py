"""Letter templates as versioned data, and the letters issued from them (with their text as sent)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from regie.cases.registry import HeldData
from regie.core.i18n import translate
from regie.core.models import BaseModel

from . import domain
from .choices import LetterKind, LetterLanguage


class LetterTemplate(BaseModel):
    """The text of one kind of letter in one language, in force from `valid_from` to `valid_until`.

    The version in force on the letter's date is used. A version in use is never changed, only ended
    (`accounts.admin.RuleVersionAdmin`); a letter keeps the text it was issued with.
    """

    kind = models.CharField(_("soort brief"), max_length=30, choices=LetterKind.choices)
    language = models.CharField(_("taal"), max_length=2, choices=LetterLanguage.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(
        _("tekst"),
        help_text=_(
            "Platte tekst; een lege regel begint een nieuwe alinea. Plaatshouders zoals {{ person.family_name }} "
            "uit de lijst in docs/letters.md."
        ),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "language", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="letter_template_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language}, {self.valid_from:%d-%m-%Y})"

    def clean(self) -> None:
        """A placeholder not on the list is refused, naming the field and the placeholder."""
        errors: dict[str, list[str]] = {}
        for refusal in domain.template_refusals(subject=self.subject or "", body=self.body or ""):
            errors.setdefault(refusal.field, []).append(translate(refusal.message))
        if errors:
            raise ValidationError(errors)


class Letter(BaseModel):
    """A letter issued to the person of a case: its text as sent, and the PDF with its SHA-256.

    Re-issuing a kind makes a new version (a new row); a row is never changed after it was issued.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letters", db_index=False)
    kind = models.CharField(_("soort brief"), max_length=30, choices=LetterKind.choices)
    languages = models.CharField(_("talen"), max_length=20, help_text="nl, or nl,en for Dutch with English")
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    second_template = models.ForeignKey(
        LetterTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("versie"))
    reference = models.CharField(_("kenmerk"), max_length=60, unique=True)
    letter_date = models.DateField(_("datum van de brief"))
    subject = models.CharField(_("onderwerp"), max_length=400)
    text = models.TextField(_("tekst zoals verzonden"))
    file = models.CharField(max_length=200, help_text="Path in the default storage; no personal data in it.")
    sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("verstuurd op"))

    class Meta:
        ordering = ["-issued_at", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "version"], name="letter_version_once"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


HELD_DATA = (HeldData(Letter, "case__person", free_text=("subject", "text")),)
