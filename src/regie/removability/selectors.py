"""Every read of removability. What depends on who asks is a queryset filter on visible cases.

`removability_for` answers other apps (departures, the dossier) about a case already loaded for a
user; it takes no user, and its reasons name no medical ground.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.registry import SummaryItem, dossier_reads_open, read_once
from regie.cases.selectors import case_get, case_visibility
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import NotFound
from regie.deadlines.domain import Rule, rule_in_force
from regie.deadlines.selectors import rules_in_force

from . import domain
from .models import MedicalPostponement, PendingProcedure


def _visible_cases(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(user))


def procedures_for(*, user: User, case: Case) -> QuerySet[PendingProcedure]:
    """The procedures of a case, newest first, if the user may see the case."""
    return PendingProcedure.objects.filter(case__in=_visible_cases(user).filter(pk=case.pk)).order_by(
        "-starts_on", "-created_at"
    )


def procedure_get(*, user: User, case: Case, procedure_id: uuid.UUID | str) -> PendingProcedure:
    try:
        return (
            PendingProcedure.objects.select_related("case")
            .filter(case__in=_visible_cases(user))
            .get(pk=uuid.UUID(str(procedure_id)), case_id=case.pk)
        )
    except (ValueError, PendingProcedure.DoesNotExist):
        raise NotFound("Procedure niet gevonden.") from None


def postponements_for(*, user: User, case: Case) -> QuerySet[MedicalPostponement]:
    """The postponements of a case, newest first, if the user may see the case.

    The rows hold health data (ground, expected date of birth): show those only when
    `cases.permissions.can_see_special_categories` allows; the period itself anyone on the case may see.
    """
    return MedicalPostponement.objects.filter(case__in=_visible_cases(user).filter(pk=case.pk)).order_by(
        "-starts_on", "-created_at"
    )


def postponement_get(*, user: User, case: Case, postponement_id: uuid.UUID | str) -> MedicalPostponement:
    try:
        return (
            MedicalPostponement.objects.select_related("case")
            .filter(case__in=_visible_cases(user))
            .get(pk=uuid.UUID(str(postponement_id)), case_id=case.pk)
        )
    except (ValueError, MedicalPostponement.DoesNotExist):
        raise NotFound("Uitstel niet gevonden.") from None


def _procedure(p: PendingProcedure) -> domain.Procedure:
    return domain.Procedure(kind=p.kind, suspensive=p.suspensive, starts_on=p.starts_on, ends_on=p.ends_on)


def max_postponement_months(starts_on: dt.date, rules: Sequence[Rule] | None = None) -> int | None:
    """The rule `medical_postponement_max` in force on the start date, in months (None: no such rule,
    or one not in months or years)."""
    try:
        rule = rule_in_force(rules if rules is not None else rules_in_force(), "medical_postponement_max", starts_on)
    except LookupError:
        return None
    return rule.amount * (12 if rule.unit == "years" else 1) if rule.unit in ("months", "years") else None


def _postponement(p: MedicalPostponement, rules: Sequence[Rule]) -> domain.Postponement:
    return domain.Postponement(
        ground=p.ground,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        ended_early_on=p.ended_early_on,
        max_months=max_postponement_months(p.starts_on, rules),
    )


def _rows(case: Case) -> tuple[list[PendingProcedure], list[MedicalPostponement]]:
    """The case's procedures and postponements, newest first (two queries, once per dossier page:
    `cases.registry.read_once`; the facts and the section share them)."""
    return read_once(
        case,
        "removability.rows",
        lambda: (
            list(PendingProcedure.objects.filter(case_id=case.pk).order_by("-starts_on", "-created_at")),
            list(MedicalPostponement.objects.filter(case_id=case.pk).order_by("-starts_on", "-created_at")),
        ),
    )


def _facts(case: Case) -> tuple[list[domain.Procedure], list[domain.Postponement]]:
    """The case's procedures and postponements as the domain reads them (`_rows`; the rule table once)."""

    def load() -> tuple[list[domain.Procedure], list[domain.Postponement]]:
        rules = rules_in_force()
        procedures, postponements = _rows(case)
        return [_procedure(p) for p in procedures], [_postponement(p, rules) for p in postponements]

    return read_once(case, "removability.facts", load)


def removability_for(case: Case, on: dt.date | None = None, *, medical_visible: bool = True) -> domain.Removability:
    """May removal go ahead on `on` (default today)? With every reason why not, in Dutch.

    A travel document is a valid passport or laissez-passer of the person, or an agreed handover at
    the border (the authorities take the person over without one).
    """
    from regie.travel_documents.selectors import border_handover_agreed, valid_travel_document_on

    on = on or clock.today()
    has_document = valid_travel_document_on(case.person, on) is not None or border_handover_agreed(case)
    return domain.removable_on(on, *_facts(case), has_document, medical_visible)


@dataclass
class PostponementRow:
    postponement: MedicalPostponement
    last_day: dt.date
    active: bool  # applies on the day asked about
    current: bool  # applies then or later: it can still be ended early
    automatic: bool


@dataclass
class RemovabilitySection:
    removability: domain.Removability
    procedures: list[PendingProcedure] = field(default_factory=list)
    postponements: list[PostponementRow] = field(default_factory=list)
    can_work: bool = False
    special_categories_visible: bool = False


