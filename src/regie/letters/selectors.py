"""Every read of letters, and the dossier's facts a letter is composed from.

The facts come from the process apps' selectors (interviews, measures, support, travel documents,
departures), each with its own visibility rules, never from their services. A letter's list is read for a
case the user may already see (`cases.selectors.case_get`); the page or endpoint that shows it writes the
access record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from regie.accounts.models import User
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.registry import DossierFile, read_once
from regie.core import clock
from regie.core.errors import NotFound
from regie.departures.selectors import departure_planned
from regie.interviews.selectors import interview_list, plan_history
from regie.measures.selectors import active_reporting_duty, case_measures
from regie.support.selectors import grant_list
from regie.travel_documents.selectors import country_requirement_list, lp_requests_for

from . import domain
from .choices import LetterKind, LetterLanguage
from .models import Letter, LetterTemplate

# Codes of the other apps' choices (support.choices.SupportStatus, interviews.choices.InterviewStatus):
# process apps meet each other through selectors only, so the codes are named here.
GRANTED = ("approved", "referred", "delivered")
REJECTED = "rejected"
PLANNED = "planned"


# -- templates -------------------------------------------------------------------------------------------------
def template_in_force(kind: str, language: str, on: dt.date) -> LetterTemplate | None:
    """The version of a kind's template in a language that is in force on `on` (the letter's date)."""
    return (
        LetterTemplate.objects.filter(kind=kind, language=language, valid_from__lte=on)
        .exclude(valid_until__lt=on)
        .order_by("-valid_from")
        .first()
    )


def languages_in_force(kind: str, on: dt.date) -> set[str]:
    """The languages in which a kind has a template in force on `on`."""
    return set(
        LetterTemplate.objects.filter(kind=kind, valid_from__lte=on)
        .exclude(valid_until__lt=on)
        .values_list("language", flat=True)
    )


def person_languages(case: Case) -> list[str]:
    """The person's languages in the order they were recorded (the first is their first language)."""
    return list(case.person.languages.order_by("created_at", "code").values_list("code", flat=True))


