"""Writing demo data: the staff, then the dossiers, through the services or in bulk.

`demo_load` replays every intake, assignment, phase change, LP step, departure interview, support
step, detention and departure through the services with the clock frozen at the moment it happened, in
the order it happened: the audit trail is the real trail of that history. `demo_load_fast` writes the same rows with `bulk_create` and builds the same audit records
(same content, same hash chain, same order) without calling the services: for benchmarks with 100,000+
cases. It skips the duplicate check of `case_intake` and the per-row `full_clean`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone
from tqdm import tqdm

from regie.accounts.choices import Role
from regie.accounts.models import PartnerOrganisation, Team, User
from regie.accounts.services import api_token_issue, team_create, user_create
from regie.audit.choices import REDACTED, EventType
from regie.audit.models import AuditEvent
from regie.audit.services import VALUE_COLUMNS, audit_record, audit_values_of, chain_lock, chain_tail_hash
from regie.cases.choices import Phase, Source
from regie.cases.closing import close_case
from regie.cases.models import Case, CaseNote, SpecialCircumstance
from regie.cases.numbers import take_numbers
from regie.cases.services import case_assign, case_intake, case_transition
from regie.core import clock
from regie.core.bulk import insert_values
from regie.core.collector import bulk_work
from regie.core.context import Actor, Channel
from regie.deadlines.domain import (
    CaseFacts,
    Deadline,
    LpFact,
    compute_deadlines,
    departure_term_end,
    next_actionable,
)
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import rules_in_force
from regie.deadlines.services import next_deadlines_update
from regie.departures.choices import CHECKLIST_ITEMS, DepartureStatus, Escort
from regie.departures.domain import OUTCOME_FOR_KIND
from regie.departures.models import Departure
from regie.departures.services import (
    HANDOVER_INPUTS,
    PLAN_FIELDS,
    departure_check,
    departure_confirm,
    departure_handover,
    departure_plan,
)
from regie.interviews.domain import CheckInput, checks_required, unchecked
from regie.interviews.models import CircumstanceCheck, Interview
from regie.interviews.services import RECORD_FIELDS, interview_record
from regie.measures import domain as measures_domain
from regie.measures.models import Detention, ReportingDuty
from regie.measures.services import detention_end, detention_start, reporting_duty_end, reporting_duty_impose
from regie.people import services as people_services
from regie.people.choices import FamilyRelation, NameKind, NationalityStatus
from regie.people.domain import PartialDate, name_fold, name_keys
from regie.people.models import FamilyLink, Household, Language, NameKey, Nationality, Person, PersonName
from regie.support import domain as support_domain
from regie.support.choices import Programme, SupportStatus
from regie.support.models import SupportGrant
from regie.support.services import (
    AUDITED_FIELDS,
    amount_rules,
    support_grant_apply,
    support_grant_approve,
    support_grant_deliver,
    support_grant_refer,
    support_settings,
)
from regie.travel_documents.choices import DocumentKind, LpOutcome, LpStatus
from regie.travel_documents.models import IdentityDocument, LpRequest
from regie.travel_documents.services import (
    document_record,
    lp_request_close,
    lp_request_prepare,
    lp_request_refuse_signing,
    lp_request_send,
    lp_request_sign,
)

from . import reference as ref
from .accounts import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from .generate import (
    DETENTION_GROUNDS,
    INTERVIEW_SUMMARY,
    CasePlan,
    Demo,
    DeparturePlan,
    DetentionPlan,
    Event,
    HouseholdPlan,
    InterviewPlan,
    LpPlan,
    Staffing,
    Step,
    SupportPlan,
    generate,
    schedule,
)

T = TypeVar("T")

_LP_TARGET = {
    "refuse_signing": LpStatus.SIGNING_REFUSED,
    "sign": LpStatus.SIGNED,
    "send": LpStatus.SENT,
    "close": LpStatus.CLOSED,
}
_LP_DATE_FIELD = {
    "refuse_signing": "signing_refused_on",
    "sign": "signed_on",
    "send": "sent_on",
    "close": "outcome_on",
}

SYSTEM_ACCOUNTS = {Source.IND: "koppeling.ind", Source.POLICE: "koppeling.politie", Source.KMAR: "koppeling.kmar"}
PARTNER_ORGANISATION = "IOM Nederland"


@dataclass
class Staff:
    """The demo organisation: teams, their leads and case managers, and the other roles."""

    teams: list[Team]
    leads: list[User]
    case_managers: list[list[User]]
    systems: dict[str, User]
    logins: list[tuple[str, str]]  # (username, what the account is for), all with DEMO_PASSWORD
    token: str | None = None
    staffing: Staffing | None = None  # how `teams` divide into regions (None: one team a region)

    def intake_lead(self, team: int) -> User:
        """The lead of the first team of `team`'s region, who takes the region's dossiers from the intake
        queue and assigns them, also to the region's other teams."""
        return self.leads[self.staffing.team(self.staffing.region(team), 0) if self.staffing else team]


@dataclass
class Summary:
    cases: int
    closed: int
    households: int
    audit_records: int
    staff: Staff
    seconds: float = 0.0
    day: list[str] = field(default_factory=list)  # the demo case manager's day (`day.demo_day`)


def _batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _slug(team_name: str) -> str:
    return team_name.removeprefix("Team ").lower().replace(" ", "-")


def _setup_actor() -> Actor:
    return Actor(user=None, channel=Channel.CLI)


def _partner_organisation(actor: Actor) -> PartnerOrganisation:
    """The IOM partner organisation, audited like the admin does (accounts has no service for it yet)."""
    existing = PartnerOrganisation.objects.filter(name=PARTNER_ORGANISATION).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        org = PartnerOrganisation(name=PARTNER_ORGANISATION, kind="iom")
        org.full_clean()
        org.save(force_insert=True)
        audit_record(
            actor=actor,
            event_type=EventType.ACCOUNT_CHANGED,
            subject=org,
            new={"fields": ["name", "kind"], "created": True},
        )
        return org


def staff_create(*, staffing: Staffing, seed: int, issue_token: bool = True) -> Staff:
    """Teams and users for the demo, through the account services; existing ones (by name) are reused.

    Only the printed logins get the (argon2-hashed) demo password: hashing is deliberately slow, so the
    other synthetic colleagues, who exist to spread the caseload, get no usable password.
    """
    actor = _setup_actor()
    rng = random.Random(seed)
    existing = {u.username: u for u in User.objects.all()}

    def user(username: str, role: str, *, teams: Iterable[Team] = (), login: bool = False, **extra: Any) -> User:
        if username in existing:
            return existing[username]
        first, last = rng.choice(ref.STAFF_GIVEN), rng.choice(ref.STAFF_FAMILY)
        created = user_create(
            actor=actor,
            username=username,
            password=DEMO_PASSWORD if login else None,
            role=role,
            first_name=extra.pop("first_name", first),
            last_name=extra.pop("last_name", last),
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            teams=list(teams),
            **extra,
        )
        existing[username] = created
        return created

    teams_by_name = {t.name: t for t in Team.objects.all()}
    teams = []
    for number in range(staffing.teams):
        name, region = ref.TEAMS[staffing.region(number)]
        unit = staffing.unit(number)
        if unit:
            name = f"{name} {unit + 1}"
        teams.append(teams_by_name.get(name) or team_create(actor=actor, name=name, region=region))
    leads, case_managers = [], []
    for i, team in enumerate(teams):
        slug = _slug(team.name)
        leads.append(user("teamleider" if i == 0 else f"tl.{slug}", Role.TEAM_LEAD, teams=[team], login=i == 0))
        case_managers.append(
            [
                user(
                    "regievoerder" if (i, n) == (0, 0) else f"rv.{slug}.{n + 1}",
                    Role.CASE_MANAGER,
                    teams=[team],
                    login=(i, n) == (0, 0),
                )
                for n in range(staffing.per_team)
            ]
        )
    user("analist", Role.ANALYST, login=True)
    user("fg", Role.PRIVACY_OFFICER, login=True)
    user("beheerder", Role.ADMINISTRATOR, login=True)
    user("partner", Role.PARTNER, login=True, partner_organisation=_partner_organisation(actor))
    systems: dict[str, User] = {
        str(source): user(username, Role.SYSTEM, first_name="Koppeling", last_name=str(Source(source).label))
        for source, username in SYSTEM_ACCOUNTS.items()
    }
    token = None
    if issue_token:
        token = api_token_issue(actor=actor, user=systems[Source.IND], name="IND-koppeling (demo)")
    team0 = teams[0].name
    logins = [
        ("regievoerder", f"regievoerder (case manager), {team0}"),
        ("teamleider", f"teamleider (team lead), {team0}"),
        ("analist", "analist (analyst): statistics, no names"),
        ("fg", "functionaris gegevensbescherming (privacy officer): access log"),
        ("beheerder", "beheerder (administrator): users and teams, /admin/"),
        ("partner", f"partner organisation ({PARTNER_ORGANISATION})"),
    ]
    return Staff(teams, leads, case_managers, systems, logins, token, staffing)


