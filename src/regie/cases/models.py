"""The dossier: one per person per departure procedure; a person may have earlier, closed cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.models import BaseModel, VersionedModel

from .choices import AppointmentKind, HoldReason, Outcome, Phase, Source, SpecialCircumstanceKind, TargetGroup
from .registry import HeldData


class Case(VersionedModel):
    # Unique by `case_number_once` (a constraint, not `unique=True`: that also builds a LIKE index on
    # PostgreSQL, and a case number is only ever looked up whole).
    number = models.CharField(_("dossiernummer"), max_length=20)
    # The number before readable numbers (RG- and ten hex digits): still found by search, through the
    # partial `case_legacy_number_idx` (new cases have none, so it holds the old cases alone).
    legacy_number = models.CharField(max_length=20, blank=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(_("instroom"), max_length=10, choices=Source.choices)
    source_reference = models.CharField(
        _("kenmerk aanleverende dienst"),
        max_length=64,
        help_text=_("Het eigen kenmerk van de bron; maakt aanleveren en importeren herhaalbaar."),
    )
    target_group = models.CharField(_("doelgroep"), max_length=20, choices=TargetGroup.choices)
    return_decision_reference = models.CharField(_("kenmerk terugkeerbesluit"), max_length=64, blank=True)
    return_decision_date = models.DateField(_("datum terugkeerbesluit"), null=True, blank=True)
    return_decision_authority = models.CharField(_("besluit genomen door"), max_length=100, blank=True)
    departure_term_days = models.PositiveSmallIntegerField(_("vertrektermijn (dagen)"), default=28)
    departure_term_reason = models.CharField(_("reden verkorte vertrektermijn"), max_length=300, blank=True)
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, default=Phase.INTAKE)
    phase_before_hold = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    hold_reason = models.CharField(_("reden aanhouden"), max_length=20, choices=HoldReason.choices, blank=True)
    hold_note = models.CharField(_("toelichting aanhouden"), max_length=300, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    current_location = models.CharField(_("huidige verblijfplaats"), max_length=200, blank=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("regievoerder"),
    )
    # Special-category data (GDPR art. 9): shown only to the assigned case manager and team lead.
    medical_background = models.TextField(_("medische achtergrond"), blank=True)
    # Derived from the facts by regie.deadlines; stored so the caseload can sort on an index.
    departure_term_ends = models.DateField(null=True, blank=True)
    next_deadline = models.DateField(null=True, blank=True)
    # Which deadline that is (code and label as the engine computed them): the caseload names it.
    next_deadline_code = models.CharField(max_length=40, blank=True, editable=False)
    next_deadline_label = models.CharField(max_length=200, blank=True, editable=False)
    opened_on = models.DateField(_("geopend op"))

    class Meta:
        # No index on `team` or `assigned_to` alone: the first columns of `case_caseload_idx` and
        # `case_assignee_idx` serve those look-ups (decision 0027).
        constraints = [
            models.UniqueConstraint(fields=["number"], name="case_number_once"),
            models.UniqueConstraint(fields=["source", "source_reference"], name="case_source_reference_once"),
            models.UniqueConstraint(
                fields=["person"], condition=~Q(phase=Phase.CLOSED), name="one_open_case_per_person"
            ),
            models.CheckConstraint(
                condition=Q(phase=Phase.CLOSED, outcome__gt="", closed_on__isnull=False)
                | (~Q(phase=Phase.CLOSED) & Q(outcome="")),
                name="case_closed_iff_outcome",
            ),
            models.CheckConstraint(
                condition=Q(departure_term_days__gte=28) | ~Q(departure_term_reason=""),
                name="case_short_term_has_reason",
            ),
            models.CheckConstraint(condition=~Q(phase=Phase.ON_HOLD) | ~Q(hold_reason=""), name="case_hold_has_reason"),
        ]
        indexes = [
            models.Index(fields=["team", "phase", "next_deadline"], name="case_caseload_idx"),
            models.Index(fields=["assigned_to", "phase", "next_deadline"], name="case_assignee_idx"),
            models.Index(fields=["phase", "outcome"], name="case_phase_outcome_idx"),
            models.Index(fields=["legacy_number"], condition=~Q(legacy_number=""), name="case_legacy_number_idx"),
            # The caseload and the API's case list: open cases only (partial: closed ones are most of the
            # table in time), in the caseload's default order (next deadline, opened on, id), per team, per
            # case manager, and for a team lead's teams together. PostgreSQL and SQLite both take these.
            models.Index(
                fields=["team", "next_deadline", "opened_on", "id"],
                condition=~Q(phase=Phase.CLOSED),
                name="case_open_team_idx",
            ),
            models.Index(
                fields=["assigned_to", "next_deadline", "opened_on", "id"],
                condition=~Q(phase=Phase.CLOSED),
                name="case_open_assignee_idx",
            ),
            models.Index(
                fields=["next_deadline", "opened_on", "id"], condition=~Q(phase=Phase.CLOSED), name="case_open_next_idx"
            ),
            # A team's open cases with their persons, read from the index alone: the caseload filtered by
            # nationality joins them to `nationality_country_idx` (at a million cases its count fell from
            # 173 ms to 25 ms on PostgreSQL, a merge of two index-only scans).
            models.Index(fields=["team", "person"], condition=~Q(phase=Phase.CLOSED), name="case_open_team_person_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.phase != Phase.CLOSED


class SpecialCircumstance(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="special_circumstances", db_index=False)
    kind = models.CharField(_("soort"), max_length=20, choices=SpecialCircumstanceKind.choices)
    description = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="special_circumstance_once")]


class CaseNote(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("notitie"))

    class Meta:
        ordering = ["-created_at"]


class SavedFilter(models.Model):
    """A user's named caseload filter: the query string of the caseload (codes only, no personal data)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters", db_index=False
    )
    name = models.CharField(_("naam"), max_length=60)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_once")]


class CaseNumberSequence(models.Model):
    """The last dossier number given out in a year: numbers are `RG-<year>-<n>`, counted per year.

    A row per year, locked while a number is taken (one short lock per intake, one per batch of an
    import); a number taken by a transaction that rolls back leaves a gap, as a sequence would.
    """

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Appointment(BaseModel):
    """A planned appointment of the case (a presentation at the embassy, a court hearing): in the agenda
    of the case manager and the team. Cancelled, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments", db_index=False)
    kind = models.CharField(_("soort"), max_length=10, choices=AppointmentKind.choices)
    at = models.DateTimeField(_("op"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["case", "at"], name="appointment_case_at_idx")]


# What the dossier holds about its person, by kind of data (privacy.retention; the subject access export).
HELD_DATA = (
    HeldData(
        Case,
        "person",
        identity=("source_reference", "return_decision_reference", "current_location"),
        special_category=("medical_background",),
        free_text=("hold_note", "departure_term_reason"),
        unique_fields=("source_reference",),
    ),
    HeldData(SpecialCircumstance, "case__person", delete_when="special_category"),
    HeldData(CaseNote, "case__person", free_text=("text",)),
    HeldData(Appointment, "case__person", free_text=("note",)),
)