# -- the dossier's facts in a letter's language --------------------------------------------------------------
class DossierFacts:
    """The facts of one case that placeholders name, read once through the process apps' selectors and
    put in words in a language on demand. A fact the dossier does not hold is None."""

    def __init__(self, *, user: User, case: Case, on: dt.date) -> None:
        self.user, self.case, self.on = user, case, on

    @cached_property
    def interview(self) -> Any:
        now = clock.now()
        return (
            interview_list(user=self.user, case_id=self.case.pk)
            .filter(status=PLANNED, planned_at__gte=now)
            .order_by("planned_at")
            .first()
        )

    @cached_property
    def reporting(self) -> Any:
        return active_reporting_duty(self.case)

    @cached_property
    def vbl(self) -> Any:
        measures = case_measures(user=self.user, case=self.case)
        return next((view for view in measures.vbl_placements if view.active), None)

    @cached_property
    def grants(self) -> list[Any]:
        return grant_list(user=self.user, case=self.case)

    @cached_property
    def lp(self) -> Any:
        return lp_requests_for(user=self.user, case=self.case).first()

    @cached_property
    def lp_requirement(self) -> Any:
        if self.lp is None:
            return None
        return country_requirement_list(user=self.user).filter(country=self.lp.country).first()

    @cached_property
    def departure(self) -> Any:
        return departure_planned(user=self.user, case=self.case)

    @cached_property
    def plan(self) -> Any:
        history = plan_history(user=self.user, case_id=self.case.pk)
        return history[0].version if history else None

    def _grant(self, kind: str) -> Any:
        wanted = GRANTED if kind == LetterKind.SUPPORT_GRANTED else (REJECTED,)
        return next((g for g in self.grants if g.status in wanted), None)

    def values(self, names: list[str], language: str, *, kind: str, reference: str) -> dict[str, str | None]:
        """Each named placeholder's value in words in `language` (None: the dossier cannot fill it)."""
        return {name: self._value(name, language, kind=kind, reference=reference) for name in names}

    def _value(self, name: str, language: str, *, kind: str, reference: str) -> str | None:
        case, person = self.case, self.case.person
        group, _, field = name.partition(".")

        def day(value: dt.date | None) -> str | None:
            return domain.date_in_words(value, language) if value is not None else None

        def moment(value: dt.datetime | None, part: str) -> str | None:
            if value is None:
                return None
            local = timezone.localtime(value)
            if part == "date":
                return domain.date_in_words(local.date(), language, weekday=True)
            return domain.time_in_words(local.time(), language)

        if group == "person":
            return {
                "full_name": f"{person.given_names} {person.family_name}".strip(),
                "given_names": person.given_names,
                "family_name": person.family_name,
                "v_number": person.v_number,
            }[field] or None
        if group == "case":
            if field == "number":
                return case.number
            manager = case.assigned_to
            return manager.display_name if manager is not None else None
        if group == "letter":
            return day(self.on) if field == "date" else reference
        if group == "return_decision":
            return day(case.return_decision_date)
        if group == "departure_term":
            if field == "basis":
                return domain.legal_basis("art62", language)
            return day(case.departure_term_ends)
        if group == "interview":
            interview = self.interview
            if interview is None:
                return None
            return moment(interview.planned_at, field) if field in ("date", "time") else interview.place or None
        if group == "reporting":
            duty = self.reporting
            if field == "basis":
                return domain.legal_basis("art54", language)
            if duty is None:
                return None
            return {"start": day(duty.starts_on), "frequency": duty.frequency, "location": duty.location}[field]
        if group == "vbl":
            view = self.vbl
            if field == "basis":
                return domain.legal_basis("art56", language)
            if view is None:
                return None
            placement = view.placement
            if field == "review_date":
                review = view.review_deadline
                return day(review.due) if review is not None else None
            return {"start": day(placement.starts_on), "location": placement.location}[field]
        if group == "support":
            grant = self._grant(kind if kind in (LetterKind.SUPPORT_GRANTED, LetterKind.SUPPORT_REFUSED) else "")
            if grant is None:
                return None
            if field == "programme":
                return domain.PROGRAMMES.get(grant.programme, {}).get(language)
            if field == "decision_date":
                return day(grant.decided_on)
            if field == "reason":
                return grant.decision_reason or None
            cents = {"amount": grant.amount_cents, "cash": grant.cash_cents, "in_kind": grant.in_kind_cents}[field]
            return domain.euro_in_words(cents, language)
        if group == "lp":
            if self.lp is None:
                return None
            if field == "country":
                return domain.country_name(self.lp.country, language)
            requirement = self.lp_requirement
            return str(requirement.photos) if requirement is not None and requirement.photos else None
        if group == "departure":
            if field == "basis":
                return domain.legal_basis("art63", language)
            departure = self.departure
            if departure is None:
                return None
            if field in ("date", "time"):
                return moment(departure.departs_at, field)
            if field == "destination":
                return domain.country_name(departure.destination_country, language)
            return {
                "flight": departure.flight_number,
                "from_airport": departure.from_airport,
                "to_airport": departure.to_airport,
            }[field] or None
        if group == "plan":
            plan = self.plan
            if plan is None:
                return None
            if field == "date":
                return day(timezone.localdate(plan.created_at))
            return {"version": str(plan.number), "strategy": plan.strategy, "next_steps": plan.next_steps}[
                field
            ] or None
        return None


def dossier_facts(*, user: User, case: Case, on: dt.date) -> DossierFacts:
    return DossierFacts(user=user, case=case, on=on)


# -- letters -----------------------------------------------------------------------------------------------
def letter_list(*, user: User, case: Case) -> QuerySet[Letter]:
    """The letters of a case the user may already see, newest first."""
    return Letter.objects.filter(case_id=case.pk).select_related("issued_by").order_by("-issued_at", "-version")