def staff_existing() -> Staff:
    """The demo staff of an already loaded database (for printing the logins again)."""
    teams = {t.name: t for t in Team.objects.all()}
    found = [teams[name] for name, _ in ref.TEAMS if name in teams]
    return Staff(
        teams=found,
        leads=[],
        case_managers=[],
        systems={s: u for s, name in SYSTEM_ACCOUNTS.items() if (u := User.objects.filter(username=name).first())},
        logins=[
            (name, label)
            for name, label in [
                ("regievoerder", "case manager"),
                ("teamleider", "team lead"),
                ("analist", "analyst"),
                ("fg", "privacy officer"),
                ("beheerder", "administrator, /admin/"),
                ("partner", f"partner organisation ({PARTNER_ORGANISATION})"),
            ]
            if User.objects.filter(username=name).exists()
        ],
    )


# -- who does what ----------------------------------------------------------------------------------------
def intake_user(staff: Staff, plan: CasePlan) -> tuple[User, str]:
    """Deliveries from IND, police and KMar come from their system accounts; others are typed in."""
    if plan.source in staff.systems:
        return staff.systems[plan.source], Channel.API
    team = plan.assigned_team if plan.assigned_team is not None else 0
    return staff.case_managers[team][plan.case_manager or 0], Channel.WEB


def step_user(staff: Staff, plan: CasePlan, step: Step) -> User:
    team = plan.assigned_team if plan.assigned_team is not None else 0
    if step.action == "assign":
        # The lead of the team that took the dossier in; from the queue, the lead of the region's first team.
        return staff.leads[plan.team] if plan.team is not None else staff.intake_lead(team)
    if plan.case_manager is None:
        return staff.leads[team]
    return staff.case_managers[team][plan.case_manager]


def family_links(household: HouseholdPlan) -> list[tuple[int, int, str]]:
    """(person, relative, what the relative is to the person): head-partner, parents-children, siblings."""
    members = list(zip(household.members, household.relations, strict=True))
    head = members[0][0]
    parents = [head] + [m for m, r in members if r == FamilyRelation.PARTNER]
    children = [m for m, r in members if r == FamilyRelation.CHILD]
    links = [(head, m, r) for m, r in members[1:]]
    links += [(p, c, FamilyRelation.CHILD) for p in parents[1:] for c in children]
    links += [(a, b, FamilyRelation.SIBLING) for a, b in itertools.combinations(children, 2)]
    return links


def _flight(departure: DeparturePlan) -> dict[str, Any]:
    """The flight of a forced departure as `departure_plan` takes it (nothing for the other kinds)."""
    if departure.departs_at is None:
        return {}
    return {
        "departs_at": departure.departs_at,
        "flight_number": departure.flight_number,
        "from_airport": "AMS",
        "to_airport": departure.to_airport,
        "escort": Escort.KMAR,
    }


def _handover_texts(plan: CasePlan) -> dict[str, str]:
    """What the escort is told (synthetic; the trail keeps only that each was filled in)."""
    medical = plan.medical_background or any(c.kind in ("medical", "pregnancy") for c in plan.special_circumstances)
    return {
        "belongings": "Eén koffer en een handbagagetas; telefoon en papieren bij de escorte (synthetisch).",
        "physical_features": "Geen bijzonderheden (synthetisch).",
        "medical": "Zie medische informatie van de arts (synthetisch)." if medical else "Geen.",
    }


INTERVIEW_PARTICIPANTS = "Regievoerder, betrokkene"
INTERVIEW_PARTICIPANTS_INTERPRETER = "Regievoerder, betrokkene, tolk"


def interview_participants(interview: InterviewPlan) -> str:
    return INTERVIEW_PARTICIPANTS_INTERPRETER if interview.interpreter_language else INTERVIEW_PARTICIPANTS


@dataclass(frozen=True)
class GrantTerms:
    """What `support_grant_apply` decides for a planned grant: programme, beneficiary, rule and amount."""

    programme: str
    beneficiary: str
    rule: support_domain.AmountRule
    amount: support_domain.SupportAmount
    status: str


class SupportRules:
    """The amount rules and limits in force, read once; `terms` decides a planned grant as the service does
    (the same pure rules), or None when the service would refuse it (no rule for the country, no year of
    birth): such a grant is left out of the demo on both paths."""

    def __init__(self) -> None:
        self.rules = {p: amount_rules(p) for p in Programme.values}
        self.threshold = support_settings().approval_threshold_cents

    def terms(self, plan: CasePlan, support: SupportPlan) -> GrantTerms | None:
        on = _local_date(support.applied_at)
        country = support_domain.return_country([(n.country, n.status) for n in plan.nationalities])
        if isinstance(country, support_domain.Refusal):
            return None
        unaccompanied = any(c.kind == "unaccompanied_minor" for c in plan.special_circumstances)
        birth = PartialDate(plan.birth_year, plan.birth_month, plan.birth_day)
        beneficiary = support_domain.beneficiary_for(birth, unaccompanied, on)
        if isinstance(beneficiary, support_domain.Refusal):
            return None
        programmes = [support.programme] + ([Programme.BASIC] if support.programme != Programme.BASIC else [])
        for programme in programmes:
            rule = support_domain.select_rule(self.rules[programme], programme, beneficiary, country, on)
            if not isinstance(rule, support_domain.Refusal):
                amount = support_domain.compute_amount(rule, None, on=on)
                status = support_domain.initial_status(amount.amount_cents, self.threshold)
                return GrantTerms(programme, beneficiary, rule, amount, status)
        return None


def support_steps(plan: CasePlan, support: SupportPlan, terms: GrantTerms) -> list[str]:
    """The steps a planned grant takes: the team lead's approval only when the amount needs it."""
    return [
        action
        for action, _at in support.actions()
        if action != "approve" or terms.status == SupportStatus.AWAITING_APPROVAL
    ]


