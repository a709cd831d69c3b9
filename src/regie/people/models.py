"""The person: identities, names and aliases, nationalities, languages, family."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.models import BaseModel, VersionedModel

from .choices import DuplicateStatus, FamilyRelation, NameKind, NationalityStatus, Sex
from .domain import PartialDate

v_number_validator = RegexValidator(r"^[0-9]{10}\Z", _("Een V-nummer bestaat uit precies 10 cijfers."))


class Household(BaseModel):
    """Persons who depart together."""

    label = models.CharField(_("omschrijving"), max_length=100, blank=True)


class Person(VersionedModel):
    # Unique among persons who have one: an anonymised person's V-number is cleared (privacy.retention).
    v_number = models.CharField(
        _("V-nummer"),
        max_length=10,
        db_index=True,
        validators=[v_number_validator],
        help_text=_("Vreemdelingennummer: 10 cijfers."),
    )
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    family_name = models.CharField(_("achternaam"), max_length=200)
    # Folded full name (lowercase, no diacritics): equal names meet here for duplicate flagging.
    name_fold = models.CharField(max_length=400, editable=False)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("geboortemaand"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("geboortedag"), null=True, blank=True)
    place_of_birth = models.CharField(_("geboorteplaats"), max_length=200, blank=True)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    # Set once by the retention job: names, identifiers and the day and month of birth are gone.
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["v_number"], condition=~Q(v_number=""), name="person_v_number_once"),
            models.CheckConstraint(
                condition=Q(v_number__regex=r"^[0-9]{10}$") | Q(v_number="", anonymised_at__isnull=False),
                name="person_v_number_10_digits",
            ),
            models.CheckConstraint(
                condition=Q(birth_month__isnull=True) | (Q(birth_month__gte=1) & Q(birth_month__lte=12)),
                name="person_birth_month_range",
            ),
            models.CheckConstraint(
                condition=Q(birth_day__isnull=True) | Q(birth_month__isnull=False),
                name="person_birth_day_needs_month",
            ),
            models.CheckConstraint(
                condition=Q(birth_month__isnull=True) | Q(birth_year__isnull=False),
                name="person_birth_month_needs_year",
            ),
        ]
        indexes = [models.Index(fields=["name_fold", "birth_year"], name="person_fold_birth_idx")]

    def __str__(self) -> str:
        # Deliberately no name: __str__ ends up in logs and admin messages.
        return f"Person {self.pk}"

    @property
    def birth(self) -> PartialDate:
        return PartialDate(self.birth_year, self.birth_month, self.birth_day)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class PersonName(BaseModel):
    """The primary identity, spelling variants and aliases, each searchable."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(_("soort"), max_length=10, choices=NameKind.choices)
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    family_name = models.CharField(_("achternaam"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(kind=NameKind.PRIMARY), name="one_primary_name_per_person"
            )
        ]

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class NameKey(models.Model):
    """One phonetic key per name token (see people.domain.name_key), for variant-tolerant search."""

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    name = models.ForeignKey(PersonName, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=60)

    class Meta:
        # The person with the key: a search reads both from the index alone (at a million persons a
        # common key such as "md" has 62,000 rows; their heap cost a team lead's search 58 ms).
        indexes = [models.Index(fields=["key", "person"], name="namekey_key_person_idx")]


class Nationality(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nationalities", db_index=False)
    country = models.CharField(_("land (ISO 3166-1)"), max_length=2)
    status = models.CharField(_("status"), max_length=12, choices=NationalityStatus.choices)
    source = models.CharField(_("bron van de vaststelling"), max_length=200, blank=True)
    established_on = models.DateField(_("vastgesteld op"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "country", "status"], name="nationality_once"),
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="nationality_iso_alpha2"),
        ]
        # The persons of a nationality (the caseload's and the statistics' filters), without the table.
        indexes = [models.Index(fields=["country", "person"], name="nationality_country_idx")]


class Language(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages", db_index=False)
    code = models.CharField(_("taal (ISO 639)"), max_length=3)
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="language_once")]


class FamilyLink(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_links", db_index=False)
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relatie"), max_length=10, choices=FamilyRelation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="family_link_once"),
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="family_link_not_self"),
        ]


class DuplicateCandidate(BaseModel):
    """Two persons with the same name, date of birth and nationality: a human decides, never merged."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_candidates", db_index=False)
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "other"], name="duplicate_pair_once")]