def letter_get(*, user: User, case: Case, letter_id: uuid.UUID | str) -> Letter:
    """One letter of a visible case; a letter of another case is not found."""
    try:
        return Letter.objects.select_related("issued_by", "case").get(case_id=case.pk, pk=uuid.UUID(str(letter_id)))
    except (ValueError, Letter.DoesNotExist):
        raise NotFound("Brief niet gevonden.") from None


def letter_content(letter: Letter) -> bytes:
    """The stored PDF of a letter read through `letter_get` (which checks visibility); refused when the
    file no longer matches the SHA-256 recorded when it was issued."""
    with default_storage.open(letter.file, "rb") as handle:
        data: bytes = handle.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        raise IntegrityError(f"letter {letter.pk}: the stored PDF does not match its SHA-256")
    return data


def next_version(case: Case, kind: str) -> int:
    latest = Letter.objects.filter(case_id=case.pk, kind=kind).order_by("-version").values_list("version", flat=True)
    return (latest.first() or 0) + 1


@dataclass(frozen=True)
class LetterItem:
    """A letter as a list of documents shows it (the dossier, the documents list): no text, no name."""

    id: uuid.UUID
    title: str
    kind: str
    kind_label: str
    languages: tuple[str, ...]
    language_labels: str
    version: int
    reference: str
    issued_at: dt.datetime
    issued_by: str
    sha256: str
    download_url: str


def _item(letter: Letter) -> LetterItem:
    labels = dict(LetterLanguage.choices)
    languages = tuple(letter.language_list)
    return LetterItem(
        id=letter.pk,
        title=letter.reference,
        kind=letter.kind,
        kind_label=str(letter.get_kind_display()),
        languages=languages,
        language_labels=" + ".join(str(labels.get(code, code)) for code in languages),
        version=letter.version,
        reference=letter.reference,
        issued_at=letter.issued_at,
        issued_by=letter.issued_by.display_name,
        sha256=letter.sha256,
        download_url=reverse("letters:download", kwargs={"case_id": letter.case_id, "letter_id": letter.pk}),
    )


def _case_letters(*, user: User, case: Case) -> list[Letter]:
    """`letter_list`, read once per dossier page: its "Brieven" section and its documents list share it."""
    return read_once(case, "letters.all", lambda: list(letter_list(user=user, case=case)))


def letters_for_case(*, user: User, case: Case) -> list[LetterItem]:
    """The letters of a case `user` may see (loaded through `cases.selectors.case_get`), newest first,
    each with its kind, languages, version, when it was issued, its SHA-256 and where to download it.
    Writes no access record: the page that shows the list does (for the dossier: the dossier's own)."""
    return [_item(letter) for letter in _case_letters(user=user, case=case)]


def letter_files(user: User, case: Case) -> list[DossierFile]:
    """The case's letters as rows of the dossier's documents list (`cases.registry.dossier_files`)."""
    return [
        DossierFile(
            app_label="letters",
            key=str(letter.pk),
            kind_label=f"{letter.get_kind_display()} (brief)",
            title=f"{letter.reference} · {' + '.join(letter.language_list)}",
            date=timezone.localdate(letter.issued_at),
            created_at=letter.issued_at,
            size=default_storage.size(letter.file) if default_storage.exists(letter.file) else 0,
            content_type="application/pdf",
            download_url=reverse("letters:download", kwargs={"case_id": letter.case_id, "letter_id": letter.pk}),
            created_by=letter.issued_by.display_name,
        )
        for letter in _case_letters(user=user, case=case)
    ]


def letters_dossier_section(*, user: User, case: Case) -> dict[str, Any]:
    """The dossier's "Brieven" section: the case's letters and whether the user may write one."""
    return {
        "letters_case": case,
        "letters": letters_for_case(user=user, case=case),
        "letters_can_issue": permissions.can_work_on(user, case) and case.is_open,
    }
