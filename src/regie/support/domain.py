"""Pure rules of return and reintegration support: which amount rule applies, how the amount splits
into cash and in kind, who counts as a minor, who is refused because of earlier support, and the
life of a grant. Plain values in, plain values out: no ORM, no request.

Amount rules are data with a validity period (`valid_from` inclusive, `valid_until` exclusive, the
same convention as the deadline rules): the rule in force on the decision date applies, so a change
of the regulation never silently changes a grant decided under the old one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from regie.core.domain import Refusal, choose_one
from regie.people.domain import PartialDate, is_minor_on

from .choices import (
    Beneficiary,
    DepartureConfirmation,
    Programme,
    ReintegrationStatus,
    ReportKind,
    SupportForm,
    SupportStatus,
)

IOM = "iom"

# The words the stored explanation uses. Deliberately Dutch and fixed (not the interface language):
# the explanation is part of the decision on record.
PROGRAMME_WORDS: dict[str, str] = {
    Programme.BASIC: "Basisvertrekondersteuning",
    Programme.REINTEGRATION: "Herintegratieondersteuning",
}
BENEFICIARY_WORDS: dict[str, str] = {
    Beneficiary.ADULT: "een volwassene",
    Beneficiary.MINOR: "een minderjarige",
    Beneficiary.UNACCOMPANIED_MINOR: "een alleenstaande minderjarige",
}


@dataclass(frozen=True)
class AmountRule:
    """One version of an amount rule, as plain values. Amounts in whole euro cents.

    `countries` empty means "any country"; otherwise the ISO 3166-1 alpha-2 codes of the country list.
    """

    id: str
    programme: str
    beneficiary: str
    amount_cents: int
    cash_cap_cents: int
    valid_from: dt.date
    valid_until: dt.date | None = None
    countries: frozenset[str] = frozenset()
    basis: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)

    @property
    def country_specific(self) -> bool:
        return bool(self.countries)

    def applies_to(self, country: str | None) -> bool:
        return not self.countries or (country is not None and country in self.countries)


def parse_countries(text: str) -> frozenset[str]:
    """The stored country list ("AF, DZ,er") as a set of upper-case codes."""
    return frozenset(code.strip().upper() for code in (text or "").split(",") if code.strip())


@dataclass(frozen=True)
class SupportAmount:
    amount_cents: int
    cash_cents: int
    in_kind_cents: int
    explanation: str


# --- words -----------------------------------------------------------------------------------------


def euro(cents: int) -> str:
    """Dutch notation: € 1.800 for whole euros, € 1.800,50 otherwise."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{sign}€ {text}" + (f",{rest:02d}" if rest else "")


def nl_date(value: dt.date) -> str:
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def validity_words(rule: AmountRule) -> str:
    if rule.valid_until is None:
        return f"geldig vanaf {nl_date(rule.valid_from)}, zonder einddatum"
    return f"geldig van {nl_date(rule.valid_from)} tot {nl_date(rule.valid_until)}"


def _programme_words(programme: str) -> str:
    return PROGRAMME_WORDS.get(programme, programme)


def _beneficiary_words(beneficiary: str) -> str:
    return BENEFICIARY_WORDS.get(beneficiary, beneficiary)


# --- calendar ----------------------------------------------------------------------------------------


