"""Seeded, pure generation of synthetic dossiers: who, how they arrived, and what happened since.

No ORM and no clock: `generate()` takes the reference date and a seed and returns `CasePlan`s, so the
same seed on the same day gives the same persons, dates, phases and outcomes. The loaders in
`regie.demo.load` write the plans, through the services or in bulk.

Calibration, per case (DOMAIN.md "Scale", 2024): source IND 64 %, police 16 %, KMar 5 %, other 14 %;
closed about 60 % of all cases, of the closed: demonstrable departure 38 % (half of it forced),
departure without supervision 36 %, other outcomes 26 %. Return decisions fall in the last two years.

The history behind a case (a second, independent random stream, so the dossiers themselves stay what
they were for a seed): laissez-passer requests, per country of origin with the parameters in
`reference.LP_COUNTRIES` (how often a person needs one, how often and how fast the authorities answer,
how often they recognise the person). A case asks for an LP only once work on it began (assigned, in
progress), for the established nationality (else the claimed one; not for "XX"), with a likelihood by
outcome: always (when the country needs one) for a forced departure and a case prepared for departure,
whose LP is issued before the departure is prepared; never for a Dublin transfer (another EU state);
half as often for independent departure and the other outcomes; 70 % for departure without
supervision and open cases in progress, 40 % on hold. One in twelve persons first refuses to sign
(recorded, then sent anyway). The authorities' answer comes after a log-normal number of days; no answer
after 12 months means the case manager withdraws it; a request still unanswered when its case closes is
withdrawn just before. Over the countries' weights this gives roughly as many withdrawals as answers
and about three times as many withdrawals as refusals (DOMAIN.md: 8,020 withdrawn, 2,310 refused).

The process behind a case (a third stream, so the LP requests stay what they were for a seed), each step
between the start of the work and the closing, recorded by the case manager unless said otherwise:
- departure interviews, the first within two weeks of the start, then every two to seven weeks, at most
  six; the person's stance follows the outcome (cooperates before a verified independent departure, does
  not before most forced ones); the first three check every special circumstance (inspection 2022);
- support for independent return (`SUPPORT_LIKELIHOOD`): 80 % of verified independent departures, 45 %
  of cases prepared for departure, a few forced departures and departures without supervision; 45 % ask
  for reintegration support (basic support when the country is not on the rule's list). Above the
  threshold the team lead approves; referred to IOM with the person's consent; given on the day of a
  verified departure. No support for a person seen before (the five-year lookback);
- a reporting duty (art. 54 Vw, `REPORTING_DUTY_LIKELIHOOD`) for some cases not in detention: ended
  when the person absconded, departed or the case closed otherwise, still running in open cases;
- immigration detention in closed cases (`DETENTION_LIKELIHOOD`): four to five in ten forced departures and
  Dublin transfers leave from detention (median about four weeks), a few percent of the departures
  without supervision and new procedures follow a release (court order, no prospect of removal, a
  lighter measure; median about six weeks); never a family or a minor, never past six months;
- the departure that closes a verified independent departure, a Dublin transfer or a forced departure
  prepared for it: planned, then confirmed from the border message (the case's closing step); a forced
  departure flies on the closing day with a KMar escort and its laissez-passer, its checklist ticked and
  its handover completed in the 48 hours before, travelling on its laissez-passer or else on the
  passport recorded at planning (forced departures of a person seen before close without a departure
  record, through the closing primitive).
DOMAIN.md gives no shares for these steps: the figures above are assumptions, kept in one place.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from regie.cases.choices import HoldReason, Outcome, Phase, Source, SpecialCircumstanceKind, TargetGroup
from regie.cases.intake import CircumstanceIn, IntakeData, LanguageIn, NameIn, NationalityIn
from regie.departures.choices import CHECKLIST_ITEMS, DepartureKind
from regie.interviews.choices import CHECKED_CIRCUMSTANCES, CheckResult, Stance
from regie.measures.choices import DetentionBasis, DetentionEndReason, MeasureEndReason
from regie.people.choices import FamilyRelation, NameKind, NationalityStatus, Sex
from regie.people.domain import PartialDate, is_minor_on
from regie.support.choices import Programme
from regie.travel_documents.choices import LpOutcome

from . import reference as ref

T = TypeVar("T")

# Inflow per source, 2024 (dossiers).
SOURCE_WEIGHTS: dict[str, float] = {
    Source.IND: 11_180,
    Source.POLICE: 2_860,
    Source.KMAR: 880,
    Source.OTHER: 2_480,
}
CLOSED_SHARE = 0.60
OUTCOME_WEIGHTS: dict[str, float] = {
    # demonstrable: 0.38, about half of it forced
    Outcome.FORCED: 0.19,
    Outcome.INDEPENDENT_VERIFIED: 0.14,
    Outcome.DUBLIN: 0.05,
    # not demonstrable
    Outcome.UNSUPERVISED: 0.36,
    # other: 0.26
    Outcome.NEW_PROCEDURE: 0.10,
    Outcome.PERMIT_GRANTED: 0.07,
    Outcome.TRANSFERRED: 0.065,
    Outcome.NO_FAULT_PERMIT: 0.02,
    Outcome.DECEASED: 0.005,
}
OPEN_PHASE_WEIGHTS: dict[str, float] = {
    Phase.INTAKE: 0.10,
    Phase.IN_PROGRESS: 0.52,
    Phase.DEPARTURE_PREPARED: 0.13,
    Phase.ON_HOLD: 0.25,
}
# Days from intake to closing, per outcome: (median, spread of the log-normal, minimum, maximum).
DURATIONS: dict[str, tuple[float, float, int, int]] = {
    Outcome.FORCED: (75, 0.7, 7, 400),
    Outcome.INDEPENDENT_VERIFIED: (60, 0.7, 5, 400),
    Outcome.DUBLIN: (90, 0.5, 20, 360),
    Outcome.UNSUPERVISED: (120, 0.7, 29, 600),
    Outcome.NEW_PROCEDURE: (60, 0.8, 5, 500),
    Outcome.PERMIT_GRANTED: (200, 0.6, 30, 650),
    Outcome.NO_FAULT_PERMIT: (400, 0.3, 180, 700),
    Outcome.TRANSFERRED: (10, 0.9, 1, 120),
    Outcome.DECEASED: (150, 0.8, 5, 600),
}
# Days since intake for open cases, per phase: (median, spread, minimum, maximum).
OPEN_AGES: dict[str, tuple[float, float, int, int]] = {
    Phase.INTAKE: (4, 0.8, 1, 21),
    Phase.IN_PROGRESS: (90, 0.9, 3, 700),
    Phase.DEPARTURE_PREPARED: (70, 0.7, 10, 500),
    Phase.ON_HOLD: (200, 0.7, 14, 720),
}
# How likely a case asks for an LP when its person's country needs one, by outcome or open phase.
LP_LIKELIHOOD: dict[str, float] = {
    Outcome.FORCED: 1.0,
    Outcome.INDEPENDENT_VERIFIED: 0.5,
    Outcome.DUBLIN: 0.0,
    Outcome.UNSUPERVISED: 0.7,
    Outcome.NEW_PROCEDURE: 0.5,
    Outcome.PERMIT_GRANTED: 0.5,
    Outcome.NO_FAULT_PERMIT: 1.0,
    Outcome.TRANSFERRED: 0.3,
    Outcome.DECEASED: 0.5,
    Phase.IN_PROGRESS: 0.7,
    Phase.DEPARTURE_PREPARED: 1.0,
    Phase.ON_HOLD: 0.4,
}
LP_SIGNING_REFUSED = 1 / 12
# Departure interviews: the first within about two weeks of assignment, then every few weeks, at most six.
INTERVIEWS_MAX = 6
# The person's stance in the interviews, by how the case ended (or "" for open cases).
STANCES: dict[str, dict[str, float]] = {
    Outcome.INDEPENDENT_VERIFIED: {Stance.COOPERATES: 0.8, Stance.PARTLY: 0.2},
    Outcome.NO_FAULT_PERMIT: {Stance.COOPERATES: 1.0},
    Outcome.FORCED: {Stance.DOES_NOT: 0.6, Stance.PARTLY: 0.35, Stance.COOPERATES: 0.05},
    Outcome.DUBLIN: {Stance.DOES_NOT: 0.4, Stance.PARTLY: 0.4, Stance.COOPERATES: 0.2},
    Outcome.UNSUPERVISED: {Stance.DOES_NOT: 0.45, Stance.PARTLY: 0.45, Stance.COOPERATES: 0.1},
    "": {Stance.COOPERATES: 0.3, Stance.PARTLY: 0.45, Stance.DOES_NOT: 0.25},
}
# Support for independent return (IOM basic departure support, reintegration for the countries on the
# rule's list): how likely a case applies, by outcome or open phase. Most verified independent
# departures leave with support; few forced departures had it; some persons left without supervision
# after support was granted. "Reintegration" falls back to basic support when the country is not listed.
SUPPORT_LIKELIHOOD: dict[str, float] = {
    Outcome.INDEPENDENT_VERIFIED: 0.8,
    Outcome.FORCED: 0.05,
    Outcome.DUBLIN: 0.0,
    Outcome.UNSUPERVISED: 0.12,
    Outcome.NEW_PROCEDURE: 0.04,
    Outcome.PERMIT_GRANTED: 0.03,
    Outcome.NO_FAULT_PERMIT: 0.1,
    Outcome.TRANSFERRED: 0.0,
    Outcome.DECEASED: 0.03,
    Phase.IN_PROGRESS: 0.15,
    Phase.DEPARTURE_PREPARED: 0.45,
    Phase.ON_HOLD: 0.03,
}
REINTEGRATION_SHARE = 0.45
# Immigration detention, in closed cases: how likely a case had one, by outcome. Forced departures and
# Dublin transfers mostly leave from detention; a detention that ends without departure (released by
# the court, no prospect of removal, a lighter measure instead) often precedes a departure without
# supervision or a new procedure. Families and minors are not detained in the demo.
DETENTION_LIKELIHOOD: dict[str, float] = {
    Outcome.FORCED: 0.55,
    Outcome.DUBLIN: 0.45,
    Outcome.INDEPENDENT_VERIFIED: 0.04,
    Outcome.UNSUPERVISED: 0.07,
    Outcome.NEW_PROCEDURE: 0.08,
}
# A reporting duty (art. 54 Vw) for cases not in detention, by outcome or open phase (an assumption).
REPORTING_DUTY_LIKELIHOOD: dict[str, float] = {
    Outcome.UNSUPERVISED: 0.3,
    Outcome.INDEPENDENT_VERIFIED: 0.15,
    Outcome.FORCED: 0.1,
    Outcome.NEW_PROCEDURE: 0.1,
    Outcome.PERMIT_GRANTED: 0.05,
    Phase.IN_PROGRESS: 0.2,
    Phase.DEPARTURE_PREPARED: 0.25,
    Phase.ON_HOLD: 0.1,
}
REPORTING_FREQUENCIES = ("wekelijks op maandag", "twee keer per week", "dagelijks", "wekelijks op donderdag")
# Days in detention: (median, spread, minimum, maximum); the maximum stays under six months.
DETENTION_DAYS_DEPARTED = (28, 0.8, 1, 170)
DETENTION_DAYS_RELEASED = (45, 0.8, 3, 170)
RELEASE_REASONS: dict[str, float] = {
    DetentionEndReason.COURT_ORDER: 0.4,
    DetentionEndReason.NO_PROSPECT: 0.35,
    DetentionEndReason.OTHER_MEASURE: 0.25,
}
DETENTION_PLACES = (
    "Detentiecentrum Rotterdam",
    "Detentiecentrum Zeist",
    "Justitieel Complex Schiphol",
)
DETENTION_GROUNDS = "Risico op onttrekking: geen vaste woon- of verblijfplaats (synthetisch)."
# Forced departures: (airline, airport of arrival) per country of return; others fly KLM, arrival unknown.
FLIGHTS: dict[str, tuple[str, str]] = {
    "MA": ("AT", "CMN"),
    "DZ": ("AH", "ALG"),
    "TR": ("TK", "IST"),
    "NG": ("KL", "LOS"),
    "IQ": ("TK", "BGW"),
    "GE": ("TK", "TBS"),
    "AL": ("KL", "TIA"),
    "TN": ("TU", "TUN"),
    "UA": ("KL", "KBP"),
    "EG": ("MS", "CAI"),
    "PK": ("TK", "ISB"),
    "MD": ("KL", "KIV"),
    "RS": ("JU", "BEG"),
    "BR": ("KL", "GRU"),
    "CO": ("KL", "BOG"),
    "GN": ("AF", "CKY"),
    "CN": ("KL", "PEK"),
    "BD": ("TK", "DAC"),
}
# Member states that take back under Dublin, roughly by how often the Netherlands transfers there.
DUBLIN_STATES = ("DE", "BE", "FR", "IT", "ES", "AT", "CH", "SE")
DUBLIN_STATE_WEIGHTS = (0.3, 0.15, 0.15, 0.12, 0.08, 0.07, 0.07, 0.06)
INTERVIEW_SUMMARY = "Vertrekgesprek gevoerd over de terugkeer en de mogelijkheden van ondersteuning (synthetisch)."
WINDOW_DAYS = 730  # return decisions over the last two years
FAMILY_SHARE_OF_ASYLUM = 0.07  # rejected-asylum deliveries that concern a family
FAMILY_PARTNER_SHARE = 0.85
FAMILY_CHILDREN_WEIGHTS = (0.35, 0.35, 0.2, 0.1)  # one, two, three or four children
FAMILY_EXTRA_MEMBERS = FAMILY_PARTNER_SHARE + sum((n + 1) * w for n, w in enumerate(FAMILY_CHILDREN_WEIGHTS))
REENTRY_SHARE_OF_POLICE = 0.08  # police deliveries of someone with an earlier closed case
MEDICAL_SHARE = 0.08
TZ = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Step:
    """Something that happens to a case after intake: an assignment or a phase change."""

    at: dt.datetime
    action: str  # "assign" or "phase"
    phase: str = ""
    hold_reason: str = ""
    hold_note: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class LpPlan:
    """A laissez-passer request of a case: when each step was taken and how it ended ("" still open)."""

    country: str
    prepared_at: dt.datetime
    signing_refused_at: dt.datetime | None
    signed_at: dt.datetime | None
    sent_at: dt.datetime | None
    outcome: str = ""
    outcome_at: dt.datetime | None = None
    valid_until: dt.date | None = None

    def actions(self) -> list[tuple[str, dt.datetime]]:
        """(action, when) in the order they happened: prepare, refuse_signing, sign, send, close."""
        steps = [
            ("prepare", self.prepared_at),
            ("refuse_signing", self.signing_refused_at),
            ("sign", self.signed_at),
            ("send", self.sent_at),
            ("close", self.outcome_at),
        ]
        return [(action, at) for action, at in steps if at is not None]


@dataclass(frozen=True)
class InterviewPlan:
    """A departure interview, held and recorded (without being planned first)."""

    held_at: dt.datetime
    recorded_at: dt.datetime
    stance: str
    place: str
    interpreter_language: str
    checks: tuple[tuple[str, str], ...]  # (circumstance, result): the first three interviews check each


@dataclass(frozen=True)
class SupportPlan:
    """Support for independent return: applied for, decided by the team lead when above the threshold,
    referred to the partner (with the person's consent), and given. None: that step did not happen."""

    programme: str  # reintegration falls back to basic when the country is not on the rule's list
    applied_at: dt.datetime
    approved_at: dt.datetime  # only used when the amount needs the team lead's approval
    referred_at: dt.datetime | None
    delivered_at: dt.datetime | None

    def actions(self) -> list[tuple[str, dt.datetime]]:
        steps = [
            ("apply", self.applied_at),
            ("approve", self.approved_at),
            ("refer", self.referred_at),
            ("deliver", self.delivered_at),
        ]
        return [(action, at) for action, at in steps if at is not None]


@dataclass(frozen=True)
class DetentionPlan:
    """Immigration detention: started by the team lead on the case manager's proposal, ended with a reason."""

    basis: str
    place: str
    started_at: dt.datetime
    ended_at: dt.datetime
    end_reason: str

    def actions(self) -> list[tuple[str, dt.datetime]]:
        return [("start", self.started_at), ("end", self.ended_at)]


@dataclass(frozen=True)
class ReportingDutyPlan:
    """A reporting duty (art. 54 Vw) imposed by the case manager; ended before the case closed (absconded,
    departed, completed), still running in an open case."""

    imposed_at: dt.datetime
    starts_on: dt.date
    frequency: str
    location: str
    ended_at: dt.datetime | None = None
    end_reason: str = ""

    def actions(self) -> list[tuple[str, dt.datetime]]:
        steps = [("impose", self.imposed_at)]
        if self.ended_at is not None:
            steps.append(("end", self.ended_at))
        return steps


@dataclass(frozen=True)
class DeparturePlan:
    """A departure planned by the case manager and confirmed from the border message: the confirmation
    closes the case with the outcome of its kind (the case's closing step). A forced departure has its
    flight, the pre-departure checklist ticked in the 48 hours before it, and the handover to the escort."""

    kind: str
    destination_country: str
    planned_at: dt.datetime
    confirmed_at: dt.datetime  # the moment of the case's closing step
    border_message_reference: str
    dublin_member_state: str = ""
    dublin_accepted_on: dt.date | None = None
    departs_at: dt.datetime | None = None
    flight_number: str = ""
    to_airport: str = ""
    checks: tuple[tuple[str, dt.datetime], ...] = ()  # (checklist item, when ticked), in checklist order
    handover_at: dt.datetime | None = None
    lp: int | None = None  # the LP request whose laissez-passer is the travel document
    passport_valid_until: dt.date | None = None  # else the person's passport, recorded just before planning

    def actions(self) -> list[tuple[str, dt.datetime]]:
        """(action, when) before the confirmation: passport, plan, check:<item> ..., handover."""
        steps = [("plan", self.planned_at), *((f"check:{item}", at) for item, at in self.checks)]
        if self.passport_valid_until is not None:
            steps.insert(0, ("passport", self.planned_at - dt.timedelta(minutes=1)))
        if self.handover_at is not None:
            steps.append(("handover", self.handover_at))
        return steps


@dataclass
class CasePlan:
    """One synthetic dossier: the person, the intake as delivered, and its history."""

    index: int
    case_id: uuid.UUID
    person_id: uuid.UUID
    new_person: bool
    v_number: str
    given_names: str
    family_name: str
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    place_of_birth: str
    sex: str
    # As this delivery spells the name (a later delivery may use another transliteration).
    intake_given_names: str
    intake_family_name: str
    other_names: tuple[NameIn, ...]
    nationalities: tuple[NationalityIn, ...]
    languages: tuple[LanguageIn, ...]
    source: str
    source_reference: str
    target_group: str
    return_decision_reference: str
    return_decision_date: dt.date | None
    return_decision_authority: str
    departure_term_days: int
    departure_term_reason: str
    current_location: str
    medical_background: str
    special_circumstances: tuple[CircumstanceIn, ...]
    note: str
    team: int | None  # the team that took the dossier in (a team number of `Staffing`); None: the intake queue
    assigned_team: int | None  # a team number of `Staffing` (the intake team while unassigned)
    case_manager: int | None  # index of the case manager within the assigned team
    intake_at: dt.datetime
    steps: tuple[Step, ...]
    household: int | None = None  # index of the household plan this person belongs to
    relation_to_head: str = ""  # partner / child ("" for the head of the household)
    final_phase: str = Phase.INTAKE
    outcome: str = ""
    lp_requests: tuple[LpPlan, ...] = ()
    interviews: tuple[InterviewPlan, ...] = ()
    support: tuple[SupportPlan, ...] = ()
    detentions: tuple[DetentionPlan, ...] = ()
    departures: tuple[DeparturePlan, ...] = ()
    reporting_duties: tuple[ReportingDutyPlan, ...] = ()

    def intake(self, team_ids: Sequence[Any]) -> IntakeData:
        """The intake as the delivering system (or the case manager) hands it to `case_intake`."""
        return IntakeData(
            v_number=self.v_number,
            family_name=self.intake_family_name,
            given_names=self.intake_given_names,
            birth_year=self.birth_year,
            birth_month=self.birth_month,
            birth_day=self.birth_day,
            place_of_birth=self.place_of_birth,
            sex=self.sex,
            source=self.source,
            source_reference=self.source_reference,
            target_group=self.target_group,
            other_names=self.other_names,
            nationalities=self.nationalities,
            languages=self.languages,
            return_decision_reference=self.return_decision_reference,
            return_decision_date=self.return_decision_date,
            return_decision_authority=self.return_decision_authority,
            departure_term_days=self.departure_term_days,
            departure_term_reason=self.departure_term_reason,
            current_location=self.current_location,
            medical_background=self.medical_background,
            special_circumstances=self.special_circumstances,
            team_id=str(team_ids[self.team]) if self.team is not None else None,
            note=self.note,
        )

    @property
    def last_at(self) -> dt.datetime:
        return self.steps[-1].at if self.steps else self.intake_at


@dataclass(frozen=True)
class HouseholdPlan:
    """Persons delivered together who depart together: the head first, then partner and children."""

    index: int
    members: tuple[int, ...]  # CasePlan indexes
    relations: tuple[str, ...]  # relation of each member as seen from the head ("" for the head)
    label: str
    at: dt.datetime  # when the family composition is recorded (just after the last intake)


@dataclass
class Demo:
    """A generated data set: the plans, their households, and the staffing they need."""

    cases: list[CasePlan]
    households: list[HouseholdPlan]
    staffing: Staffing
    today: dt.date


OPEN_CASES_PER_CASE_MANAGER = 40  # about 650 staff for about 10,400 open cases (DOMAIN.md)
MAX_CASE_MANAGERS_PER_TEAM = 50


@dataclass(frozen=True)
class Staffing:
    """How many teams and case managers the data set needs: about 40 open cases per case manager.

    Each region of `reference.TEAMS` is one team until it needs more than 50 case managers; then it has
    several teams of equal size ("Team Noord", "Team Noord 2", ...). A million cases (400,000 open)
    take some 10,000 case managers in about 200 teams, as an EU-wide service would have, instead of
    a thousand open cases on every desk. Teams are numbered flat: first the regions' first teams (so
    a team's number is its region's for small data sets), then the regions' other teams, region by
    region.
    """

    per_team: int  # case managers in every team
    teams_per_region: int

    @classmethod
    def for_cases(cls, cases: int) -> Staffing:
        open_cases = cases * (1 - CLOSED_SHARE)
        per_region = max(3, math.ceil(open_cases / (len(ref.TEAMS) * OPEN_CASES_PER_CASE_MANAGER)))
        teams = math.ceil(per_region / MAX_CASE_MANAGERS_PER_TEAM)
        return cls(per_team=math.ceil(per_region / teams), teams_per_region=teams)

    @property
    def per_region(self) -> int:
        return self.per_team * self.teams_per_region

    @property
    def teams(self) -> int:
        return len(ref.TEAMS) * self.teams_per_region

    def team(self, region: int, unit: int) -> int:
        """The flat number of a region's `unit`-th team (0: the region's first team)."""
        if unit == 0:
            return region
        return len(ref.TEAMS) + region * (self.teams_per_region - 1) + unit - 1

    def region(self, team: int) -> int:
        if team < len(ref.TEAMS):
            return team
        return (team - len(ref.TEAMS)) // (self.teams_per_region - 1)

    def unit(self, team: int) -> int:
        if team < len(ref.TEAMS):
            return 0
        return (team - len(ref.TEAMS)) % (self.teams_per_region - 1) + 1

    def placed(self, region: int, case_manager: int) -> tuple[int, int]:
        """(team, case manager within it) of the region's `case_manager`-th case manager."""
        unit, within = divmod(case_manager, self.per_team)
        return self.team(region, unit), within


# Variant lookups, built once: a name -> the other spellings of the same name.
def _variant_index(groups: Sequence[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for name in group:
            index.setdefault(name, tuple(other for other in group if other != name))
    return index


GIVEN_VARIANTS = _variant_index(ref.GIVEN_NAME_VARIANTS)
FAMILY_VARIANTS = _variant_index(ref.FAMILY_NAME_VARIANTS)
COUNTRY_BY_CODE = {c.code: c for c in ref.COUNTRIES}


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I").replace("Đ", "Dj"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def spelling_variant(name: str, rng: random.Random, *, family: bool = False) -> str | None:
    """Another plausible registration of the same name (transliteration, article, diacritics), or None."""
    table = FAMILY_VARIANTS if family else GIVEN_VARIANTS
    if name in table:
        return rng.choice(table[name])
    if family:
        for prefix in ("Al-", "El-", "Al ", "El "):
            if name.startswith(prefix):
                rest = name[len(prefix) :]
                return rng.choice([f"Al {rest}", f"El-{rest}", f"Al{rest.lower()}", f"El {rest}", rest])
        if name.startswith("Ben "):
            return rng.choice([f"Ben-{name[4:]}", f"Ben{name[4:].lower()}", f"Bin {name[4:]}"])
    plain = _ascii(name)
    if plain != name:
        return plain
    if family and name in GIVEN_VARIANTS:
        return rng.choice(GIVEN_VARIANTS[name])
    return None


class _Generator:
    def __init__(
        self, *, seed: int, today: dt.date, cases: int, reentry: bool, batch: str, staffing: Staffing | None
    ) -> None:
        self.rng = random.Random(seed)
        # The history behind the cases draws from its own stream: the dossiers stay the same per seed.
        self.hrng = random.Random(seed * 7919 + 11)
        # Interviews, support and measures draw from a third stream: the LP requests stay what they were.
        self.prng = random.Random(seed * 104_729 + 23)
        self.batch = batch
        self.today = today
        self.yesterday = today - dt.timedelta(days=1)
        self.target = cases
        self.reentry = reentry
        self.staffing = staffing or Staffing.for_cases(cases)
        self.cms = self.staffing.per_region
        self.plans: list[CasePlan] = []
        self.households: list[HouseholdPlan] = []
        self.v_numbers: set[str] = set()
        self.case_numbers: set[str] = set()
        # Persons whose earlier case closed with an unknown destination: they may be apprehended again.
        self.reentry_pool: list[CasePlan] = []
        self.countries = list(ref.COUNTRIES)
        self.country_weights = [c.weight for c in ref.COUNTRIES]
        # Families add cases to the IND share: draw IND a little less often per delivery to compensate
        # (0.85 of IND deliveries are rejected asylum; a family brings 2.9 more persons on average).
        family_extra = 0.85 * FAMILY_SHARE_OF_ASYLUM * FAMILY_EXTRA_MEMBERS
        self.source_weights = dict(SOURCE_WEIGHTS)
        self.source_weights[Source.IND] /= 1 + family_extra

    # -- small helpers -------------------------------------------------------------------------------
    def pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def lognormal_days(self, spec: tuple[float, float, int, int], rng: random.Random | None = None) -> int:
        median, sigma, low, high = spec
        return max(low, min(high, round((rng or self.rng).lognormvariate(math.log(median), sigma))))

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def case_uuid(self) -> uuid.UUID:
        """A case id whose dossier number (its first 40 bits, as `case_intake` forms it) is still free."""
        while True:
            value = self.new_id()
            if value.hex[:10] not in self.case_numbers:
                self.case_numbers.add(value.hex[:10])
                return value

    def v_number(self) -> str:
        while True:
            value = f"{self.rng.randrange(1_000_000_000, 10_000_000_000):010d}"
            if value not in self.v_numbers:
                self.v_numbers.add(value)
                return value

    def moment(self, day: dt.date, *, office: bool = True, rng: random.Random | None = None) -> dt.datetime:
        """A plausible time on `day`: office hours on a working day, or any waking hour for systems."""
        rng = rng or self.rng
        if office:
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            minutes = rng.randrange(8 * 60 + 30, 17 * 60)
        else:
            minutes = rng.randrange(6 * 60, 23 * 60)
        at = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60, rng.randrange(60)), tzinfo=TZ)
        return at + dt.timedelta(microseconds=rng.randrange(1_000_000))

    # -- persons --------------------------------------------------------------------------------------
    def birth(self, country: ref.Country, age: int, on: dt.date) -> tuple[int, int | None, int | None]:
        """A date of birth `age` years before `on`, often known only in part."""
        vague = country.code in {"AF", "ER", "SO", "SD", "GN", "ET"}
        born = on - dt.timedelta(days=int(age * 365.25) + self.rng.randrange(1, 365))
        roll = self.rng.random()
        if roll < (0.4 if vague else 0.18):
            return born.year, None, None
        if roll < (0.5 if vague else 0.27):
            return born.year, born.month, None
        if country.code == "AF" and self.chance(0.25):
            # Registrations of Afghans often carry 1 January when only the year was known.
            return born.year, 1, 1
        return born.year, born.month, born.day

    def adult_age(self) -> int:
        return min(75, 18 + int(self.rng.gammavariate(2.2, 5.5)))

    def languages(self, country: ref.Country, *, target_group: str) -> tuple[LanguageIn, ...]:
        codes = [c for c, _ in country.languages]
        first = self.rng.choices(codes, weights=[w for _, w in country.languages])[0]
        result = [LanguageIn(first, self.chance(0.25 if first == "en" else 0.93))]
        for code, p in country.extra_languages:
            if code != first and self.chance(p):
                result.append(LanguageIn(code, code not in ("en", "nl") and self.chance(0.6)))
        if target_group == TargetGroup.PERMIT_REVOKED and self.chance(0.4) and "nl" not in (x.code for x in result):
            result.append(LanguageIn("nl", False))
        return tuple(result)

    def nationalities(self, country: ref.Country) -> tuple[NationalityIn, ...]:
        claimed = NationalityIn(country.code, NationalityStatus.CLAIMED)
        if country.established_instead and self.chance(0.04):
            other = self.rng.choice(country.established_instead)
            return claimed, NationalityIn(
                other, NationalityStatus.ESTABLISHED, self.rng.choice(ref.ESTABLISHED_SOURCES)
            )
        if country.code != "XX" and self.chance(0.35):
            return claimed, NationalityIn(
                country.code, NationalityStatus.ESTABLISHED, self.rng.choice(ref.ESTABLISHED_SOURCES)
            )
        return (claimed,)

    def other_names(self, given: str, family: str, country: ref.Country) -> tuple[NameIn, ...]:
        if not self.chance(0.14):
            return ()
        names: list[NameIn] = []
        for _ in range(1 if self.chance(0.7) else 2):
            variant_given = spelling_variant(given, self.rng)
            variant_family = spelling_variant(family, self.rng, family=True)
            if self.chance(0.6) and (variant_given or variant_family):
                name = NameIn(variant_family or family, variant_given or given, NameKind.VARIANT)
            elif self.chance(0.5):
                name = NameIn(family, self.rng.choice(country.male + country.female), NameKind.ALIAS)
            else:
                name = NameIn(self.rng.choice(country.family), given, NameKind.ALIAS)
            if (name.given_names, name.family_name) != (given, family) and name not in names:
                names.append(name)
        return tuple(names)

    def given_name(self, country: ref.Country, sex: str) -> str:
        if sex == Sex.MALE:
            return self.rng.choice(country.male)
        if sex == Sex.FEMALE:
            return self.rng.choice(country.female)
        return self.rng.choice(country.male + country.female)

    # -- dossiers -------------------------------------------------------------------------------------
    def placed(self, region: int | None, cm: int | None) -> tuple[int | None, int | None]:
        """The team and case manager within it of a case of `region` given to the region's `cm`-th
        case manager (None: not assigned; the caller keeps the case with the team that took it in)."""
        if region is None or cm is None:
            return region, cm
        return self.staffing.placed(region, cm)

    def team_for(self, source: str) -> int:
        """The region (index into reference.TEAMS) a delivery from `source` goes to."""
        if source == Source.KMAR and self.chance(0.85):
            return ref.SCHIPHOL
        return self.rng.choices(range(len(ref.TEAMS)), weights=ref.TEAM_WEIGHTS)[0]

    def intake_team(self, region: int) -> int:
        """The team of `region` that takes a dossier in: one of the region's teams, by chance, so no team
        holds a whole region's intake (a region is one team up to some 30,000 cases: no draw then)."""
        if self.staffing.teams_per_region == 1:
            return region
        return self.staffing.team(region, self.rng.randrange(self.staffing.teams_per_region))

    def decision_terms(self, source: str, target_group: str, *, family: bool) -> tuple[int, str]:
        if family:
            return 28, ""
        if target_group == TargetGroup.BORDER_REFUSAL:
            return 0, ref.SHORT_TERM_REASONS["border"]
        if source in (Source.POLICE, Source.KMAR):
            if self.chance(0.8):
                return 0, ref.SHORT_TERM_REASONS["public_order" if self.chance(0.15) else "absconding"]
            return 28, ""
        if target_group == TargetGroup.REJECTED_ASYLUM and self.chance(0.12):
            return 0, ref.SHORT_TERM_REASONS["unfounded"]
        if source == Source.IND and self.chance(0.03):
            return 0, ref.SHORT_TERM_REASONS["public_order"]
        return 28, ""

    def intake_lag(self, source: str) -> int:
        if source in (Source.POLICE, Source.KMAR):
            return self.rng.choice((0, 0, 0, 1, 2))
        if source == Source.IND:
            return self.rng.randrange(1, 46)
        return self.rng.randrange(0, 31)

    def status(self) -> tuple[str, str]:
        """(final phase, outcome)."""
        if self.chance(CLOSED_SHARE):
            return Phase.CLOSED, self.pick(OUTCOME_WEIGHTS)
        return self.pick(OPEN_PHASE_WEIGHTS), ""

    def dates(self, phase: str, outcome: str, lag: int, source: str, target_group: str) -> tuple[dt.date, int]:
        """(return decision date, days from intake to the final event) within the two-year window."""
        if phase == Phase.CLOSED:
            spec = DURATIONS[outcome]
            if target_group == TargetGroup.BORDER_REFUSAL and outcome in (Outcome.FORCED, Outcome.INDEPENDENT_VERIFIED):
                spec = (4, 0.6, 1, 21)  # refused at the border: usually back on a flight within days
            span = min(self.lognormal_days(spec), WINDOW_DAYS - 2 - lag)
            latest = WINDOW_DAYS - 1 - lag - span  # days before yesterday the decision may lie, at most
            decision = self.yesterday - dt.timedelta(days=lag + span + self.rng.randrange(0, latest + 1))
            return decision, span
        age = self.lognormal_days(OPEN_AGES[phase])
        age = min(age, WINDOW_DAYS - 1 - lag)
        decision = self.yesterday - dt.timedelta(days=age + lag)
        return decision, age

    def steps(
        self, *, intake_at: dt.datetime, span: int, phase: str, outcome: str, medical: bool, assign: bool
    ) -> tuple[Step, ...]:
        """The assignment and phase changes after intake, within `span` days, in time order.

        A closed case closes on the last day of the span; an open case's last change falls somewhere in it.
        """
        if phase == Phase.INTAKE:
            return ()
        path: list[tuple[str, str, str]] = []  # (phase, hold reason, outcome)
        if phase == Phase.CLOSED and outcome == Outcome.TRANSFERRED and not assign:
            path = [(Phase.CLOSED, "", outcome)]
        else:
            path.append((Phase.IN_PROGRESS, "", ""))
            prepared = phase == Phase.DEPARTURE_PREPARED or outcome in (Outcome.FORCED, Outcome.DUBLIN)
            if prepared or (outcome == Outcome.INDEPENDENT_VERIFIED and self.chance(0.6)):
                path.append((Phase.DEPARTURE_PREPARED, "", ""))
            elif phase == Phase.ON_HOLD or outcome in (Outcome.NEW_PROCEDURE, Outcome.PERMIT_GRANTED):
                reason: str
                if medical and phase == Phase.ON_HOLD and self.chance(0.7):
                    reason = HoldReason.MEDICAL
                else:
                    reason = self.pick(
                        {HoldReason.PENDING_PROCEDURE: 0.85, HoldReason.MEDICAL: 0.08, HoldReason.OTHER: 0.07}
                    )
                path.append((Phase.ON_HOLD, reason, ""))
            if phase == Phase.CLOSED:
                path.append((Phase.CLOSED, "", outcome))
        end_day = intake_at.date() + dt.timedelta(days=span)
        result: list[Step] = []
        at = intake_at
        if assign:
            assign_day = intake_at.date() + dt.timedelta(days=min(span, self.rng.randrange(0, 6)))
            at = max(self.moment(assign_day), intake_at + dt.timedelta(minutes=20))
            result.append(Step(at, "assign"))
        for i, (target, reason, out) in enumerate(path):
            last = i == len(path) - 1
            if i == 0 and assign:
                at += dt.timedelta(minutes=self.rng.randrange(3, 90))  # work starts right after assignment
            else:
                days_left = max(0, (end_day - at.date()).days)
                if last and phase == Phase.CLOSED:
                    day = end_day
                elif last:
                    day = at.date() + dt.timedelta(days=self.rng.randrange(0, days_left + 1))
                else:
                    day = at.date() + dt.timedelta(days=self.rng.randrange(0, days_left // 2 + 1))
                at = max(self.moment(day), at + dt.timedelta(minutes=self.rng.randrange(10, 240)))
            note = self.rng.choice(ref.HOLD_NOTES[reason]) if reason else ""
            result.append(Step(at, "phase", phase=target, hold_reason=reason, hold_note=note, outcome=out))
        # Weekends and minimum gaps may push the last steps past yesterday: pull them back, keep the order.
        limit = dt.datetime.combine(self.yesterday, dt.time(22, 0), tzinfo=TZ)
        if result and result[-1].at > limit:
            pulled = [
                replace(step, at=min(step.at, limit - dt.timedelta(minutes=7 * back)))
                for back, step in enumerate(reversed(result))
            ]
            result = pulled[::-1]
        return tuple(result)

    # -- the history behind a case --------------------------------------------------------------------
    def later(self, at: dt.datetime, days: int) -> dt.datetime:
        """A moment in office hours `days` after `at` (on the same day: some minutes later)."""
        moment = self.moment(at.date() + dt.timedelta(days=days), rng=self.hrng)
        return max(moment, at + dt.timedelta(minutes=self.hrng.randrange(5, 90)))

    def lp_requests(self, plan: CasePlan) -> tuple[LpPlan, ...]:
        """The LP request of a case (at most one), consistent with its phase and outcome."""
        phases = [s for s in plan.steps if s.action == "phase"]
        if plan.case_manager is None or not phases or phases[0].phase != Phase.IN_PROGRESS:
            return ()
        nationality = next(
            (n for n in plan.nationalities if n.status == NationalityStatus.ESTABLISHED), plan.nationalities[0]
        )
        country = ref.LP_COUNTRIES.get(nationality.country)
        if country is None:
            return ()
        prepared = next((s for s in phases if s.phase == Phase.DEPARTURE_PREPARED), None)
        issued_needed = plan.outcome == Outcome.FORCED or plan.final_phase == Phase.DEPARTURE_PREPARED
        likelihood = LP_LIKELIHOOD.get(plan.outcome or plan.final_phase, 0.5)
        if not self.hrng.random() < country.need * likelihood:
            return ()
        start = phases[0].at
        if issued_needed and prepared is not None:
            end = prepared.at - dt.timedelta(minutes=5)
        elif plan.final_phase == Phase.CLOSED:
            end = phases[-1].at - dt.timedelta(minutes=30)
        else:
            end = dt.datetime.combine(self.yesterday, dt.time(21, 0), tzinfo=TZ)
        rng = self.hrng
        prepared_at = self.later(start, rng.randrange(0, 22))
        refused_at = self.later(prepared_at, rng.randrange(0, 8)) if rng.random() < LP_SIGNING_REFUSED else None
        signed_at = None if refused_at else self.later(prepared_at, rng.randrange(0, 11))
        sent_at = self.later(refused_at or signed_at or prepared_at, rng.randrange(1, 15))
        outcome: str
        answer_at: dt.datetime | None
        if issued_needed:
            days = self.lognormal_days((country.median_days, country.spread, 3, 330), rng)
            outcome, answer_at = LpOutcome.ISSUED, self.later(sent_at, days)
            if answer_at > end:
                # The answer came as soon as it could: still before the departure was prepared.
                answer_at = end - dt.timedelta(minutes=rng.randrange(10, 120))
            if answer_at <= sent_at:
                return ()  # no room for a request: the person had a passport after all
        elif rng.random() < country.answers:
            days = self.lognormal_days((country.median_days, country.spread, 3, 360), rng)
            answer_at = self.later(sent_at, days)
            if rng.random() < country.recognised:
                outcome = LpOutcome.ISSUED
            else:
                outcome = LpOutcome.NOT_RECOGNISED if rng.random() < 0.6 else LpOutcome.INSUFFICIENT_INFORMATION
        else:
            outcome = LpOutcome.WITHDRAWN
            answer_at = self.later(sent_at, 365 + rng.randrange(0, 31))  # the decision point, then withdrawn
        if prepared_at > end:
            return ()
        steps: dict[str, dt.datetime | None] = {"refused": refused_at, "signed": signed_at, "sent": sent_at}
        for key, at in steps.items():
            if at is not None and at > end:
                steps[key] = None
        if answer_at > end or steps["sent"] is None:
            if plan.final_phase == Phase.CLOSED:
                outcome = LpOutcome.WITHDRAWN  # the case closed first: the request is withdrawn
                last = max(a for a in (prepared_at, *steps.values()) if a is not None)
                answer_at = max(end, last + dt.timedelta(minutes=5))
            else:
                outcome, answer_at = "", None
        if steps["sent"] is None and outcome not in ("", LpOutcome.WITHDRAWN):
            return ()
        valid_until = None
        if outcome == LpOutcome.ISSUED and answer_at is not None:
            valid_until = answer_at.date() + dt.timedelta(days=rng.choice((90, 120, 180)))
        return (
            LpPlan(
                country=nationality.country,
                prepared_at=prepared_at,
                signing_refused_at=steps["refused"],
                signed_at=steps["signed"],
                sent_at=steps["sent"],
                outcome=outcome,
                outcome_at=answer_at,
                valid_until=valid_until,
            ),
        )

    # -- interviews, support and detention --------------------------------------------------------------
    def after(self, at: dt.datetime, days: int) -> dt.datetime:
        """`later` on the process stream: a moment in office hours `days` after `at`."""
        moment = self.moment(at.date() + dt.timedelta(days=days), rng=self.prng)
        return max(moment, at + dt.timedelta(minutes=self.prng.randrange(5, 90)))

    def process(self, plan: CasePlan) -> None:
        """The departure interviews, support and detention of a case, between the start of the work on it
        and its closing (or yesterday), each step before the case closes."""
        phases = [s for s in plan.steps if s.action == "phase"]
        if plan.case_manager is None or not phases or phases[0].phase != Phase.IN_PROGRESS:
            return
        start = phases[0].at
        closed = plan.final_phase == Phase.CLOSED
        end = phases[-1].at if closed else dt.datetime.combine(self.yesterday, dt.time(21, 0), tzinfo=TZ)
        plan.interviews = self.interviews(plan, start, end)
        plan.detentions = self.detentions(plan, start, end) if closed else ()
        plan.support = self.support(plan, start, end)
        plan.departures = self.departures(plan, phases) if closed else ()
        plan.reporting_duties = self.reporting_duties(plan, start, end, closed)

    def reporting_duties(
        self, plan: CasePlan, start: dt.datetime, end: dt.datetime, closed: bool
    ) -> tuple[ReportingDutyPlan, ...]:
        """A reporting duty for some cases not in detention, imposed in the first third of the work."""
        rng = self.prng
        likelihood = REPORTING_DUTY_LIKELIHOOD.get(plan.outcome or plan.final_phase, 0.0)
        if plan.detentions or plan.return_decision_date is None or rng.random() >= likelihood:
            return ()
        span = max(0, (end.date() - start.date()).days)
        imposed = self.after(start, rng.randrange(0, max(1, span // 3)))
        starts_on = max(imposed.date(), plan.return_decision_date)
        frequency = rng.choice(REPORTING_FREQUENCIES)
        location = f"Vreemdelingenpolitie (AVIM) {ref.TEAMS[self.staffing.region(plan.assigned_team or 0)][1]}"
        if not closed:
            if imposed >= end:
                return ()
            return (ReportingDutyPlan(imposed, starts_on, frequency, location),)
        if plan.outcome == Outcome.UNSUPERVISED:
            # The person stopped reporting: the duty ends, the case closes some days or weeks later.
            ended = self.moment(end.date() - dt.timedelta(days=rng.randrange(0, 30)), rng=rng)
            reason = MeasureEndReason.ABSCONDED
        else:
            ended = end - dt.timedelta(minutes=rng.randrange(10, 120))
            departed = plan.outcome in (Outcome.FORCED, Outcome.DUBLIN, Outcome.INDEPENDENT_VERIFIED)
            reason = MeasureEndReason.DEPARTED if departed else MeasureEndReason.COMPLETED
        if not imposed < ended < end or ended.date() < starts_on:
            return ()
        return (ReportingDutyPlan(imposed, starts_on, frequency, location, ended, reason),)

    def departures(self, plan: CasePlan, phases: list[Step]) -> tuple[DeparturePlan, ...]:
        """The departure that closed a verified independent departure, a Dublin transfer or a forced
        departure, planned when the case was prepared for departure (cases closed straight from 'in
        behandeling' have none)."""
        rng = self.prng
        if plan.outcome not in (Outcome.INDEPENDENT_VERIFIED, Outcome.DUBLIN, Outcome.FORCED) or len(phases) < 2:
            return ()
        prepared, close = phases[-2], phases[-1]
        if prepared.phase != Phase.DEPARTURE_PREPARED or close.phase != Phase.CLOSED:
            return ()
        planned = prepared.at + dt.timedelta(minutes=rng.randrange(2, 30))
        if planned >= close.at - dt.timedelta(minutes=1):
            return ()
        year = close.at.year
        if plan.outcome == Outcome.FORCED:
            return self.forced_departure(plan, planned, close.at)
        if plan.outcome == Outcome.DUBLIN:
            state = rng.choices(DUBLIN_STATES, weights=DUBLIN_STATE_WEIGHTS)[0]
            accepted = planned.date() - dt.timedelta(days=rng.randrange(2, 40))
            return (
                DeparturePlan(
                    DepartureKind.DUBLIN,
                    state,
                    planned,
                    close.at,
                    f"KMAR-DUB-{year}-{self.batch}{plan.index + 1:07d}",
                    dublin_member_state=state,
                    dublin_accepted_on=accepted,
                ),
            )
        nationality = next(
            (n for n in plan.nationalities if n.status == NationalityStatus.ESTABLISHED), plan.nationalities[0]
        )
        if nationality.country == "XX":
            return ()
        return (
            DeparturePlan(
                DepartureKind.INDEPENDENT,
                nationality.country,
                planned,
                close.at,
                f"KMAR-GB-{year}-{self.batch}{plan.index + 1:07d}",
            ),
        )

    def forced_departure(
        self, plan: CasePlan, planned: dt.datetime, confirmed: dt.datetime
    ) -> tuple[DeparturePlan, ...]:
        """A booked flight on the closing day with a KMar escort, the laissez-passer of the case (or else
        the person's passport, recorded when the departure is planned) as the travel document, the
        checklist and the handover before it. Persons seen before, whose earlier documents would compete,
        keep a closing without departure record."""
        rng = self.prng
        if not plan.new_person:
            return ()
        departs = confirmed - dt.timedelta(minutes=rng.randrange(60, 240))
        lp = next(
            (
                n
                for n, request in enumerate(plan.lp_requests)
                if request.outcome == LpOutcome.ISSUED and (request.valid_until or dt.date.min) >= departs.date()
            ),
            None,
        )
        passport: dt.date | None = None
        if lp is None:
            # No laissez-passer valid on the day: the person's passport, handed in (recorded at planning).
            passport = departs.date() + dt.timedelta(days=rng.randrange(60, 5 * 365))
        first = max(planned + dt.timedelta(minutes=10), departs - dt.timedelta(hours=48))
        last = departs - dt.timedelta(minutes=30)
        if last - first < dt.timedelta(minutes=30):
            return ()
        moments = sorted(first + (last - first) * rng.random() for _ in range(len(CHECKLIST_ITEMS) + 1))
        if lp is not None:
            country = plan.lp_requests[lp].country
        else:
            nationality = next(
                (n for n in plan.nationalities if n.status == NationalityStatus.ESTABLISHED), plan.nationalities[0]
            )
            country = nationality.country
            if country == "XX":
                return ()
        airline, airport = FLIGHTS.get(country, ("KL", ""))
        return (
            DeparturePlan(
                DepartureKind.FORCED,
                country,
                planned,
                confirmed,
                f"KMAR-UZ-{confirmed.year}-{self.batch}{plan.index + 1:07d}",
                departs_at=departs,
                flight_number=f"{airline}{rng.randrange(100, 2000)}",
                to_airport=airport,
                checks=tuple(zip(CHECKLIST_ITEMS, moments[:-1], strict=True)),
                handover_at=moments[-1],
                lp=lp,
                passport_valid_until=passport,
            ),
        )

    def interviews(self, plan: CasePlan, start: dt.datetime, end: dt.datetime) -> tuple[InterviewPlan, ...]:
        rng = self.prng
        stances = STANCES.get(plan.outcome, STANCES[""])
        place = f"Kantoor DT&V {ref.TEAMS[self.staffing.region(plan.assigned_team or 0)][1]}"
        language = next((lang.code for lang in plan.languages if lang.interpreter_needed), "")
        kinds = {c.kind for c in plan.special_circumstances}
        present = {
            "medical": bool(kinds & {SpecialCircumstanceKind.MEDICAL, SpecialCircumstanceKind.PREGNANCY}),
            "trafficking": SpecialCircumstanceKind.TRAFFICKING in kinds,
            "minors": bool(kinds & {SpecialCircumstanceKind.MINOR, SpecialCircumstanceKind.UNACCOMPANIED_MINOR}),
            "vulnerability": SpecialCircumstanceKind.VULNERABILITY in kinds,
        }
        checks = tuple(
            (c, CheckResult.PRESENT if present[c] else CheckResult.NOT_PRESENT) for c in CHECKED_CIRCUMSTANCES
        )
        result: list[InterviewPlan] = []
        held = self.after(start, rng.randrange(1, 15))
        while len(result) < INTERVIEWS_MAX:
            recorded = held + dt.timedelta(minutes=rng.randrange(60, 180))
            if recorded >= end - dt.timedelta(minutes=5):
                break
            stance = rng.choices(list(stances), weights=list(stances.values()))[0]
            result.append(InterviewPlan(held, recorded, stance, place, language, checks if len(result) < 3 else ()))
            held = self.after(recorded, rng.randrange(14, 50))
        return tuple(result)

    def support(self, plan: CasePlan, start: dt.datetime, end: dt.datetime) -> tuple[SupportPlan, ...]:
        rng = self.prng
        if not plan.new_person or rng.random() >= SUPPORT_LIKELIHOOD.get(plan.outcome or plan.final_phase, 0.0):
            return ()
        programme = Programme.REINTEGRATION if rng.random() < REINTEGRATION_SHARE else Programme.BASIC
        span = max(0, (end.date() - start.date()).days)
        applied = self.after(start, rng.randrange(0, max(1, span * 2 // 3)))
        approved = self.after(applied, rng.randrange(1, 6))
        referred: dt.datetime | None = self.after(approved, rng.randrange(0, 8))
        delivered: dt.datetime | None = None
        if plan.outcome == Outcome.INDEPENDENT_VERIFIED:
            # Given at departure: on the day the case closes, just before.
            delivered = end - dt.timedelta(minutes=rng.randrange(15, 120))
        elif not plan.outcome and rng.random() < 0.3:
            delivered = self.after(referred or approved, rng.randrange(3, 30))
        limit = end - dt.timedelta(minutes=5)
        if approved >= limit:
            return ()
        if referred is not None and referred >= limit:
            referred = delivered = None
        if delivered is not None and (referred is None or delivered <= referred or delivered >= end):
            delivered = None
        return (SupportPlan(programme, applied, approved, referred, delivered),)

    def detentions(self, plan: CasePlan, start: dt.datetime, end: dt.datetime) -> tuple[DetentionPlan, ...]:
        rng = self.prng
        if (
            rng.random() >= DETENTION_LIKELIHOOD.get(plan.outcome, 0.0)
            or plan.household is not None
            or plan.return_decision_date is None
            or any(
                c.kind in (SpecialCircumstanceKind.MINOR, SpecialCircumstanceKind.UNACCOMPANIED_MINOR)
                for c in plan.special_circumstances
            )
        ):
            return ()
        departed = plan.outcome in (Outcome.FORCED, Outcome.DUBLIN, Outcome.INDEPENDENT_VERIFIED)
        earliest = max(start.date(), plan.return_decision_date)
        if departed:
            ended = end - dt.timedelta(minutes=rng.randrange(10, 60))
            days = self.lognormal_days(DETENTION_DAYS_DEPARTED, rng)
            reason: str = DetentionEndReason.DEPARTED
        else:
            # Released some days before the case closed (absconded, or a new procedure).
            ended = end - dt.timedelta(days=rng.randrange(1, 60))
            if ended <= start:
                return ()
            ended = self.moment(ended.date(), rng=rng)
            days = self.lognormal_days(DETENTION_DAYS_RELEASED, rng)
            reason = rng.choices(list(RELEASE_REASONS), weights=list(RELEASE_REASONS.values()))[0]
        starts_on = max(earliest, ended.date() - dt.timedelta(days=days))
        if starts_on > ended.date() or ended >= end:
            return ()
        born = PartialDate(plan.birth_year, plan.birth_month, plan.birth_day)
        if is_minor_on(born, starts_on) is not False:
            return ()
        started = max(self.moment(starts_on, office=False, rng=rng), start + dt.timedelta(minutes=5))
        if started.date() != starts_on or started >= ended:
            return ()
        basis = DetentionBasis.ART59A if plan.outcome == Outcome.DUBLIN else DetentionBasis.ART59
        return (DetentionPlan(basis, rng.choice(DETENTION_PLACES), started, ended, reason),)

    def circumstances(
        self, *, sex: str, age: int, country: ref.Country, unaccompanied: bool, child: bool
    ) -> tuple[tuple[CircumstanceIn, ...], str]:
        kinds: list[str] = []
        background = ""
        if unaccompanied:
            kinds.append(SpecialCircumstanceKind.UNACCOMPANIED_MINOR)
        elif child:
            kinds.append(SpecialCircumstanceKind.MINOR)
        if self.chance(MEDICAL_SHARE):
            kinds.append(SpecialCircumstanceKind.MEDICAL)
            if self.chance(0.85):
                background = self.rng.choice(ref.MEDICAL_BACKGROUNDS)
        if sex == Sex.FEMALE and 18 <= age <= 42 and self.chance(0.04):
            kinds.append(SpecialCircumstanceKind.PREGNANCY)
            background = background or ref.PREGNANCY_BACKGROUND
        trafficking = 0.15 if (country.code == "NG" and sex == Sex.FEMALE) else 0.01
        if not child and self.chance(trafficking):
            kinds.append(SpecialCircumstanceKind.TRAFFICKING)
        if not child and self.chance(0.03):
            kinds.append(SpecialCircumstanceKind.VULNERABILITY)
        return tuple(CircumstanceIn(k, ref.CIRCUMSTANCE_DESCRIPTIONS[k]) for k in kinds), background

    def references(self, source: str, decision: dt.date | None, index: int) -> tuple[str, str, str]:
        """(source reference, return decision reference, deciding authority)."""
        year = (decision or self.yesterday).year
        ref_no = f"{self.batch}{index + 1:07d}"
        if source == Source.IND:
            return f"IND-{year}-{ref_no}", f"IND-{year}-B{ref_no}", "IND"
        if source == Source.POLICE:
            unit = self.rng.choice(("NN", "ON", "MN", "NH", "AM", "DH", "RT", "ZB", "OB", "LB"))
            return (
                f"POL-{unit}-{year}-{ref_no}",
                f"AVIM-{unit}-TB-{ref_no}",
                "Politie (AVIM) namens de minister",
            )
        if source == Source.KMAR:
            return f"KMAR-SPL-{year}-{ref_no}", f"KMAR-TB-{ref_no}", "Koninklijke Marechaussee"
        if decision is None:
            return f"DTV-{year}-{ref_no}", "", ""
        return f"DTV-{year}-{ref_no}", f"IND-{year}-B{ref_no}", "IND"

    def target_group(self, source: str) -> str:
        if source == Source.IND:
            return TargetGroup.REJECTED_ASYLUM if self.chance(0.85) else TargetGroup.PERMIT_REVOKED
        if source == Source.POLICE:
            return TargetGroup.SUPERVISION
        if source == Source.KMAR:
            return TargetGroup.BORDER_REFUSAL if self.chance(0.9) else TargetGroup.SUPERVISION
        return TargetGroup.OTHER

    # -- units: a single person, a family, or a person seen before ---------------------------------------
    def unit(self) -> None:
        source = self.pick(self.source_weights)
        if source == Source.POLICE and self.reentry and self.reentry_pool and self.chance(REENTRY_SHARE_OF_POLICE):
            self.reentry_case()
            return
        target_group = self.target_group(source)
        family = target_group == TargetGroup.REJECTED_ASYLUM and self.chance(FAMILY_SHARE_OF_ASYLUM)
        country = self.rng.choices(self.countries, weights=self.country_weights)[0]
        phase, outcome = self.status()
        lag = self.intake_lag(source)
        decision, span = self.dates(phase, outcome, lag, source, target_group)
        if source == Source.OTHER and self.chance(0.4):
            decision_date: dt.date | None = None
        else:
            decision_date = decision
        intake_day = decision + dt.timedelta(days=lag)
        office = source == Source.OTHER
        intake_at = self.moment(intake_day, office=office)
        if office and intake_at.date() > self.yesterday:
            intake_at = self.moment(self.yesterday - dt.timedelta(days=2), office=True)
        team: int | None = self.team_for(source)
        assigned_team = team
        if source != Source.OTHER and self.chance(0.08):
            team = None  # delivered to the intake queue; the team lead picks a team
        cm = self.rng.randrange(self.cms)
        transferred_unassigned = outcome == Outcome.TRANSFERRED and self.chance(0.5)
        if phase == Phase.INTAKE or transferred_unassigned:
            cm_or_none: int | None = None
            if team is None and transferred_unassigned:
                team = assigned_team
        else:
            cm_or_none = cm
        if team is not None:
            team = self.intake_team(team)
        term_days, term_reason = self.decision_terms(source, target_group, family=family)
        location = self.rng.choice(ref.FAMILY_LOCATIONS) if family else self.rng.choice(ref.LOCATIONS[source])
        shared = {
            "source": source,
            "target_group": target_group,
            "decision_date": decision_date,
            "term_days": term_days,
            "term_reason": term_reason,
            "location": location,
            "team": team,
            "assigned_team": assigned_team if cm_or_none is not None else team,
            "cm": cm_or_none,
            "intake_at": intake_at,
            "span": span,
            "phase": phase,
            "outcome": outcome,
        }
        if not family:
            unaccompanied = target_group == TargetGroup.REJECTED_ASYLUM and self.chance(0.025)
            age = self.rng.randrange(15, 18) if unaccompanied else self.adult_age()
            sex = self.pick({Sex.MALE: 0.78, Sex.FEMALE: 0.21, Sex.UNKNOWN: 0.008, Sex.OTHER: 0.002})
            if unaccompanied:
                shared["location"] = "Opvang Nidos (kleinschalige woonvoorziening)"
            self.person_case(country, sex=sex, age=age, shared=shared, unaccompanied=unaccompanied)
            return
        self.family(country, shared)

    def person_case(
        self,
        country: ref.Country,
        *,
        sex: str,
        age: int,
        shared: dict[str, Any],
        unaccompanied: bool = False,
        child: bool = False,
        given: str | None = None,
        family_name: str | None = None,
        place: str | None = None,
        household: int | None = None,
        relation: str = "",
    ) -> CasePlan | None:
        if len(self.plans) >= self.target:
            return None
        index = len(self.plans)
        assigned_team, case_manager = self.placed(shared["assigned_team"], shared["cm"])
        given = given or self.given_name(country, sex)
        family_name = family_name or self.rng.choice(country.family)
        year, month, day = self.birth(country, age, shared["intake_at"].date())
        circumstances, background = self.circumstances(
            sex=sex, age=age, country=country, unaccompanied=unaccompanied, child=child
        )
        source = shared["source"]
        decision_date = shared["decision_date"]
        source_ref, decision_ref, authority = self.references(source, decision_date, index)
        intake_at = shared["intake_at"]
        plan = CasePlan(
            index=index,
            case_id=self.case_uuid(),
            person_id=self.new_id(),
            new_person=True,
            v_number=self.v_number(),
            given_names=given,
            family_name=family_name,
            birth_year=year,
            birth_month=month,
            birth_day=day,
            place_of_birth=place or self.rng.choice(country.places),
            sex=sex,
            intake_given_names=given,
            intake_family_name=family_name,
            other_names=() if child else self.other_names(given, family_name, country),
            nationalities=self.nationalities(country),
            languages=self.languages(country, target_group=shared["target_group"]),
            source=source,
            source_reference=source_ref,
            target_group=shared["target_group"],
            return_decision_reference=decision_ref if decision_date else "",
            return_decision_date=decision_date,
            return_decision_authority=authority,
            departure_term_days=shared["term_days"],
            departure_term_reason=shared["term_reason"],
            current_location=shared["location"],
            medical_background=background,
            special_circumstances=circumstances,
            note=ref.INTAKE_NOTES[source] if self.chance(0.25) else "",
            team=shared["team"],
            assigned_team=assigned_team,
            case_manager=case_manager,
            intake_at=intake_at,
            steps=(),
            household=household,
            relation_to_head=relation,
            final_phase=shared["phase"],
            outcome=shared["outcome"],
        )
        medical = any(c.kind == SpecialCircumstanceKind.MEDICAL for c in circumstances)
        if "steps" in shared:
            plan.steps = shared["steps"]
        else:
            plan.steps = self.steps(
                intake_at=intake_at,
                span=shared["span"],
                phase=shared["phase"],
                outcome=shared["outcome"],
                medical=medical,
                assign=shared["cm"] is not None,
            )
        plan.lp_requests = self.lp_requests(plan)
        self.process(plan)
        self.plans.append(plan)
        if plan.outcome == Outcome.UNSUPERVISED and plan.last_at.date() < self.today - dt.timedelta(days=60):
            self.reentry_pool.append(plan)
        return plan

    def family(self, country: ref.Country, shared: dict[str, Any]) -> None:
        """A household: a parent (with a partner in most families) and one to four children."""
        # All members share one history: compute it once, for the head, and reuse it.
        shared = dict(shared)
        shared["steps"] = self.steps(
            intake_at=shared["intake_at"],
            span=shared["span"],
            phase=shared["phase"],
            outcome=shared["outcome"],
            medical=False,
            assign=shared["cm"] is not None,
        )
        household = len(self.households)
        family_name = self.rng.choice(country.family)
        head_age = self.rng.randrange(24, 50)
        with_partner = self.chance(FAMILY_PARTNER_SHARE)
        head_sex = Sex.MALE if with_partner or self.chance(0.2) else Sex.FEMALE
        head = self.person_case(
            country, sex=head_sex, age=head_age, shared=shared, family_name=family_name, household=household
        )
        if head is None:
            return
        members, relations = [head.index], [""]
        if with_partner:
            partner = self.person_case(
                country,
                sex=Sex.FEMALE,
                age=max(19, head_age - self.rng.randrange(0, 8)),
                shared=shared,
                family_name=family_name if country.code not in ("ER", "ET", "SO") else None,
                household=household,
                relation=FamilyRelation.PARTNER,
            )
            if partner is not None:
                members.append(partner.index)
                relations.append(FamilyRelation.PARTNER)
        children = self.rng.choices((1, 2, 3, 4), weights=FAMILY_CHILDREN_WEIGHTS)[0]
        for _ in range(children):
            age = self.rng.randrange(0, min(17, head_age - 18) + 1)
            sex = Sex.MALE if self.chance(0.5) else Sex.FEMALE
            # Eritrean, Ethiopian and Somali children carry their father's given name as second name.
            child_family = (
                head.given_names if country.code in ("ER", "ET", "SO") and head.sex == Sex.MALE else family_name
            )
            place = "Nederland" if age < 2 else None
            child = self.person_case(
                country,
                sex=sex,
                age=age,
                shared=shared,
                child=True,
                family_name=child_family,
                place=place,
                household=household,
                relation=FamilyRelation.CHILD,
            )
            if child is not None:
                members.append(child.index)
                relations.append(FamilyRelation.CHILD)
        if len(members) > 1:
            last = max(self.plans[i].intake_at for i in members)
            self.households.append(
                HouseholdPlan(
                    household,
                    tuple(members),
                    tuple(relations),
                    f"Gezin {family_name}",
                    last + dt.timedelta(minutes=self.rng.randrange(2, 30)),
                )
            )
        else:
            head.household = None

    def reentry_case(self) -> None:
        """Someone whose earlier case closed with an unknown destination, apprehended again by the police."""
        earlier = self.reentry_pool.pop(self.rng.randrange(len(self.reentry_pool)))
        first_day = earlier.last_at.date() + dt.timedelta(days=30)
        if first_day >= self.yesterday - dt.timedelta(days=3):
            return
        decision = first_day + dt.timedelta(days=self.rng.randrange(0, (self.yesterday - first_day).days - 2))
        phase = self.pick({Phase.INTAKE: 0.2, Phase.IN_PROGRESS: 0.6, Phase.DEPARTURE_PREPARED: 0.2})
        span = max(0, min((self.yesterday - decision).days - 1, self.lognormal_days(OPEN_AGES[phase])))
        intake_at = self.moment(decision, office=False)
        if intake_at.date() > self.yesterday:
            return
        region = self.team_for(Source.POLICE)
        cm = None if phase == Phase.INTAKE else self.rng.randrange(self.cms)
        team = self.intake_team(region)
        assigned_team, case_manager = self.placed(region, cm) if cm is not None else (team, None)
        index = len(self.plans)
        source_ref, decision_ref, authority = self.references(Source.POLICE, decision, index)
        # A new delivery may spell the name differently: the person gets the spelling as a variant.
        given = (spelling_variant(earlier.given_names, self.rng) if self.chance(0.5) else None) or earlier.given_names
        plan = CasePlan(
            index=index,
            case_id=self.case_uuid(),
            person_id=earlier.person_id,
            new_person=False,
            v_number=earlier.v_number,
            given_names=earlier.given_names,
            family_name=earlier.family_name,
            birth_year=earlier.birth_year,
            birth_month=earlier.birth_month,
            birth_day=earlier.birth_day,
            place_of_birth=earlier.place_of_birth,
            sex=earlier.sex,
            intake_given_names=given,
            intake_family_name=earlier.family_name,
            other_names=(),
            nationalities=earlier.nationalities,
            languages=earlier.languages,
            source=Source.POLICE,
            source_reference=source_ref,
            target_group=TargetGroup.SUPERVISION,
            return_decision_reference=decision_ref,
            return_decision_date=decision,
            return_decision_authority=authority,
            departure_term_days=0,
            departure_term_reason=ref.SHORT_TERM_REASONS["absconding"],
            current_location=self.rng.choice(ref.LOCATIONS[Source.POLICE]),
            medical_background="",
            special_circumstances=(),
            note="Eerder vertrokken met onbekende bestemming; opnieuw aangetroffen in het toezicht.",
            team=team,
            assigned_team=assigned_team,
            case_manager=case_manager,
            intake_at=intake_at,
            steps=(),
            final_phase=phase,
        )
        if cm is not None:
            plan.steps = self.steps(intake_at=intake_at, span=span, phase=phase, outcome="", medical=False, assign=True)
            plan.lp_requests = self.lp_requests(plan)
            self.process(plan)
        self.plans.append(plan)

    def run(self) -> Demo:
        while len(self.plans) < self.target:
            self.unit()
        return Demo(self.plans, self.households, self.staffing, self.today)


def generate(
    *,
    cases: int,
    seed: int,
    today: dt.date,
    reentry: bool = True,
    batch: str = "",
    staffing: Staffing | None = None,
) -> Demo:
    """`cases` synthetic dossiers, the same for the same seed and day. Plans are in generation order.

    `batch` goes into every source reference, so several generated sets can be imported side by side.
    `staffing` replaces the one the number of cases needs (tests: several teams a region in few cases).
    """
    if cases < 0:
        raise ValueError("cases must not be negative")
    generator = _Generator(seed=seed, today=today, cases=cases, reentry=reentry, batch=batch, staffing=staffing)
    return generator.run()


@dataclass(order=True)
class Event:
    """One write of the demo history, ordered by time (then by case, then by position in the case)."""

    at: dt.datetime
    case: int
    position: int
    kind: str = field(
        compare=False
    )  # "intake" | "step" | "household" | "lp" | "interview" | "support" | "detention" | "departure" | "reporting"
    step: Step | None = field(default=None, compare=False)
    action: str = field(default="", compare=False)  # of an LP request (prepare, sign, ...), support, detention
    n: int = field(default=0, compare=False)  # which request, interview, grant or detention of the case


def schedule(demo: Demo) -> list[Event]:
    """Every intake, step, household, LP step, interview, support and detention step of the demo in the
    order it happened, so the trail reads as history."""
    events: list[Event] = []
    for plan in demo.cases:
        events.append(Event(plan.intake_at, plan.index, 0, "intake"))
        events.extend(Event(step.at, plan.index, i + 1, "step", step) for i, step in enumerate(plan.steps))
        for n, lp in enumerate(plan.lp_requests):
            events.extend(
                Event(at, plan.index, 100 + 10 * n + k, "lp", action=action)
                for k, (action, at) in enumerate(lp.actions())
            )
        events.extend(
            Event(interview.recorded_at, plan.index, 200 + n, "interview", n=n)
            for n, interview in enumerate(plan.interviews)
        )
        for n, grant in enumerate(plan.support):
            events.extend(
                Event(at, plan.index, 300 + 10 * n + k, "support", action=action, n=n)
                for k, (action, at) in enumerate(grant.actions())
            )
        for n, departure in enumerate(plan.departures):
            events.extend(
                Event(at, plan.index, 500 + 10 * n + k, "departure", action=action, n=n)
                for k, (action, at) in enumerate(departure.actions())
            )
        for n, duty in enumerate(plan.reporting_duties):
            events.extend(
                Event(at, plan.index, 600 + 10 * n + k, "reporting", action=action, n=n)
                for k, (action, at) in enumerate(duty.actions())
            )
        for n, detention in enumerate(plan.detentions):
            events.extend(
                Event(at, plan.index, 400 + 10 * n + k, "detention", action=action, n=n)
                for k, (action, at) in enumerate(detention.actions())
            )
    for household in demo.households:
        events.append(Event(household.at, household.members[0], 99, "household"))
    events.sort(key=_event_order)  # as the dataclass orders them, a tuple per event instead of two per comparison
    return events


def _event_order(event: Event) -> tuple[dt.datetime, int, int]:
    return (event.at, event.case, event.position)


IMPORT_COLUMNS = (
    "v_number",
    "given_names",
    "family_name",
    "birth_year",
    "birth_month",
    "birth_day",
    "sex",
    "place_of_birth",
    "nationality",
    "nationality_status",
    "nationality_source",
    "languages",
    "interpreter_needed",
    "aliases",
    "name_variants",
    "source",
    "source_reference",
    "target_group",
    "return_decision_reference",
    "return_decision_date",
    "return_decision_authority",
    "departure_term_days",
    "departure_term_reason",
    "current_location",
    "special_circumstances",
    "medical_background",
    "team",
)


def import_row(plan: CasePlan, staffing: Staffing | None = None) -> dict[str, str]:
    """A plan as one row of an import file (the flat columns of `regie import`); the team is the region's
    first team by name (`staffing`: how the plan's team numbers divide into regions; None: one team a region)."""

    def names(kind: str) -> str:
        return ";".join(f"{n.given_names}|{n.family_name}" for n in plan.other_names if n.kind == kind)

    def opt(value: object) -> str:
        return "" if value is None else str(value)

    return {
        "v_number": plan.v_number,
        "given_names": plan.intake_given_names,
        "family_name": plan.intake_family_name,
        "birth_year": opt(plan.birth_year),
        "birth_month": opt(plan.birth_month),
        "birth_day": opt(plan.birth_day),
        "sex": plan.sex,
        "place_of_birth": plan.place_of_birth,
        "nationality": ";".join(n.country for n in plan.nationalities),
        "nationality_status": ";".join(n.status for n in plan.nationalities),
        "nationality_source": ";".join(n.source for n in plan.nationalities)
        if any(n.source for n in plan.nationalities)
        else "",
        "languages": ";".join(lang.code for lang in plan.languages),
        "interpreter_needed": ";".join("ja" if lang.interpreter_needed else "nee" for lang in plan.languages),
        "aliases": names(NameKind.ALIAS),
        "name_variants": names(NameKind.VARIANT),
        "source": plan.source,
        "source_reference": plan.source_reference,
        "target_group": plan.target_group,
        "return_decision_reference": plan.return_decision_reference,
        "return_decision_date": plan.return_decision_date.isoformat() if plan.return_decision_date else "",
        "return_decision_authority": plan.return_decision_authority,
        "departure_term_days": str(plan.departure_term_days),
        "departure_term_reason": plan.departure_term_reason,
        "current_location": plan.current_location,
        "special_circumstances": ";".join(c.kind for c in plan.special_circumstances),
        "medical_background": plan.medical_background,
        "team": ref.TEAMS[staffing.region(plan.team) if staffing else plan.team][0] if plan.team is not None else "",
    }


def import_rows(*, rows: int, seed: int, today: dt.date, batch: str = "") -> Iterator[dict[str, str]]:
    """`rows` synthetic intake rows for `regie import` (every V-number once: no re-entries)."""
    data = generate(cases=rows, seed=seed, today=today, reentry=False, batch=batch)
    for plan in data.cases:
        yield import_row(plan, data.staffing)
