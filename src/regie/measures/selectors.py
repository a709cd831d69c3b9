"""Reads of measures. Visibility is the case's: a measure is found only through a case the user may see."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.registry import Approval, SummaryItem, read_once
from regie.cases.selectors import case_get, case_visibility
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import NotFound
from regie.deadlines.domain import Deadline, Rule
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import rules_in_force

from . import domain
from .choices import ProposalStatus
from .models import Detention, DetentionProposal, ReportingDuty, VblPlacement

M = TypeVar("M", ReportingDuty, VblPlacement, Detention)

INACTIVITY = "detention_inactivity"
COURT_NOTIFICATION = "detention_court_notification"


# --- the active measure of a case (the case is already loaded as visible) ------------------------


def active_detention(case: Case) -> Detention | None:
    """The running detention of `case`, if any (at most one: a database constraint)."""
    return Detention.objects.filter(case_id=case.pk, ends_on__isnull=True).first()


def active_vbl(case: Case) -> VblPlacement | None:
    return VblPlacement.objects.filter(case_id=case.pk, ends_on__isnull=True).first()


def active_reporting_duty(case: Case) -> ReportingDuty | None:
    return ReportingDuty.objects.filter(case_id=case.pk, ends_on__isnull=True).first()


# --- one measure by id, for a user ---------------------------------------------------------------


def _visible(model: type[M], user: User) -> QuerySet[M]:
    return model.objects.filter(case__in=Case.objects.filter(case_visibility(user)).values("pk"))


def _get(model: type[M], user: User, case_id: uuid.UUID | str, measure_id: uuid.UUID | str, missing: str) -> M:
    try:
        return (
            _visible(model, user)
            .select_related("case")
            .get(case_id=uuid.UUID(str(case_id)), pk=uuid.UUID(str(measure_id)))
        )
    except (ValueError, model.DoesNotExist):
        raise NotFound(missing) from None


def reporting_duty_get(*, user: User, case_id: uuid.UUID | str, duty_id: uuid.UUID | str) -> ReportingDuty:
    return _get(ReportingDuty, user, case_id, duty_id, "Meldplicht niet gevonden.")


def vbl_placement_get(*, user: User, case_id: uuid.UUID | str, placement_id: uuid.UUID | str) -> VblPlacement:
    return _get(VblPlacement, user, case_id, placement_id, "Plaatsing in een VBL niet gevonden.")


def detention_get(*, user: User, case_id: uuid.UUID | str, detention_id: uuid.UUID | str) -> Detention:
    return _get(Detention, user, case_id, detention_id, "Bewaring niet gevonden.")


# --- everything about the measures of one case ---------------------------------------------------


@dataclass
class VblView:
    placement: VblPlacement
    deadlines: list[CaseDeadline] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.placement.ends_on is None

    @property
    def review_deadline(self) -> CaseDeadline | None:
        return next((d for d in self.deadlines if d.code == domain.VBL_REVIEW), None)


@dataclass
class DetentionView:
    detention: Detention
    maximum: Deadline | None
    deadlines: list[CaseDeadline] = field(default_factory=list)
    inactivity_raised: bool = False

    @property
    def active(self) -> bool:
        return self.detention.ends_on is None

    @property
    def court_deadline(self) -> CaseDeadline | None:
        return next((d for d in self.deadlines if d.code == COURT_NOTIFICATION), None)

    @property
    def inactivity(self) -> CaseDeadline | None:
        return next((d for d in self.deadlines if d.code == INACTIVITY), None)


@dataclass
class CaseMeasures:
    """What a user sees of the measures of one case, newest first, with the pending deadlines of each."""

    case: Case
    reporting_duties: list[ReportingDuty] = field(default_factory=list)
    vbl_placements: list[VblView] = field(default_factory=list)
    detentions: list[DetentionView] = field(default_factory=list)
    can_work: bool = False
    can_start_detention: bool = False
    proposal: DetentionProposal | None = None  # the one waiting for a team lead, if any
    decides_proposal: bool = False  # the user may approve or refuse it (a team lead who did not propose it)
    last_refused: DetentionProposal | None = None  # the latest refused proposal, with its reason

    @property
    def active_reporting_duty(self) -> ReportingDuty | None:
        return next((d for d in self.reporting_duties if d.ends_on is None), None)

    @property
    def active_vbl(self) -> VblView | None:
        return next((v for v in self.vbl_placements if v.active), None)

    @property
    def active_detention(self) -> DetentionView | None:
        return next((d for d in self.detentions if d.active), None)

    @property
    def earlier_count(self) -> int:
        return (
            sum(d.ends_on is not None for d in self.reporting_duties)
            + sum(not v.active for v in self.vbl_placements)
            + sum(not d.active for d in self.detentions)
        )

    @property
    def any(self) -> bool:
        return bool(self.reporting_duties or self.vbl_placements or self.detentions)

    def vbl_view(self, placement_id: uuid.UUID) -> VblView:
        return next(v for v in self.vbl_placements if v.placement.pk == placement_id)

    def detention_view(self, detention_id: uuid.UUID) -> DetentionView:
        return next(v for v in self.detentions if v.detention.pk == detention_id)


def _maximum(detention: Detention, rules: tuple[Rule, ...]) -> Deadline | None:
    try:
        return domain.detention_maximum(
            starts_on=detention.starts_on,
            family_or_minor=detention.family_or_minor,
            extended=detention.extended_on is not None,
            rules=rules,
        )
    except LookupError:
        return None


def _measures_of(case: Case) -> tuple[list[ReportingDuty], list[VblPlacement], list[Detention]]:
    """Every reporting duty, VBL placement and detention of the case, newest first: read once per dossier
    page (`cases.registry.read_once`), for the section and the summary alike."""

    def load() -> tuple[list[ReportingDuty], list[VblPlacement], list[Detention]]:
        return (
            list(ReportingDuty.objects.filter(case_id=case.pk).order_by("-starts_on", "-created_at")),
            list(VblPlacement.objects.filter(case_id=case.pk).order_by("-starts_on", "-created_at")),
            list(Detention.objects.filter(case_id=case.pk).order_by("-starts_on", "-created_at")),
        )

    return read_once(case, "measures.all", load)


def case_measures(*, user: User, case: Case) -> CaseMeasures:
    """The measures of `case` (already loaded as visible to `user`) and what `user` may do with them."""
    duties, placements, detentions = _measures_of(case)
    rows: dict[str, list[CaseDeadline]] = {}
    source_ids = [str(m.pk) for m in (*placements, *detentions)]
    if source_ids:
        for row in CaseDeadline.objects.filter(case_id=case.pk, source_id__in=source_ids).order_by("due", "code"):
            rows.setdefault(row.source_id, []).append(row)
    rules = rules_in_force() if detentions else ()
    today = clock.today()
    detention_views = []
    for det in detentions:
        own = rows.get(str(det.pk), [])
        detention_views.append(
            DetentionView(
                detention=det,
                maximum=_maximum(det, rules),
                deadlines=own,
                inactivity_raised=any(r.code == INACTIVITY and r.due <= today for r in own),
            )
        )
    can_work = permissions.can_work_on(user, case) and case.is_open
    proposals = list(DetentionProposal.objects.filter(case_id=case.pk).select_related("proposed_by", "decided_by")[:5])
    pending = next((p for p in proposals if p.status == ProposalStatus.PENDING), None)
    return CaseMeasures(
        case=case,
        reporting_duties=duties,
        vbl_placements=[VblView(p, rows.get(str(p.pk), [])) for p in placements],
        detentions=detention_views,
        can_work=can_work,
        can_start_detention=can_work and user.role == Role.TEAM_LEAD,
        proposal=pending,
        decides_proposal=bool(
            pending and can_work and user.role == Role.TEAM_LEAD and pending.proposed_by_id != user.pk
        ),
        last_refused=next((p for p in proposals if p.status == ProposalStatus.REFUSED), None),
    )


def detention_proposal_get(*, user: User, case_id: uuid.UUID | str, proposal_id: uuid.UUID | str) -> DetentionProposal:
    """A detention proposal of a case visible to `user` (404 otherwise)."""
    case = case_get(user=user, case_id=case_id)
    try:
        return DetentionProposal.objects.select_related("case", "case__person").get(
            case=case, pk=uuid.UUID(str(proposal_id))
        )
    except (ValueError, DetentionProposal.DoesNotExist):
        raise NotFound("Voorstel tot bewaring niet gevonden.") from None


def detention_approvals(user: User) -> list[Approval]:
    """The team lead's inbox: detention proposals in their teams' open cases that another person made."""
    from django.urls import reverse

    if user.role != Role.TEAM_LEAD:
        return []
    visible = Case.objects.filter(case_visibility(user)).exclude(phase="closed").values("pk")
    pending = (
        DetentionProposal.objects.filter(case__in=visible, status=ProposalStatus.PENDING)
        .exclude(proposed_by=user)
        .select_related("case", "proposed_by")
    )
    return [
        Approval(
            case=p.case,
            what=str(gettext_lazy("Voorstel tot bewaring")),
            detail=f"{p.get_basis_display()}, {p.place}",
            requested_by=p.proposed_by.display_name,
            requested_on=p.created_at.date(),
            url=reverse("measures:page", kwargs={"case_id": p.case_id}) + "#voorstel-bewaring",
        )
        for p in pending
    ]


def measures_read(*, actor: Actor, case_id: uuid.UUID | str, purpose: str = AccessPurpose.DOSSIER_VIEW) -> CaseMeasures:
    """Load the measures of a visible case for `actor` and log the read of the person's data."""
    assert actor.user is not None
    case = case_get(user=actor.user, case_id=case_id)
    measures = case_measures(user=actor.user, case=case)
    access_record(
        actor=actor, person_ids=[case.person_id], purpose=AccessPurpose(purpose), case_ids={case.person_id: case.pk}
    )
    return measures