# -- through the services -------------------------------------------------------------------------------
def demo_load(demo: Demo, staff: Staff, *, batch: int = 250, progress: bool = True) -> int:
    """Replay the demo through the services in time order, `batch` events per transaction. Returns events."""
    events = schedule(demo)
    plans = demo.cases
    team_ids = [t.pk for t in staff.teams]
    cases: dict[int, Case] = {}
    persons: dict[int, Person] = {}
    in_household = {m for h in demo.households for m in h.members}
    households = {h.members[0]: h for h in demo.households}
    bar = tqdm(total=len(events), unit="event", desc="demo", disable=not progress, smoothing=0.05)
    request_ids = random.Random(len(plans))

    def actor(user: User, channel: str = Channel.WEB) -> Actor:
        return Actor(user=user, channel=channel, request_id=uuid.UUID(int=request_ids.getrandbits(128)).hex)

    lps: dict[tuple[int, int], LpRequest] = {}
    case_ids: dict[int, Any] = {}
    grants: dict[tuple[int, int], SupportGrant] = {}
    detentions: dict[tuple[int, int], Detention] = {}
    support_rules = SupportRules()
    partner = PartnerOrganisation.objects.get(name=PARTNER_ORGANISATION)

    def interview_action(event: Event, plan: CasePlan) -> None:
        """A departure interview recorded by the case manager after it was held."""
        interview = plan.interviews[event.n]
        case = Case.objects.get(pk=case_ids[plan.index])
        interview_record(
            actor=actor(step_user(staff, plan, Step(event.at, "phase"))),
            case=case,
            held_at=interview.held_at,
            summary=INTERVIEW_SUMMARY,
            stance=interview.stance,
            checks={c: CheckInput(result) for c, result in interview.checks},
            participants=interview_participants(interview),
            place=interview.place,
            interpreter_language=interview.interpreter_language,
        )

    def support_action(event: Event, plan: CasePlan) -> None:
        """Support: applied for and referred by the case manager, approved by the team lead when needed."""
        support = plan.support[event.n]
        terms = support_rules.terms(plan, support)
        if terms is None or event.action not in support_steps(plan, support, terms):
            return
        manager = step_user(staff, plan, Step(event.at, "phase"))
        on = _local_date(event.at)
        if event.action == "apply":
            case = Case.objects.get(pk=case_ids[plan.index])
            grants[plan.index, event.n] = support_grant_apply(
                actor=actor(manager), case=case, programme=terms.programme
            )
            return
        grant = grants[plan.index, event.n]
        if event.action == "approve":
            lead = staff.leads[plan.assigned_team or 0]
            grant = support_grant_approve(actor=actor(lead), grant=grant, expected_version=None)
        elif event.action == "refer":
            grant = support_grant_refer(
                actor=actor(manager), grant=grant, partner=partner, consent_to_share_on=on, expected_version=None
            )
        else:
            grant = support_grant_deliver(actor=actor(manager), grant=grant, delivered_on=on, expected_version=None)
        grants[plan.index, event.n] = grant

    departures: dict[int, Departure] = {}

    def departure_action(event: Event, plan: CasePlan) -> None:
        """The departure planned by the case manager once the case was prepared for it; of a forced
        departure also each checklist item and the handover to the escort."""
        departure = plan.departures[event.n]
        by = actor(step_user(staff, plan, Step(event.at, "phase")))
        if event.action == "passport":
            assert departure.passport_valid_until is not None
            document_record(
                actor=by,
                case=Case.objects.get(pk=case_ids[plan.index]),
                kind=DocumentKind.PASSPORT,
                issuing_country=departure.destination_country,
                valid_until=departure.passport_valid_until,
                held_by_service=True,
            )
        elif event.action == "plan":
            case = Case.objects.get(pk=case_ids[plan.index])
            departures[plan.index] = departure_plan(
                actor=by,
                case=case,
                kind=departure.kind,
                destination_country=departure.destination_country,
                dublin_member_state=departure.dublin_member_state,
                dublin_accepted_on=departure.dublin_accepted_on,
                **_flight(departure),
            )
        elif event.action == "handover":
            departures[plan.index] = departure_handover(
                actor=by,
                departure=departures[plan.index],
                **_handover_texts(plan),
                complete=True,
                expected_version=None,
            )
        else:
            departures[plan.index] = departure_check(
                actor=by,
                departure=departures[plan.index],
                item=event.action.removeprefix("check:"),
                expected_version=None,
            )

    duties: dict[int, ReportingDuty] = {}

    def reporting_action(event: Event, plan: CasePlan) -> None:
        """A reporting duty imposed, and ended, by the case manager."""
        duty = plan.reporting_duties[event.n]
        by = actor(step_user(staff, plan, Step(event.at, "phase")))
        if event.action == "impose":
            duties[plan.index] = reporting_duty_impose(
                actor=by,
                case=Case.objects.get(pk=case_ids[plan.index]),
                starts_on=duty.starts_on,
                frequency=duty.frequency,
                location=duty.location,
            )
        else:
            reporting_duty_end(
                actor=by,
                duty=duties.pop(plan.index),
                ends_on=_local_date(event.at),
                end_reason=duty.end_reason,
                expected_version=None,
            )

    def detention_action(event: Event, plan: CasePlan) -> None:
        """Detention: started by the team lead on the case manager's proposal, ended by the case manager."""
        detention_plan = plan.detentions[event.n]
        manager = step_user(staff, plan, Step(event.at, "phase"))
        on = _local_date(event.at)
        if event.action == "start":
            case = Case.objects.get(pk=case_ids[plan.index])
            detentions[plan.index, event.n] = detention_start(
                actor=actor(staff.leads[plan.assigned_team or 0]),
                case=case,
                basis=detention_plan.basis,
                place=detention_plan.place,
                grounds=DETENTION_GROUNDS,
                starts_on=on,
                proposed_by=manager,
            )
            return
        detention_end(
            actor=actor(manager),
            detention=detentions.pop((plan.index, event.n)),
            ends_on=on,
            end_reason=detention_plan.end_reason,
            expected_version=None,
        )

    def lp_action(event: Event, plan: CasePlan) -> None:
        """One step of an LP request, by the case manager, as on the dossier page."""
        n = (event.position - 100) // 10
        lp_plan = plan.lp_requests[n]
        by = actor(step_user(staff, plan, Step(event.at, "phase")))
        on = _local_date(event.at)
        if event.action == "prepare":
            case = Case.objects.get(pk=case_ids[plan.index])
            lps[plan.index, n] = lp_request_prepare(actor=by, case=case, country=lp_plan.country, prepared_on=on)
            return
        lp = lps[plan.index, n]
        if event.action == "refuse_signing":
            lp = lp_request_refuse_signing(actor=by, lp=lp, expected_version=None, signing_refused_on=on)
        elif event.action == "sign":
            lp = lp_request_sign(actor=by, lp=lp, expected_version=None, signed_on=on)
        elif event.action == "send":
            lp = lp_request_send(actor=by, lp=lp, expected_version=None, sent_on=on)
        else:
            lp = lp_request_close(
                actor=by,
                lp=lp,
                expected_version=None,
                outcome=lp_plan.outcome,
                outcome_on=on,
                lp_valid_until=lp_plan.valid_until,
            )
        lps[plan.index, n] = lp

    def run(event: Event) -> None:
        plan = plans[event.case]
        if event.kind == "lp":
            lp_action(event, plan)
        elif event.kind == "interview":
            interview_action(event, plan)
        elif event.kind == "support":
            support_action(event, plan)
        elif event.kind == "detention":
            detention_action(event, plan)
        elif event.kind == "departure":
            departure_action(event, plan)
        elif event.kind == "reporting":
            reporting_action(event, plan)
        elif event.kind == "intake":
            user, channel = intake_user(staff, plan)
            result = case_intake(actor=actor(user, channel), data=plan.intake(team_ids))
            if any((plan.lp_requests, plan.interviews, plan.support, plan.detentions, plan.departures)) or (
                plan.reporting_duties
            ):
                case_ids[plan.index] = result.case.pk
            if plan.steps:
                cases[plan.index] = result.case
            if plan.index in in_household:
                persons[plan.index] = result.case.person
        elif event.kind == "step":
            step = event.step
            assert step is not None
            case = cases[plan.index]
            team = plan.assigned_team if plan.assigned_team is not None else 0
            if step.action == "assign":
                assert plan.case_manager is not None
                case = case_assign(
                    actor=actor(step_user(staff, plan, step)),
                    case=case,
                    team=staff.teams[team],
                    assigned_to=staff.case_managers[team][plan.case_manager],
                    expected_version=None,
                )
            elif step.phase == Phase.CLOSED and plan.index in departures:
                # The border message confirms the departure, which closes the case with its outcome.
                confirmed = departure_confirm(
                    actor=actor(step_user(staff, plan, step)),
                    departure=departures.pop(plan.index),
                    confirmed_on=_local_date(step.at),
                    border_message_reference=plan.departures[-1].border_message_reference,
                    expected_version=None,
                )
                case = confirmed.case
            elif step.phase == Phase.CLOSED:
                # Synthetic history: the case closed with its outcome back then (forced departures and
                # the outcomes without departure carry no records of their conditions: checklist,
                # handover, cancellations), so through the closing primitive, not the outcome's guard.
                locked = Case.objects.select_for_update().get(pk=case.pk)
                case = close_case(actor=actor(step_user(staff, plan, step)), case=locked, outcome=step.outcome)
            else:
                case = case_transition(
                    actor=actor(step_user(staff, plan, step)),
                    case=case,
                    phase=step.phase,
                    expected_version=None,
                    hold_reason=step.hold_reason,
                    hold_note=step.hold_note,
                    outcome=step.outcome,
                )
            if step is plan.steps[-1]:
                del cases[plan.index]
            else:
                cases[plan.index] = case
        else:
            household = households[event.case]
            user, channel = intake_user(staff, plans[household.members[0]])
            by = actor(user, channel)
            for person, relative, relation in family_links(household):
                people_services.family_link_record(
                    actor=by, person=persons[person], relative=persons[relative], relation=relation
                )
            people_services.household_set(
                actor=by, persons=[persons[m] for m in household.members], label=household.label
            )
            for m in household.members:
                persons.pop(m, None)

    try:
        for chunk in _batched(events, batch):
            with transaction.atomic():
                for event in chunk:
                    with clock.frozen(event.at):
                        run(event)
            bar.update(len(chunk))
    finally:
        bar.close()
    # The history ends today: what is next to do is what it is today (as after the daily sweep).
    next_deadlines_update()
    return len(events)


# -- in bulk ----------------------------------------------------------------------------------------------
def _sub_id(parent: uuid.UUID, what: str) -> uuid.UUID:
    """A stable id for a row that belongs to `parent`, so rows and their audit records agree."""
    return uuid.uuid5(parent, what)