def years_before(on: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier; 29 February becomes 28 February in a common year.

    Before the start of the calendar the answer is its first day (only absurd input gets there).
    """
    year = on.year - years
    if year < dt.MINYEAR:
        return dt.date.min
    return dt.date(year, on.month, min(on.day, calendar.monthrange(year, on.month)[1]))


# --- the rules ---------------------------------------------------------------------------------------


def select_rule(
    rules: Iterable[AmountRule], programme: str, beneficiary: str, country: str | None, on: dt.date
) -> AmountRule | Refusal:
    """The rule for this programme and beneficiary in force on `on` (the decision date).

    A rule whose country list holds the country beats an "any country" rule. Should the table hold
    two equally specific rules in force on the same day (a data error), the one that started last
    wins, so the answer is still deterministic. No rule: a refusal that says why.
    """
    in_force = [r for r in rules if r.programme == programme and r.beneficiary == beneficiary and r.in_force(on)]
    matching = [r for r in in_force if r.applies_to(country)]
    if matching:
        return max(matching, key=lambda r: (r.country_specific, r.valid_from, r.id))
    what = f"{_programme_words(programme)} voor {_beneficiary_words(beneficiary)}"
    if not in_force:
        return Refusal("decided_on", f"Op {nl_date(on)} is geen bedragregel van kracht voor {what}.")
    if country is None:
        return Refusal(
            "country",
            f"{what} geldt op {nl_date(on)} alleen voor nationaliteiten op de landenlijst, "
            "en de nationaliteit van deze persoon is niet bekend.",
        )
    return Refusal(
        "country",
        f"{what} geldt op {nl_date(on)} alleen voor nationaliteiten op de landenlijst; dit land staat er niet op.",
    )


def compute_amount(rule: AmountRule, requested_cash_cents: int | None, *, on: dt.date | None = None) -> SupportAmount:
    """The amount of the rule, split into cash and in kind, with the calculation in words.

    The cash part is what was asked for, at most the rule's cash cap and never more than the amount;
    without a request it is the whole cap. The rest is given in kind.
    """
    if requested_cash_cents is not None and requested_cash_cents < 0:
        raise ValueError("requested cash cannot be negative")
    amount = rule.amount_cents
    cap = min(rule.cash_cap_cents, amount)
    cash = cap if requested_cash_cents is None else min(requested_cash_cents, cap)
    in_kind = amount - cash
    scope = "landenlijst" if rule.country_specific else "alle landen"
    basis = f"'{rule.basis}'" if rule.basis else "zonder omschrijving"
    decided = f" op besluitdatum {nl_date(on)}" if on is not None else ""
    parts = [
        f"{_programme_words(rule.programme)} voor {_beneficiary_words(rule.beneficiary)}: {euro(amount)}.",
        f"Regel{decided}: {basis} ({scope}; {validity_words(rule)}), maximaal {euro(cap)} contant.",
    ]
    if requested_cash_cents is None:
        cash_words = f"Contant: {euro(cash)} (het maximum)"
    elif requested_cash_cents > cap:
        cash_words = f"Contant: {euro(cash)} (gevraagd {euro(requested_cash_cents)}, meer dan het maximum)"
    else:
        cash_words = f"Contant: {euro(cash)} (gevraagd)"
    parts.append(f"{cash_words}; in natura {euro(in_kind)} ({euro(amount)} - {euro(cash)}).")
    return SupportAmount(amount_cents=amount, cash_cents=cash, in_kind_cents=in_kind, explanation=" ".join(parts))


def beneficiary_for(birth: PartialDate, unaccompanied: bool, on: dt.date) -> Beneficiary | Refusal:
    """Adult, minor or unaccompanied minor on the decision date.

    A date of birth known only in part gives a range of possible ages. When that range straddles 18
    (say, born in 2008 and decided on 1 June 2026), the person counts as a MINOR: the benefit of the
    doubt that applies to age in migration law (presumption of minority), so no child is treated as
    an adult because a day or month is unknown. Only when the youngest possible age is 18 or more is
    the person an adult. With no year of birth at all there is nothing to decide on: a refusal that
    asks for the year. `unaccompanied` only matters for a minor.
    """
    minor = is_minor_on(birth, on)
    if minor is None:
        return Refusal(
            "birth_year",
            "Het geboortejaar van deze persoon is onbekend: leg het eerst vast, "
            "dan kan worden bepaald of de persoon minderjarig is.",
        )
    if not minor:
        return Beneficiary.ADULT
    return Beneficiary.UNACCOMPANIED_MINOR if unaccompanied else Beneficiary.MINOR


def eligibility(previous_grants_dates: Iterable[dt.date], on: dt.date, lookback_years: int) -> Refusal | None:
    """None when earlier support does not stand in the way, else the refusal with its reason.

    Support received after the same calendar day `lookback_years` before the decision date counts
    (so on the fifth anniversary the person may receive support again); support dated after the
    decision date counts too, since the person has had it by the time anyone reads the decision.
    The reason names the most recent earlier support.
    """
    if lookback_years <= 0:
        return None
    start = years_before(on, lookback_years)
    within = [d for d in previous_grants_dates if d > start]
    if not within:
        return None
    latest = max(within)
    return Refusal(
        "person_id",
        f"Afgewezen: deze persoon ontving in de afgelopen {lookback_years} jaar al terugkeerondersteuning "
        f"(op {nl_date(latest)}).",
    )


def return_country(nationalities: Sequence[tuple[str, str]]) -> str | Refusal | None:
    """The country of return from (country, status) pairs: an established nationality before a
    claimed one; XX (unknown, stateless) says nothing. None when nothing is known; a refusal when
    more than one country remains, since then a person must choose."""
    known = [(c, s) for c, s in nationalities if c and c != "XX"]
    established = {c for c, s in known if s == "established"}
    candidates = established or {c for c, _ in known}
    if not candidates:
        return None
    if len(candidates) > 1:
        return Refusal("country", "Deze persoon heeft meer dan één nationaliteit: kies het land van terugkeer.")
    return next(iter(candidates))


def partner_refusal(programme: str, partner_kind: str) -> Refusal | None:
    """Basic departure support runs through IOM (REAN); reintegration support through IOM or an NGO."""
    if programme == Programme.BASIC and partner_kind != IOM:
        return Refusal("partner_id", "Basisvertrekondersteuning loopt via IOM: kies IOM als partnerorganisatie.")
    return None


def initial_status(amount_cents: int, approval_threshold_cents: int) -> SupportStatus:
    """Above the threshold a team lead must approve first; at or below it the grant is approved."""
    return SupportStatus.AWAITING_APPROVAL if amount_cents > approval_threshold_cents else SupportStatus.APPROVED


# --- the life of a grant ---------------------------------------------------------------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    SupportStatus.AWAITING_APPROVAL: frozenset(
        {SupportStatus.APPROVED, SupportStatus.REJECTED, SupportStatus.CANCELLED}
    ),
    SupportStatus.APPROVED: frozenset({SupportStatus.REFERRED, SupportStatus.DELIVERED, SupportStatus.CANCELLED}),
    # Referring again changes the partner or the consent; reintegration support is often delivered
    # after arrival, by the partner, so delivery follows referral.
    SupportStatus.REFERRED: frozenset({SupportStatus.REFERRED, SupportStatus.DELIVERED, SupportStatus.CANCELLED}),
    SupportStatus.REJECTED: frozenset(),
    SupportStatus.DELIVERED: frozenset(),
    SupportStatus.CANCELLED: frozenset(),
}
FINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
# Support that counts as received for the lookback: decided in favour, referred or delivered.
COUNTS_AS_RECEIVED = frozenset({SupportStatus.APPROVED, SupportStatus.REFERRED, SupportStatus.DELIVERED})
# Support that is still running (or done) in a case: a second one for the same programme is refused.
ACTIVE = frozenset(
    {SupportStatus.AWAITING_APPROVAL, SupportStatus.APPROVED, SupportStatus.REFERRED, SupportStatus.DELIVERED}
)


def status_refusal(current: str, target: str) -> Refusal | None:
    """None if a grant may go from `current` to `target`, else why not."""
    if target not in TRANSITIONS:
        return Refusal("status", "Onbekende status.")
    if target in TRANSITIONS.get(current, frozenset()):
        return None
    label = SupportStatus(current).label if current in SupportStatus.values else current
    if current in FINAL:
        return Refusal(
            "status", f"Deze ondersteuning is al afgehandeld (status '{label}') en kan niet meer veranderen."
        )
    wanted = SupportStatus(target).label
    return Refusal("status", f"Van status '{label}' naar '{wanted}' is niet toegestaan.")


# --- what partner organisations report back -----------------------------------------------------------

# The follow-ups after return, in months after the departure the partner confirmed.
FOLLOW_UP_MONTHS: dict[str, int] = {ReportKind.REINTEGRATION_6_MONTHS: 6, ReportKind.REINTEGRATION_12_MONTHS: 12}
# Reported once per referral (counselling and deliveries may be reported more than once).
ONCE = frozenset(
    {
        ReportKind.APPLICATION_RECEIVED,
        ReportKind.DEPARTURE_CONFIRMED,
        ReportKind.REINTEGRATION_6_MONTHS,
        ReportKind.REINTEGRATION_12_MONTHS,
    }
)
# The order in which a referral's reports usually follow each other (the partner's worklist).
REPORT_ORDER = (
    ReportKind.COUNSELLING_HELD,
    ReportKind.APPLICATION_RECEIVED,
    ReportKind.SUPPORT_DELIVERED,
    ReportKind.DEPARTURE_CONFIRMED,
    ReportKind.REINTEGRATION_6_MONTHS,
    ReportKind.REINTEGRATION_12_MONTHS,
)

REPORT_IN_FUTURE = gettext_noop("De datum ligt in de toekomst.")
REPORT_BEFORE_DECISION = gettext_noop("De datum ligt vóór het besluit over de ondersteuning.")
REPORT_ONCE = gettext_noop("Dit is voor deze doorverwijzing al gemeld.")
FORM_REQUIRED = gettext_noop("Kies of de ondersteuning in natura of contant is verstrekt.")
AMOUNT_REQUIRED = gettext_noop("Geef het verstrekte bedrag (meer dan nul).")
AMOUNT_ABOVE_GRANT = gettext_noop(
    "Dit bedrag gaat, samen met wat al is gemeld, boven het toegekende deel in deze vorm."
)
HOW_REQUIRED = gettext_noop("Kies hoe het vertrek is bevestigd.")
STATUS_REQUIRED = gettext_noop("Kies de stand van de herintegratie.")
DEPARTURE_FIRST = gettext_noop("Meld eerst het vertrek; de herintegratie volgt 6 en 12 maanden daarna.")
FOLLOW_UP_TOO_EARLY = gettext_noop("Deze terugmelding kan pas vanaf 6 of 12 maanden na het vertrek.")
NOT_FOR_THIS_KIND = gettext_noop("Dit veld hoort niet bij deze soort terugmelding.")


@dataclass(frozen=True)
class ReportInput:
    """A partner's report as plain values (amounts in cents)."""

    kind: str
    occurred_on: dt.date
    support_form: str = ""
    amount_cents: int | None = None
    departure_confirmation: str = ""
    reintegration_status: str = ""


@dataclass(frozen=True)
class ReferralFacts:
    """What the rules need of the referral: its decision, its parts, and what was reported already."""

    decided_on: dt.date
    cash_cents: int
    in_kind_cents: int
    reported: tuple[str, ...] = ()  # kinds reported so far
    delivered: dict[str, int] | None = None  # support form -> cents reported delivered so far
    departed_on: dt.date | None = None  # the departure the partner confirmed


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def report_refusals(report: ReportInput, facts: ReferralFacts, today: dt.date) -> list[Refusal]:
    """Why a partner's report cannot be recorded, each naming its field; empty when it can.

    A delivery names its form (in kind or cash) and an amount; all deliveries of one form together stay
    within the part of the grant in that form (the grant is the ceiling, never typed in by the partner).
    The follow-ups at 6 and 12 months come after the departure the partner confirmed, not before.
    """
    refusals: list[Refusal] = []
    if report.kind not in ReportKind.values:
        return [Refusal("kind", choose_one(ReportKind.values))]
    if report.occurred_on > today:
        refusals.append(Refusal("occurred_on", REPORT_IN_FUTURE))
    elif report.occurred_on < facts.decided_on:
        refusals.append(Refusal("occurred_on", REPORT_BEFORE_DECISION))
    if report.kind in ONCE and report.kind in facts.reported:
        refusals.append(Refusal("kind", REPORT_ONCE))
    delivery = report.kind == ReportKind.SUPPORT_DELIVERED
    if not delivery and (report.support_form or report.amount_cents is not None):
        refusals.append(Refusal("support_form" if report.support_form else "amount_cents", NOT_FOR_THIS_KIND))
    if delivery:
        if report.support_form not in SupportForm.values:
            refusals.append(Refusal("support_form", FORM_REQUIRED))
        elif report.amount_cents is None or report.amount_cents <= 0:
            refusals.append(Refusal("amount_cents", AMOUNT_REQUIRED))
        else:
            ceiling = facts.cash_cents if report.support_form == SupportForm.CASH else facts.in_kind_cents
            so_far = (facts.delivered or {}).get(report.support_form, 0)
            if so_far + report.amount_cents > ceiling:
                refusals.append(Refusal("amount_cents", AMOUNT_ABOVE_GRANT))
    if report.kind == ReportKind.DEPARTURE_CONFIRMED:
        if report.departure_confirmation not in DepartureConfirmation.values:
            refusals.append(Refusal("departure_confirmation", HOW_REQUIRED))
    elif report.departure_confirmation:
        refusals.append(Refusal("departure_confirmation", NOT_FOR_THIS_KIND))
    if report.kind in FOLLOW_UP_MONTHS:
        if report.reintegration_status not in ReintegrationStatus.values:
            refusals.append(Refusal("reintegration_status", STATUS_REQUIRED))
        if facts.departed_on is None:
            refusals.append(Refusal("kind", DEPARTURE_FIRST))
        elif report.occurred_on < add_months(facts.departed_on, FOLLOW_UP_MONTHS[report.kind]):
            refusals.append(Refusal("occurred_on", FOLLOW_UP_TOO_EARLY))
    elif report.reintegration_status:
        refusals.append(Refusal("reintegration_status", NOT_FOR_THIS_KIND))
    return refusals


@dataclass(frozen=True)
class NextReport:
    kind: str
    due_on: dt.date | None  # only the follow-ups have a date (months after the departure)


def next_report(reported: Iterable[str], departed_on: dt.date | None) -> NextReport | None:
    """What the partner reports next on a referral: the first kind in the usual order not yet reported
    (a delivery counts once something was delivered); the follow-ups are due 6 and 12 months after the
    departure. None when everything is in."""
    done = set(reported)
    for kind in REPORT_ORDER:
        if kind in done:
            continue
        if kind in FOLLOW_UP_MONTHS:
            due = add_months(departed_on, FOLLOW_UP_MONTHS[kind]) if departed_on else None
            return NextReport(kind, due)
        return NextReport(kind, None)
    return None