def measures_dossier_section(*, user: User, case: Case) -> dict[str, Any]:
    """The context of `measures/_dossier_section.html` (as `section`) for a `case` already loaded as visible
    to `user`; the dossier page has logged the read."""
    return {"case": case, "measures": case_measures(user=user, case=case)}


# --- answers for other apps ----------------------------------------------------------------------

MEASURE_WORDS = {"reporting_duty": "meldplicht", "vbl": "verblijf in een VBL", "detention": "bewaring"}


def running_measures(case: Case) -> dict[str, list[Any]]:
    """The measures that still run for the case, by kind (no visibility check: the caller has the case)."""
    running: dict[str, list[Any]] = {
        "reporting_duty": list(ReportingDuty.objects.filter(case_id=case.pk, ends_on__isnull=True)),
        "vbl": list(VblPlacement.objects.filter(case_id=case.pk, ends_on__isnull=True)),
        "detention": list(Detention.objects.filter(case_id=case.pk, ends_on__isnull=True)),
    }
    return {kind: items for kind, items in running.items() if items}


def running_measure_words(case: Case) -> list[str]:
    """What still runs, in words (registered with cases.registry: closing without departure is refused)."""
    return [MEASURE_WORDS[kind] for kind in running_measures(case)]


def family_or_minor_reason(case: Case, on: dt.date) -> str | None:
    """Why the 14-day maximum applies to a detention of this case that starts on `on`, from the dossier:
    `minor` (the person is a minor that day, `people.domain.is_minor_on`), `unaccompanied_minor` (the
    dossier records the circumstance), `detained_minor_in_household` (a household member who is a minor is
    detained that day). None when nothing in the dossier says so; never from a flag the caller sends."""
    from regie.cases.choices import SpecialCircumstanceKind
    from regie.people.domain import is_minor_on
    from regie.people.models import Person

    person = case.person
    if is_minor_on(person.birth, on):
        return "minor"
    kinds = (SpecialCircumstanceKind.UNACCOMPANIED_MINOR, SpecialCircumstanceKind.MINOR)
    if case.special_circumstances.filter(kind__in=kinds).exists():  # type: ignore[attr-defined]
        return "unaccompanied_minor"
    if person.household_id is not None:
        members = Person.objects.filter(household_id=person.household_id).exclude(pk=person.pk)
        detained = (
            Detention.objects.filter(case__person__in=members, starts_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .select_related("case__person")
        )
        if any(is_minor_on(d.case.person.birth, on) for d in detained):
            return "detained_minor_in_household"
    return None


# --- the caseload filter "measure in force" -------------------------------------------------------------
MEASURE_FILTER_CHOICES = (
    ("meldplicht", gettext_lazy("Meldplicht")),
    ("vbl", gettext_lazy("VBL")),
    ("bewaring", gettext_lazy("Bewaring")),
    ("geen", gettext_lazy("Geen maatregel")),
)


def measure_in_force(value: str, on: dt.date) -> Q:
    """Cases with that measure in force on `on` (a filter on Case); `geen`: none of the three."""
    running = Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    exists = {
        "meldplicht": Exists(ReportingDuty.objects.filter(running, case=OuterRef("pk"))),
        "vbl": Exists(VblPlacement.objects.filter(running, case=OuterRef("pk"))),
        "bewaring": Exists(Detention.objects.filter(running, case=OuterRef("pk"))),
    }
    if value in exists:
        return Q(exists[value])
    if value == "geen":
        return ~Q(exists["meldplicht"]) & ~Q(exists["vbl"]) & ~Q(exists["bewaring"])
    return Q()


def people_in_detention(cases: QuerySet[Case], on: dt.date) -> dict[Any, int]:
    """The team page's figure: per case manager, their cases with a detention running on `on`."""
    running = Detention.objects.filter(case__in=cases.values("pk"), starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    rows = running.values("case__assigned_to").annotate(n=Count("case", distinct=True)).order_by()
    return {row["case__assigned_to"]: row["n"] for row in rows}


def measures_summary(user: User, case: Case) -> list[SummaryItem]:
    """The dossier summary's "measures in force" (from the rows the section reads: `_measures_of`)."""
    labels = {
        "reporting_duty": gettext_lazy("Meldplicht"),
        "vbl": gettext_lazy("VBL"),
        "detention": gettext_lazy("Bewaring"),
    }
    duties, placements, detentions = _measures_of(case)
    by_kind: dict[str, list[Any]] = {"reporting_duty": duties, "vbl": placements, "detention": detentions}
    running = [str(labels[kind]) for kind, rows in by_kind.items() if any(m.ends_on is None for m in rows)]
    return [SummaryItem(40, gettext_lazy("Maatregelen"), ", ".join(running) or "–", "h-maatregelen")]