def _local_date(at: dt.datetime) -> dt.date:
    return timezone.localdate(at)


@dataclass(frozen=True)
class _ActorRef:
    id: int | None
    label: str
    channel: str


# A column a new row must be given: its default is made per row (a uuid key).
_GIVEN: Any = object()


class _Table:
    """New rows of one model as lists for `insert_values`, every column in the model's order (what
    `insert_rows` would write of a model instance, without building one per row): a column a row does
    not give holds the field's default, as a new instance does, `auto_now`/`auto_now_add` ones `now`
    (what `pre_save` sets); a key the database generates is left to it."""

    def __init__(self, model: type[models.Model], now: dt.datetime) -> None:
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning)]
        self.model = model
        self.columns = tuple(f.attname for f in fields)
        self.index = {name: i for i, name in enumerate(self.columns)}
        self.defaults = [
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else _GIVEN
            if f.has_default() and callable(f.default) and f.default not in (dict, list)
            else f.get_default()
            for f in fields
        ]
        self.given = [i for i, value in enumerate(self.defaults) if value is _GIVEN]
        self.rows: list[list[Any]] = []

    def add(self, **values: Any) -> None:
        row = self.defaults.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value  # a KeyError names a column the model does not have
        for i in self.given:
            if row[i] is _GIVEN:
                raise ValueError(f"{self.model.__name__}.{self.columns[i]} must be given")
        self.rows.append(row)

    def insert(self) -> None:
        insert_values(self.model, self.columns, self.rows)


class _Trail:
    """Audit records built outside `audit_record`, with the same content and the same hash chain: as
    tuples in the order of `VALUE_COLUMNS` (no model instance per record; `insert_values` writes them)."""

    COLUMNS = VALUE_COLUMNS

    def __init__(self, prev_hash: str) -> None:
        self.prev_hash = prev_hash
        self.events: list[tuple[Any, ...]] = []

    def add(
        self,
        *,
        at: dt.datetime,
        by: _ActorRef,
        request_id: str,
        event_type: EventType,
        subject_type: str,
        subject_id: Any,
        case_id: uuid.UUID | None = None,
        person_id: uuid.UUID | None = None,
        old: dict[str, Any] | None = None,
        new: dict[str, Any] | None = None,
    ) -> None:
        record = audit_values_of(
            at=at,
            actor_id=by.id,
            actor_label=by.label,
            channel=by.channel,
            request_id=request_id,
            event_type=event_type,
            subject_type=subject_type,
            subject_id=subject_id,
            case_id=case_id,
            person_id=person_id,
            old=old,
            new=new,
        )
        row, self.prev_hash = record.chained(self.prev_hash)
        self.events.append(row)


@dataclass(frozen=True)
class _DetentionValues:
    """What the trail of a detention reads (no model instance: the trail is built for every event)."""

    id: uuid.UUID
    basis: str
    place: str
    starts_on: dt.date
    ends_on: dt.date
    end_reason: str
    proposed_by_id: int
    approved_by_id: int