def removability_dossier_section(*, user: User, case: Case, on: dt.date | None = None) -> dict[str, Any]:
    """The context of `removability/_dossier_section.html` (as `section`): the case and what the
    dossier shows of removability, for a `case` already loaded as visible to `user`.

    The ground of a postponement is shown only to who may see special-category data; the dossier
    page already wrote the access record (with that flag), so this adds none.
    """
    on = on or clock.today()
    special = permissions.can_see_special_categories(user, case)
    rows = []
    rules = rules_in_force()
    # On the dossier page (the case loaded as visible to `user`) the rows the facts were read from.
    in_dossier = dossier_reads_open(case)
    # The postponements are health data, their dates too: listed only for who may see them.
    shown = (_rows(case)[1] if in_dossier else postponements_for(user=user, case=case)) if special else ()
    for p in shown:
        fact = _postponement(p, rules)
        rows.append(
            PostponementRow(
                postponement=p,
                last_day=fact.last_day,
                active=fact.active_on(on),
                current=fact.ended_early_on is None and fact.last_day >= on,
                automatic=domain.is_automatic(p.ground),
            )
        )
    section = RemovabilitySection(
        removability=removability_for(case, on, medical_visible=special),
        procedures=list(_rows(case)[0] if in_dossier else procedures_for(user=user, case=case)),
        postponements=rows,
        can_work=permissions.can_work_on(user, case) and case.is_open,
        special_categories_visible=special,
    )
    return {"case": case, "removability": section}


def removability_read(*, actor: Actor, case_id: uuid.UUID | str) -> dict[str, Any]:
    """Load the removability of a visible case for `actor` (the section's context) and log the read of
    the person's data, flagged when a medical ground is shown."""
    assert actor.user is not None
    case = case_get(user=actor.user, case_id=case_id)
    section = removability_dossier_section(user=actor.user, case=case)
    shown: RemovabilitySection = section["removability"]
    access_record(
        actor=actor,
        person_ids=[case.person_id],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids={case.person_id: case.pk},
        special_categories=shown.special_categories_visible and bool(shown.postponements),
    )
    return section


def active_procedure_count(case: Case, on: dt.date | None = None) -> int:
    """How many pending procedures run for the case on `on` (for the no-fault permit)."""
    on = on or clock.today()
    return (
        PendingProcedure.objects.filter(case_id=case.pk, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .count()
    )


def removal_suspended(case: Case, on: dt.date, *, medical_visible: bool = True) -> list[str]:
    """Why removal (a forced departure, a Dublin transfer) may not go ahead on `on`: a suspensive
    procedure or a medical postponement covering the day, in the words of "removable now?" (no medical
    ground; without dates for who may not see health data). Empty when nothing suspends it; a missing
    travel document is not a suspension."""
    return domain.removable_on(on, *_facts(case), True, medical_visible).reasons


def postponed_on(case: Case, on: dt.date) -> bool:
    """A medical postponement (art. 64 Vw) covers `on` (for who may not see why: only that it does)."""
    return any(p.active_on(on) for p in _facts(case)[1])


def suspended_since(case: Case, on: dt.date) -> dt.date | None:
    """The day since which removal is suspended on `on` (the earliest start of what suspends it), or None."""
    procedures, postponements = _facts(case)
    starts = [p.starts_on for p in procedures if p.suspensive and p.active_on(on)]
    starts += [p.starts_on for p in postponements if p.active_on(on)]
    return min(starts) if starts else None


# --- the caseload filter "removable now?" ------------------------------------------------------------
REMOVABLE_FILTER_CHOICES = (("ja", gettext_lazy("Ja")), ("nee", gettext_lazy("Nee")))


def removable_filter(value: str, on: dt.date, *, as_recorded_then: bool = False) -> Q:
    """A filter on Case with the answer of `removability_for` on `on`: no suspensive procedure and no
    medical postponement running, and a travel document (or a border handover) available.
    `as_recorded_then`: see `travel_document_available` (figures over past days)."""
    from regie.travel_documents.selectors import travel_document_available

    procedure = PendingProcedure.objects.filter(case=OuterRef("pk"), suspensive=True, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    postponement = MedicalPostponement.objects.filter(case=OuterRef("pk"), starts_on__lte=on, ends_on__gte=on).filter(
        Q(ended_early_on__isnull=True) | Q(ended_early_on__gte=on)
    )
    removable = (
        ~Q(Exists(procedure))
        & ~Q(Exists(postponement))
        & travel_document_available(on, as_recorded_then=as_recorded_then)
    )
    if value == "ja":
        return removable
    if value == "nee":
        return ~removable
    return Q()


def removability_summary(user: User, case: Case) -> list[SummaryItem]:
    """The dossier summary's "removable now?": yes, or no with what stands in the way in general words
    (suspended, no travel document): the ground of a postponement is not named here."""
    on = clock.today()
    answer = removability_for(case, on, medical_visible=permissions.can_see_special_categories(user, case))
    if answer.removable:
        value = str(gettext_lazy("ja"))
    else:
        # Every reason but the missing travel document is a suspension (a procedure, a postponement).
        why = []
        if any(r != domain.NO_TRAVEL_DOCUMENT for r in answer.reasons):
            why.append(str(gettext_lazy("uitzetting opgeschort")))
        if domain.NO_TRAVEL_DOCUMENT in answer.reasons:
            why.append(str(gettext_lazy("geen reisdocument")))
        value = f"{gettext_lazy('nee')} ({', '.join(why)})" if why else str(gettext_lazy("nee"))
    return [SummaryItem(30, gettext_lazy("Nu verwijderbaar"), value, "h-verwijderbaarheid")]