class _Bulk:
    def __init__(self, demo: Demo, staff: Staff) -> None:
        self.demo = demo
        self.staff = staff
        self.team_ids = [t.pk for t in staff.teams]
        self.households = {h.members[0]: h for h in demo.households}
        self.household_of = {m: h for h in demo.households for m in h.members}
        self.rng = random.Random(len(demo.cases))
        self.first_plan = {p.person_id: p for p in demo.cases if p.new_person}
        self.rules = rules_in_force()
        self.numbers = self._numbers(demo.cases)
        self.support_rules = SupportRules()
        self.partner = PartnerOrganisation.objects.get(name=PARTNER_ORGANISATION)
        self._terms: dict[tuple[int, int], GrantTerms | None] = {}
        self._refs: dict[tuple[int, str], _ActorRef] = {}
        self._deadlines: dict[CaseFacts, list[Deadline]] = {}
        self._term_ends: dict[tuple[dt.date, int | None], dt.date] = {}
        # `_local_date` with the time zone looked up once (the current one is a context-local read per call).
        self.zone = timezone.get_current_timezone()

    def local_date(self, at: dt.datetime) -> dt.date:
        return timezone.localdate(at, self.zone)

    def terms(self, plan: CasePlan, n: int) -> GrantTerms | None:
        key = (plan.index, n)
        if key not in self._terms:
            self._terms[key] = self.support_rules.terms(plan, plan.support[n])
        return self._terms[key]

    def manager(self, plan: CasePlan) -> User:
        return self.staff.case_managers[plan.assigned_team or 0][plan.case_manager or 0]

    def lead(self, plan: CasePlan) -> User:
        return self.staff.leads[plan.assigned_team or 0]

    @staticmethod
    def _numbers(plans: Sequence[CasePlan]) -> dict[int, str]:
        """The dossier numbers the intakes would take, in the order they were opened, per year."""
        by_year: dict[int, list[CasePlan]] = {}
        for plan in sorted(plans, key=lambda p: (p.intake_at, p.index)):
            by_year.setdefault(_local_date(plan.intake_at).year, []).append(plan)
        numbers: dict[int, str] = {}
        for year, in_year in sorted(by_year.items()):
            numbers.update(zip((p.index for p in in_year), take_numbers(year, len(in_year)), strict=True))
        return numbers

    def request_id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"  # uuid.UUID(int=...).hex, without the UUID

    def ref(self, user: User, channel: str) -> _ActorRef:
        key = (user.pk, channel)
        if key not in self._refs:
            self._refs[key] = _ActorRef(user.pk, user.username, channel)
        return self._refs[key]

    # What the rows of a plan are: shared by the row writer and the trail writer.
    @staticmethod
    def name_rows(plan: CasePlan) -> list[tuple[uuid.UUID, str, str, str]]:
        """(id, kind, given, family) of the names the intake records, primary first."""
        rows: list[tuple[uuid.UUID, str, str, str]] = []
        if plan.new_person:
            rows.append((_sub_id(plan.person_id, "name:0"), NameKind.PRIMARY, plan.given_names, plan.family_name))
            for i, name in enumerate(plan.other_names):
                rows.append((_sub_id(plan.person_id, f"name:{i + 1}"), name.kind, name.given_names, name.family_name))
        elif (plan.intake_given_names, plan.intake_family_name) != (plan.given_names, plan.family_name):
            rows.append(
                (_sub_id(plan.case_id, "variant"), NameKind.VARIANT, plan.intake_given_names, plan.intake_family_name)
            )
        return rows

    def known_names(self, plan: CasePlan) -> set[tuple[str, str]]:
        """Names a re-entering person already has (person_name_add records a name once)."""
        earlier = self.first_plan[plan.person_id]
        return {(earlier.given_names, earlier.family_name)} | {
            (n.given_names, n.family_name) for n in earlier.other_names
        }

    def case_state(self, plan: CasePlan) -> dict[str, Any]:
        phase: str = Phase.INTAKE
        before, reason, note, outcome, closed_on = "", "", "", "", None
        for step in plan.steps:
            if step.action != "phase":
                continue
            if step.phase == Phase.ON_HOLD:
                before, reason, note = phase, step.hold_reason, step.hold_note
            elif phase == Phase.ON_HOLD:
                before, reason, note = "", "", ""
            phase = step.phase
            if phase == Phase.CLOSED:
                outcome, closed_on = step.outcome, self.local_date(step.at)
        assigned = plan.case_manager is not None and any(s.action == "assign" for s in plan.steps)
        team = plan.assigned_team if assigned else plan.team
        # As cases.services and deadlines.services derive them: a term counts as shortened only with a reason.
        term_days = plan.departure_term_days if plan.departure_term_reason else None
        decision = plan.return_decision_date
        ends = None
        if decision:
            ends = self._term_ends.get((decision, term_days))
            if ends is None:
                ends = departure_term_end(decision_date=decision, term_days=term_days, rules=self.rules).due
                self._term_ends[decision, term_days] = ends
        facts = CaseFacts(
            closed=phase == Phase.CLOSED,
            target_group=plan.target_group,
            return_decision_date=decision,
            departure_term_days=term_days,
            lp_requests=tuple(
                LpFact(
                    str(_sub_id(plan.case_id, f"lp:{n}")),
                    self.local_date(lp.sent_at) if lp.sent_at else None,
                    bool(lp.outcome),
                )
                for n, lp in enumerate(plan.lp_requests)
            ),
        )
        # Once per set of equal facts (as the batch intake does); facts with LP requests name them, so
        # they are never equal and not kept.
        deadlines = self._deadlines.get(facts)
        if deadlines is None:
            deadlines = compute_deadlines(facts, self.rules)
            if not facts.lp_requests:
                self._deadlines[facts] = deadlines
        nxt = None if phase in (Phase.ON_HOLD, Phase.CLOSED) else next_actionable(deadlines, today=clock.today())
        return {
            "deadlines": deadlines,
            "phase": phase,
            "phase_before_hold": before,
            "hold_reason": reason,
            "hold_note": note,
            "outcome": outcome,
            "closed_on": closed_on,
            "team_id": self.team_ids[team] if team is not None else None,
            "assigned_to": (
                self.staff.case_managers[plan.assigned_team or 0][plan.case_manager or 0] if assigned else None
            ),
            "departure_term_ends": ends,
            "next_deadline": nxt.due if nxt else None,
            "next_deadline_code": nxt.code if nxt else "",
            "next_deadline_label": nxt.label if nxt else "",
            "version": 1 + len(plan.steps),
        }

    def rows(self, plans: Sequence[CasePlan]) -> None:
        """Insert every domain row of these plans (in their final state)."""
        now = timezone.now()
        # In the order they are inserted (the keys the database generates follow the order of the rows).
        tables = {
            model: _Table(model, now)
            for model in (
                Household,
                Person,
                PersonName,
                NameKey,
                Nationality,
                Language,
                Case,
                SpecialCircumstance,
                CaseNote,
                CaseDeadline,
                FamilyLink,
                LpRequest,
                IdentityDocument,
                Interview,
                CircumstanceCheck,
                SupportGrant,
                Detention,
                Departure,
                ReportingDuty,
            )
        }
        households, persons, names, keys = tables[Household], tables[Person], tables[PersonName], tables[NameKey]
        nationalities, languages, cases = tables[Nationality], tables[Language], tables[Case]
        circumstances, notes, deadline_rows = tables[SpecialCircumstance], tables[CaseNote], tables[CaseDeadline]
        links, lp_rows, documents = tables[FamilyLink], tables[LpRequest], tables[IdentityDocument]
        interviews, checks, grants = tables[Interview], tables[CircumstanceCheck], tables[SupportGrant]
        detentions, departure_rows, duty_rows = tables[Detention], tables[Departure], tables[ReportingDuty]
        for plan in plans:
            for n, duty in enumerate(plan.reporting_duties):
                duty_rows.add(
                    id=_sub_id(plan.case_id, f"reporting:{n}"),
                    case_id=plan.case_id,
                    starts_on=duty.starts_on,
                    ends_on=self.local_date(duty.ended_at) if duty.ended_at else None,
                    frequency=duty.frequency,
                    location=duty.location,
                    end_reason=duty.end_reason,
                    imposed_by_id=self.manager(plan).pk,
                    version=len(duty.actions()),
                )
            for n, interview in enumerate(plan.interviews):
                interview_id = _sub_id(plan.case_id, f"interview:{n}")
                interviews.add(**self.interview_row(plan, interview_id, interview))
                for c, result in interview.checks:
                    checks.add(
                        id=_sub_id(plan.case_id, f"interview:{n}:{c}"),
                        interview_id=interview_id,
                        circumstance=c,
                        result=result,
                    )
            for n in range(len(plan.support)):
                grant = self.grant(plan, n, "")
                if grant is not None:
                    grants.add(**grant)
            for n, detention in enumerate(plan.detentions):
                detentions.add(**self.detention_row(plan, n, detention))
            for n, departure in enumerate(plan.departures):
                departure_rows.add(**self.departure_row(plan, n, departure))
            for departure in plan.departures:
                if departure.passport_valid_until is not None:
                    documents.add(
                        id=_sub_id(plan.case_id, "passport"),
                        person_id=plan.person_id,
                        kind=DocumentKind.PASSPORT,
                        issuing_country=departure.destination_country,
                        valid_until=departure.passport_valid_until,
                        held_by_service=True,
                    )
            intake_by, _ = intake_user(self.staff, plan)
            household = self.household_of.get(plan.index)
            if plan.new_person:
                persons.add(
                    id=plan.person_id,
                    v_number=plan.v_number,
                    given_names=plan.given_names,
                    family_name=plan.family_name,
                    name_fold=name_fold(plan.given_names, plan.family_name),
                    birth_year=plan.birth_year,
                    birth_month=plan.birth_month,
                    birth_day=plan.birth_day,
                    place_of_birth=plan.place_of_birth,
                    sex=plan.sex,
                    household_id=_sub_id(self.demo.cases[household.members[0]].case_id, "household")
                    if household
                    else None,
                )
                for i, nat in enumerate(plan.nationalities):
                    nationalities.add(
                        id=_sub_id(plan.person_id, f"nat:{i}"),
                        person_id=plan.person_id,
                        country=nat.country,
                        status=nat.status,
                        source=nat.source,
                        established_on=self.local_date(plan.intake_at)
                        if nat.status == NationalityStatus.ESTABLISHED
                        else None,
                    )
                for i, lang in enumerate(plan.languages):
                    languages.add(
                        id=_sub_id(plan.person_id, f"lang:{i}"),
                        person_id=plan.person_id,
                        code=lang.code,
                        interpreter_needed=lang.interpreter_needed,
                    )
            known = set() if plan.new_person else self.known_names(plan)
            for name_id, kind, given, family in self.name_rows(plan):
                if (given, family) in known:
                    continue
                names.add(id=name_id, person_id=plan.person_id, kind=kind, given_names=given, family_name=family)
                for k in name_keys(f"{given} {family}"):
                    keys.add(person_id=plan.person_id, name_id=name_id, key=k)
            state = self.case_state(plan)
            assigned_to = state.pop("assigned_to")
            for d in state.pop("deadlines"):
                deadline_rows.add(
                    case_id=plan.case_id,
                    code=d.code,
                    kind=d.kind,
                    source_id=d.source_id,
                    due=d.due,
                    label=d.label,
                    basis=d.basis,
                    explanation=d.explanation,
                    params=d.params,
                )
            cases.add(
                id=plan.case_id,
                number=self.numbers[plan.index],
                person_id=plan.person_id,
                source=plan.source,
                source_reference=plan.source_reference,
                target_group=plan.target_group,
                return_decision_reference=plan.return_decision_reference,
                return_decision_date=plan.return_decision_date,
                return_decision_authority=plan.return_decision_authority,
                departure_term_days=plan.departure_term_days,
                departure_term_reason=plan.departure_term_reason,
                current_location=plan.current_location,
                medical_background=plan.medical_background,
                opened_on=self.local_date(plan.intake_at),
                assigned_to_id=assigned_to.pk if assigned_to else None,
                **state,
            )
            for circ in plan.special_circumstances:
                circumstances.add(
                    id=_sub_id(plan.case_id, f"circ:{circ.kind}"),
                    case_id=plan.case_id,
                    kind=circ.kind,
                    description=circ.description,
                    recorded_by_id=intake_by.pk,
                )
            for n, lp in enumerate(plan.lp_requests):
                lp_rows.add(**self.lp_row(plan, n, lp))
                if lp.outcome == LpOutcome.ISSUED:
                    documents.add(
                        id=_sub_id(plan.case_id, f"lp-document:{n}"),
                        person_id=plan.person_id,
                        kind=DocumentKind.LAISSEZ_PASSER,
                        issuing_country=lp.country,
                        valid_until=lp.valid_until,
                        held_by_service=True,
                    )
            if plan.note:
                notes.add(
                    id=_sub_id(plan.case_id, "note"), case_id=plan.case_id, author_id=intake_by.pk, text=plan.note
                )
            if household is not None and household.members[0] == plan.index:
                household_id = _sub_id(plan.case_id, "household")
                households.add(id=household_id, label=household.label)
                for a, b, relation in family_links(household):
                    pa, pb = self.demo.cases[a].person_id, self.demo.cases[b].person_id
                    links.add(
                        id=_sub_id(household_id, f"link:{a}:{b}"), person_id=pa, relative_id=pb, relation=relation
                    )
                    links.add(
                        id=_sub_id(household_id, f"link:{b}:{a}"),
                        person_id=pb,
                        relative_id=pa,
                        relation=people_services.INVERSE_RELATION[relation],
                    )
        for table in tables.values():
            table.insert()

    # -- interviews, support, detention: the rows in their final state and the records of each step -------
    def interview_row(self, plan: CasePlan, interview_id: uuid.UUID, interview: InterviewPlan) -> dict[str, Any]:
        return {
            "id": interview_id,
            "case_id": plan.case_id,
            "status": "held",
            "planned_at": interview.held_at,
            "held_at": interview.held_at,
            "place": interview.place,
            "interpreter_language": interview.interpreter_language,
            "participants": interview_participants(interview),
            "summary": INTERVIEW_SUMMARY,
            "stance": interview.stance,
            "conducted_by_id": self.manager(plan).pk,
        }

    def grant(self, plan: CasePlan, n: int, upto: str) -> dict[str, Any] | None:
        """The grant's values as the support services leave it after step `upto` ("" = after the last step)."""
        support = plan.support[n]
        terms = self.terms(plan, n)
        if terms is None:
            return None
        steps = support_steps(plan, support, terms)
        done = steps if not upto else steps[: steps.index(upto) + 1]
        at = dict(support.actions())
        grant: dict[str, Any] = {
            "id": _sub_id(plan.case_id, f"support:{n}"),
            "case_id": plan.case_id,
            "person_id": plan.person_id,
            "programme": terms.programme,
            "beneficiary": terms.beneficiary,
            "rule_id": uuid.UUID(terms.rule.id),
            "amount_cents": terms.amount.amount_cents,
            "cash_cents": terms.amount.cash_cents,
            "in_kind_cents": terms.amount.in_kind_cents,
            "explanation": terms.amount.explanation,
            "status": terms.status,
            "decided_on": self.local_date(support.applied_at),
            "applied_by_id": self.manager(plan).pk,
            "approved_by_id": None,
            "decision_reason": "",
            "partner_id": None,
            "consent_to_share_on": None,
            "share_identity": False,
            "share_origin": False,
            "consent_withdrawn_on": None,
            "delivered_on": None,
            "version": len(done),
        }
        if "approve" in done:
            grant["status"], grant["approved_by_id"] = SupportStatus.APPROVED, self.lead(plan).pk
        if "refer" in done:
            grant["status"], grant["partner_id"] = SupportStatus.REFERRED, self.partner.pk
            grant["consent_to_share_on"] = self.local_date(at["refer"])
            grant["share_identity"] = grant["share_origin"] = True
        if "deliver" in done:
            grant["status"], grant["delivered_on"] = SupportStatus.DELIVERED, self.local_date(at["deliver"])
        return grant

    @staticmethod
    def grant_snapshot(grant: dict[str, Any]) -> dict[str, Any]:
        """The audited fields as `support.services` snapshots them (the applicant as the user, which the
        trail holds as the text of its key; the other people and things by their key)."""
        return {
            f: str(grant["applied_by_id"])
            if f == "applied_by"
            else grant[f"{f}_id"]
            if f in ("rule", "approved_by", "partner")
            else grant[f]
            for f in AUDITED_FIELDS
        }

    def detention_row(self, plan: CasePlan, n: int, detention: DetentionPlan) -> dict[str, Any]:
        return {
            "id": _sub_id(plan.case_id, f"detention:{n}"),
            "case_id": plan.case_id,
            "basis": detention.basis,
            "place": detention.place,
            "grounds": DETENTION_GROUNDS,
            "starts_on": self.local_date(detention.started_at),
            "ends_on": self.local_date(detention.ended_at),
            "end_reason": detention.end_reason,
            "proposed_by_id": self.manager(plan).pk,
            "approved_by_id": self.lead(plan).pk,
            "version": 2,
        }

    def departure_row(self, plan: CasePlan, n: int, departure: DeparturePlan) -> dict[str, Any]:
        """The departure as `departure_confirm` leaves it (after the checklist and handover of a forced one)."""
        row = {
            "id": _sub_id(plan.case_id, f"departure:{n}"),
            "case_id": plan.case_id,
            **self.departure_plan_values(departure),
            "status": DepartureStatus.CONFIRMED,
            "confirmed_on": self.local_date(departure.confirmed_at),
            "border_message_reference": departure.border_message_reference,
            "planned_by_id": self.manager(plan).pk,
            # Created, then one version per check and handover, and the confirmation (the passport is
            # the person's document, not a change of the departure).
            "version": 1 + sum(action != "passport" for action, _at in departure.actions()),
        }
        for item, at in departure.checks:
            row[f"check_{item}_on"] = at
        if departure.checks:
            row["travel_document_id"] = self.travel_document_id(plan, departure)
        if departure.handover_at is not None:
            for name, text in _handover_texts(plan).items():
                row[HANDOVER_INPUTS[name]] = text
            row["handover_completed_on"] = departure.handover_at
        return row

    @staticmethod
    def travel_document_id(plan: CasePlan, departure: DeparturePlan) -> uuid.UUID:
        if departure.lp is not None:
            return _sub_id(plan.case_id, f"lp-document:{departure.lp}")
        return _sub_id(plan.case_id, "passport")

    @staticmethod
    def departure_plan_values(departure: DeparturePlan) -> dict[str, Any]:
        values = {
            "kind": departure.kind,
            "departs_at": None,
            "flight_number": "",
            "from_airport": "",
            "to_airport": "",
            "destination_country": departure.destination_country,
            "escort": Escort.NONE,
            "dublin_member_state": departure.dublin_member_state,
            "dublin_accepted_on": departure.dublin_accepted_on,
            "dublin_imprisoned": False,
            "dublin_absconded": False,
        }
        values.update(_flight(departure))
        assert tuple(values) == PLAN_FIELDS
        return values

    def process_trail(self, event: Event, plan: CasePlan, trail: _Trail) -> None:
        """The audit records of an interview, a support step or a detention step."""
        common: dict[str, Any] = {"at": event.at, "case_id": plan.case_id, "person_id": plan.person_id}
        if event.kind == "reporting":
            duty = plan.reporting_duties[event.n]
            reporting: dict[str, Any] = {
                "by": self.ref(self.manager(plan), Channel.WEB),
                "request_id": self.request_id(),
                "subject_type": "measures.reportingduty",
                "subject_id": _sub_id(plan.case_id, f"reporting:{event.n}"),
            }
            if event.action == "impose":
                trail.add(
                    event_type=EventType.REPORTING_DUTY_IMPOSED,
                    new={"starts_on": duty.starts_on, "frequency": duty.frequency, "location": duty.location},
                    **reporting,
                    **common,
                )
            else:
                trail.add(
                    event_type=EventType.REPORTING_DUTY_ENDED,
                    old={"ends_on": None, "end_reason": ""},
                    new={"ends_on": self.local_date(event.at), "end_reason": duty.end_reason},
                    **reporting,
                    **common,
                )
        elif event.kind == "departure":
            departure = plan.departures[event.n]
            by, rid = self.ref(self.manager(plan), Channel.WEB), self.request_id()
            subject: dict[str, Any] = {
                "subject_type": "departures.departure",
                "subject_id": _sub_id(plan.case_id, f"departure:{event.n}"),
            }
            if event.action == "passport":
                trail.add(
                    by=by,
                    request_id=rid,
                    event_type=EventType.DOCUMENT_RECORDED,
                    subject_type="travel_documents.identitydocument",
                    subject_id=_sub_id(plan.case_id, "passport"),
                    new={
                        "kind": DocumentKind.PASSPORT,
                        "number": "",
                        "issuing_country": departure.destination_country,
                        "valid_until": departure.passport_valid_until,
                        "held_by_service": True,
                        "note": "",
                    },
                    **common,
                )
            elif event.action == "plan":
                trail.add(
                    by=by,
                    request_id=rid,
                    event_type=EventType.DEPARTURE_PLANNED,
                    new=self.departure_plan_values(departure),
                    **subject,
                    **common,
                )
            elif event.action == "handover":
                stored = tuple(HANDOVER_INPUTS.values())
                trail.add(
                    by=by,
                    request_id=rid,
                    event_type=EventType.DEPARTURE_HANDOVER_RECORDED,
                    old={**dict.fromkeys(stored, ""), "handover_completed": False},
                    new={**dict.fromkeys(stored, REDACTED), "handover_completed": True},
                    **subject,
                    **common,
                )
            else:
                item = event.action.removeprefix("check:")
                assert item in CHECKLIST_ITEMS
                new: dict[str, Any] = {"item": item, "checked": True}
                if item == "travel_document":
                    new["travel_document"] = self.travel_document_id(plan, departure)
                trail.add(
                    by=by,
                    request_id=rid,
                    event_type=EventType.DEPARTURE_CHECKED,
                    old={"item": item, "checked": False},
                    new=new,
                    **subject,
                    **common,
                )
        elif event.kind == "interview":
            interview = plan.interviews[event.n]
            rank = event.n + 1
            results = dict(interview.checks)
            recorded = {
                "status": "held",
                "held_at": interview.held_at,
                "stance": interview.stance,
                "participants": interview_participants(interview),
                "place": interview.place,
                "interpreter_language": interview.interpreter_language,
                "interpreter_name": "",
            }
            assert tuple(recorded) == RECORD_FIELDS
            trail.add(
                by=self.ref(self.manager(plan), Channel.WEB),
                request_id=self.request_id(),
                event_type=EventType.INTERVIEW_RECORDED,
                subject_type="interviews.interview",
                subject_id=_sub_id(plan.case_id, f"interview:{event.n}"),
                old={"status": None},
                new={
                    **recorded,
                    "summary_length": len(INTERVIEW_SUMMARY),
                    "rank": rank,
                    "checks": {
                        key: "not_checked" if result == "not_checked" else "checked"
                        for key, result in sorted(results.items())
                    },
                    "unchecked": list(unchecked(results)) if checks_required(rank) else [],
                },
                **common,
            )
        elif event.kind == "support":
            support = plan.support[event.n]
            terms = self.terms(plan, event.n)
            if terms is None:
                return
            steps = support_steps(plan, support, terms)
            if event.action not in steps:
                return
            k = steps.index(event.action)
            after = self.grant(plan, event.n, event.action)
            assert after is not None
            old = None
            if k:
                before = self.grant(plan, event.n, steps[k - 1])
                assert before is not None
                old = self.grant_snapshot(before)
            new = self.grant_snapshot(after)
            if event.action == "deliver":
                new["delivery_note_length"] = 0
            user = self.lead(plan) if event.action == "approve" else self.manager(plan)
            trail.add(
                by=self.ref(user, Channel.WEB),
                request_id=self.request_id(),
                event_type={
                    "apply": EventType.SUPPORT_GRANT_APPLIED,
                    "approve": EventType.SUPPORT_GRANT_APPROVED,
                    "refer": EventType.SUPPORT_GRANT_REFERRED,
                    "deliver": EventType.SUPPORT_GRANT_DELIVERED,
                }[event.action],
                subject_type="support.supportgrant",
                subject_id=after["id"],
                old=old,
                new=new,
                **common,
            )
        else:
            planned = plan.detentions[event.n]
            detention = _DetentionValues(
                id=_sub_id(plan.case_id, f"detention:{event.n}"),
                basis=planned.basis,
                place=planned.place,
                starts_on=self.local_date(planned.started_at),
                ends_on=self.local_date(planned.ended_at),
                end_reason=planned.end_reason,
                proposed_by_id=self.manager(plan).pk,
                approved_by_id=self.lead(plan).pk,
            )
            if event.action == "start":
                trail.add(
                    by=self.ref(self.lead(plan), Channel.WEB),
                    request_id=self.request_id(),
                    event_type=EventType.DETENTION_STARTED,
                    subject_type="measures.detention",
                    subject_id=detention.id,
                    new={
                        "basis": detention.basis,
                        "place": detention.place,
                        "starts_on": detention.starts_on,
                        "family_or_minor": False,
                        "family_or_minor_basis": "",
                        "grounds_length": len(DETENTION_GROUNDS),
                        "proposed_by": detention.proposed_by_id,
                        "approved_by": detention.approved_by_id,
                        "maximum": measures_domain.detention_maximum(
                            starts_on=detention.starts_on, family_or_minor=False, extended=False, rules=self.rules
                        ).due,
                    },
                    **common,
                )
            else:
                trail.add(
                    by=self.ref(self.manager(plan), Channel.WEB),
                    request_id=self.request_id(),
                    event_type=EventType.DETENTION_ENDED,
                    subject_type="measures.detention",
                    subject_id=detention.id,
                    old={"ends_on": None, "end_reason": ""},
                    new={"ends_on": detention.ends_on, "end_reason": detention.end_reason},
                    **common,
                )

    def lp_row(self, plan: CasePlan, n: int, lp: LpPlan) -> dict[str, Any]:
        """An LP request in its final state, as the LP services leave it."""
        actions = lp.actions()
        status = {
            "prepare": LpStatus.PREPARED,
            "refuse_signing": LpStatus.SIGNING_REFUSED,
            "sign": LpStatus.SIGNED,
            "send": LpStatus.SENT,
            "close": LpStatus.CLOSED,
        }[actions[-1][0]]

        def day(at: dt.datetime | None) -> dt.date | None:
            return self.local_date(at) if at else None

        return dict(
            id=_sub_id(plan.case_id, f"lp:{n}"),
            case_id=plan.case_id,
            country=lp.country,
            status=status,
            prepared_on=self.local_date(lp.prepared_at),
            signed_on=day(lp.signed_at),
            signing_refused_on=day(lp.signing_refused_at),
            sent_on=day(lp.sent_at),
            outcome=lp.outcome,
            outcome_on=day(lp.outcome_at),
            lp_valid_until=lp.valid_until,
            created_by_id=self.staff.case_managers[plan.assigned_team or 0][plan.case_manager or 0].pk,
            version=len(actions),
        )

    def lp_trail(self, event: Event, plan: CasePlan, trail: _Trail) -> None:
        """The audit records of one LP step (and of the laissez-passer an issued request adds)."""
        n = (event.position - 100) // 10
        lp = plan.lp_requests[n]
        actions = lp.actions()
        k = [a for a, _at in actions].index(event.action)
        by = self.ref(self.staff.case_managers[plan.assigned_team or 0][plan.case_manager or 0], Channel.WEB)
        on = self.local_date(event.at)
        common: dict[str, Any] = {
            "at": event.at,
            "by": by,
            "request_id": self.request_id(),
            "subject_type": "travel_documents.lprequest",
            "subject_id": _sub_id(plan.case_id, f"lp:{n}"),
            "case_id": plan.case_id,
            "person_id": plan.person_id,
        }
        if event.action == "prepare":
            trail.add(
                event_type=EventType.LP_REQUEST_PREPARED,
                new={
                    "country": lp.country,
                    "status": LpStatus.PREPARED,
                    "prepared_on": on,
                    "reference": "",
                    "note": "",
                },
                **common,
            )
            return
        previous = {
            "refuse_signing": LpStatus.SIGNING_REFUSED,
            "sign": LpStatus.SIGNED,
            "send": LpStatus.SENT,
            "prepare": LpStatus.PREPARED,
        }[actions[k - 1][0]]
        date_field = _LP_DATE_FIELD[event.action]
        old: dict[str, Any] = {"status": previous, date_field: None}
        new: dict[str, Any] = {"status": _LP_TARGET[event.action], date_field: on}
        if event.action == "close":
            old["outcome"], new["outcome"] = "", lp.outcome
            if lp.valid_until is not None:
                old["lp_valid_until"], new["lp_valid_until"] = None, lp.valid_until
        event_type = {
            "refuse_signing": EventType.LP_REQUEST_SIGNING_REFUSED,
            "sign": EventType.LP_REQUEST_SIGNED,
            "send": EventType.LP_REQUEST_SENT,
            "close": EventType.LP_REQUEST_CLOSED,
        }[event.action]
        trail.add(event_type=event_type, old=old, new=new, **common)
        if event.action == "close" and lp.outcome == LpOutcome.ISSUED:
            common.update(
                subject_type="travel_documents.identitydocument", subject_id=_sub_id(plan.case_id, f"lp-document:{n}")
            )
            trail.add(
                event_type=EventType.DOCUMENT_RECORDED,
                new={
                    "kind": DocumentKind.LAISSEZ_PASSER,
                    "number": "",
                    "issuing_country": lp.country,
                    "valid_until": lp.valid_until,
                    "held_by_service": True,
                    "note": "",
                },
                **common,
            )

    def trail(self, event: Event, trail: _Trail) -> None:
        """The audit records the services would have written for this event."""
        plan = self.demo.cases[event.case]
        at = event.at
        if event.kind == "lp":
            self.lp_trail(event, plan, trail)
        elif event.kind in ("interview", "support", "detention", "departure", "reporting"):
            self.process_trail(event, plan, trail)
        elif event.kind == "intake":
            user, channel = intake_user(self.staff, plan)
            by, rid = self.ref(user, channel), self.request_id()
            person_id = plan.person_id

            def add(event_type: EventType, subject_type: str, subject_id: Any, **kw: Any) -> None:
                trail.add(
                    at=at,
                    by=by,
                    request_id=rid,
                    event_type=event_type,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    person_id=person_id,
                    **kw,
                )

            if plan.new_person:
                add(
                    EventType.PERSON_CREATED,
                    "people.person",
                    person_id,
                    new={k: getattr(plan, k) for k in people_services.PERSON_FIELDS},
                )
            known = set() if plan.new_person else self.known_names(plan)
            for name_id, kind, given, family in self.name_rows(plan):
                if kind == NameKind.PRIMARY or (given, family) in known:
                    continue
                add(
                    EventType.PERSON_NAME_ADDED,
                    "people.personname",
                    name_id,
                    new={"kind": kind, "given_names": given, "family_name": family},
                )
            if plan.new_person:
                for i, nat in enumerate(plan.nationalities):
                    add(
                        EventType.NATIONALITY_RECORDED,
                        "people.nationality",
                        _sub_id(person_id, f"nat:{i}"),
                        new={"country": nat.country, "status": nat.status, "source": nat.source},
                    )
                for i, lang in enumerate(plan.languages):
                    add(
                        EventType.LANGUAGE_RECORDED,
                        "people.language",
                        _sub_id(person_id, f"lang:{i}"),
                        old={"interpreter_needed": None},
                        new={"code": lang.code, "interpreter_needed": lang.interpreter_needed},
                    )
            add(
                EventType.CASE_OPENED,
                "cases.case",
                plan.case_id,
                case_id=plan.case_id,
                new={
                    "number": self.numbers[plan.index],
                    "source": plan.source,
                    "source_reference": plan.source_reference,
                    "target_group": plan.target_group,
                    "team": self.team_ids[plan.team] if plan.team is not None else None,
                    "return_decision_date": plan.return_decision_date,
                    "departure_term_days": plan.departure_term_days,
                    "medical_background": plan.medical_background,
                },
            )
            for circ in plan.special_circumstances:
                add(
                    EventType.SPECIAL_CIRCUMSTANCE_RECORDED,
                    "cases.specialcircumstance",
                    _sub_id(plan.case_id, f"circ:{circ.kind}"),
                    case_id=plan.case_id,
                    old={"description": None},
                    new={"kind": circ.kind, "description": "[beschermd]" if circ.description else ""},
                )
            if plan.note:
                add(
                    EventType.CASE_NOTE_ADDED,
                    "cases.casenote",
                    _sub_id(plan.case_id, "note"),
                    case_id=plan.case_id,
                    new={"length": len(plan.note)},
                )
        elif event.kind == "step":
            step = event.step
            assert step is not None
            by = self.ref(step_user(self.staff, plan, step), Channel.WEB)
            common: dict[str, Any] = {
                "at": at,
                "by": by,
                "request_id": self.request_id(),
                "subject_type": "cases.case",
                "subject_id": plan.case_id,
                "case_id": plan.case_id,
                "person_id": plan.person_id,
            }
            if step.action == "assign":
                team = plan.assigned_team if plan.assigned_team is not None else 0
                trail.add(
                    event_type=EventType.CASE_ASSIGNED,
                    old={"team": self.team_ids[plan.team] if plan.team is not None else None, "assigned_to": None},
                    new={
                        "team": self.team_ids[team],
                        "assigned_to": self.staff.case_managers[team][plan.case_manager or 0].pk,
                    },
                    **common,
                )
                return
            phase: str = Phase.INTAKE
            reason = ""
            for earlier in plan.steps[: event.position - 1]:
                if earlier.action == "phase":
                    phase, reason = earlier.phase, earlier.hold_reason
            if step.phase == Phase.CLOSED and plan.departures:
                departure = plan.departures[-1]
                trail.add(
                    event_type=EventType.DEPARTURE_CONFIRMED,
                    old={"status": DepartureStatus.PLANNED},
                    new={
                        "status": DepartureStatus.CONFIRMED,
                        "confirmed_on": self.local_date(at),
                        "border_message_reference": departure.border_message_reference,
                        "outcome": OUTCOME_FOR_KIND[departure.kind],
                    },
                    **{
                        **common,
                        "subject_type": "departures.departure",
                        "subject_id": _sub_id(plan.case_id, f"departure:{len(plan.departures) - 1}"),
                    },
                )
            trail.add(
                event_type=EventType.CASE_CLOSED if step.phase == Phase.CLOSED else EventType.CASE_PHASE_CHANGED,
                old={"phase": phase, "hold_reason": reason, "outcome": ""},
                new={"phase": step.phase, "hold_reason": step.hold_reason, "outcome": step.outcome},
                **common,
            )
        else:
            household = self.households[event.case]
            user, channel = intake_user(self.staff, self.demo.cases[household.members[0]])
            by, rid = self.ref(user, channel), self.request_id()
            household_id = _sub_id(self.demo.cases[household.members[0]].case_id, "household")
            for a, b, relation in family_links(household):
                pa, pb = self.demo.cases[a].person_id, self.demo.cases[b].person_id
                trail.add(
                    at=at,
                    by=by,
                    request_id=rid,
                    event_type=EventType.FAMILY_LINKED,
                    subject_type="people.familylink",
                    subject_id=_sub_id(household_id, f"link:{a}:{b}"),
                    person_id=pa,
                    new={"relative": pb, "relation": relation},
                )
            for m in household.members:
                person_id = self.demo.cases[m].person_id
                trail.add(
                    at=at,
                    by=by,
                    request_id=rid,
                    event_type=EventType.FAMILY_HOUSEHOLD_SET,
                    subject_type="people.person",
                    subject_id=person_id,
                    person_id=person_id,
                    old={"household": None},
                    new={"household": household_id},
                )


def _household_chunks(plans: Sequence[CasePlan], size: int) -> Iterator[Sequence[CasePlan]]:
    """Chunks of about `size` plans that never split a household (its links need every member's row)."""
    start = 0
    while start < len(plans):
        end = min(start + size, len(plans))
        while (
            end < len(plans) and plans[end].household is not None and plans[end].household == plans[end - 1].household
        ):
            end += 1
        yield plans[start:end]
        start = end


def demo_load_fast(demo: Demo, staff: Staff, *, batch: int = 5000, progress: bool = True) -> int:
    """Bulk-write the demo (rows, then the audit trail in time order). Returns the number of audit records.

    Bypasses the services: no per-row validation, no duplicate flagging, no `transaction.atomic` per
    service. The audit records carry the content the services would write and extend the hash chain,
    so `regie audit verify` passes.
    """
    bulk = _Bulk(demo, staff)
    plans = demo.cases
    with tqdm(total=len(plans), unit="case", desc="demo --fast: rows", disable=not progress) as bar:
        for plan_chunk in _household_chunks(plans, batch):
            with transaction.atomic():
                bulk.rows(plan_chunk)
            bar.update(len(plan_chunk))
    events = schedule(demo)
    written = 0
    with tqdm(total=len(events), unit="event", desc="demo --fast: audit trail", disable=not progress) as bar:
        for chunk in _batched(events, batch):
            with transaction.atomic():
                chain_lock()
                trail = _Trail(chain_tail_hash())
                for event in chunk:
                    bulk.trail(event, trail)
                insert_values(AuditEvent, _Trail.COLUMNS, trail.events)  # the database advances the chain head
                written += len(trail.events)
            bar.update(len(chunk))
    with connection.cursor() as cursor:
        # Fresh statistics for the query planner after a bulk load; on PostgreSQL also the visibility map
        # (VACUUM), without which a count over an index reads the table too: the API's list of a team's
        # 71,000 open cases counted in 132 ms instead of 7 ms at a million cases until autovacuum came.
        # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return written


def load(
    *,
    cases: int,
    seed: int,
    fast: bool = False,
    progress: bool = True,
    batch: int | None = None,
    issue_token: bool = True,
) -> Summary:
    """Generate and write a demo data set into an empty database."""
    started = time.perf_counter()
    today = clock.today()
    with bulk_work():  # plans and rows by the hundred thousand: the collector set for it
        demo = generate(cases=cases, seed=seed, today=today)
        staff = staff_create(staffing=demo.staffing, seed=seed, issue_token=issue_token)
        before = AuditEvent.objects.count()
        if fast:
            demo_load_fast(demo, staff, batch=batch or 5000, progress=progress)
        else:
            demo_load(demo, staff, batch=batch or 250, progress=progress)
    from .day import demo_day

    day = demo_day(case_manager=staff.case_managers[0][0], team_lead=staff.leads[0])
    return Summary(
        cases=len(demo.cases),
        closed=sum(p.final_phase == Phase.CLOSED for p in demo.cases),
        households=len(demo.households),
        audit_records=AuditEvent.objects.count() - before,
        staff=staff,
        seconds=time.perf_counter() - started,
        day=day,
    )
