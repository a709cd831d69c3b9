"""Pure rules of the measures: the maximum of a detention, entry into a VBL, extending and ending detention.

Plain values in, plain values out: no ORM, no request, no clock (the caller passes `today`). The terms
come from the deadline rules (`regie.deadlines.domain`), which are data with a validity period: the
rule in force on the start date of the detention applies, exactly as the deadline engine computes it.

Refusals are dictionaries from the field at fault to a Dutch message for a person; an empty
dictionary means the action is allowed. Messages name dates and terms, never personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext_noop

from regie.core.domain import message_template
from regie.deadlines.domain import Deadline, Rule, add, amount_in_words, nl_date, rule_in_force, term_params

from .choices import DetentionExtensionReason

DETENTION_MAXIMUM = "detention_maximum"
VBL_REVIEW = "vbl_review"

NO_DECISION = gettext_noop(
    "Deze maatregel dient het vertrek dat een terugkeerbesluit oplegt: leg eerst de datum van het "
    "terugkeerbesluit vast in het dossier."
)
BEFORE_DECISION = message_template(
    gettext_noop("Deze maatregel kan niet beginnen vóór het terugkeerbesluit van %(date)s.")
)


def detention_variant(*, family_or_minor: bool, extended: bool) -> str:
    """Which maximum applies: families and unaccompanied minors always the short one, else standard or extended."""
    if family_or_minor:
        return "family"
    return "extended" if extended else "standard"


def detention_maximum(
    *,
    starts_on: dt.date,
    family_or_minor: bool,
    extended: bool,
    rules: Sequence[Rule],
) -> Deadline:
    """The last day a detention may last: start + 6 months, 18 months when extended, 14 days for families
    and unaccompanied minors (art. 59 Vw, Return Directive art. 15). Raises LookupError when no rule was
    in force on `starts_on`.
    """
    variant = detention_variant(family_or_minor=family_or_minor, extended=extended)
    rule = rule_in_force(rules, DETENTION_MAXIMUM, starts_on, variant)
    due = add(starts_on, rule.amount, rule.unit)
    explanation = (
        f"{rule.label} {nl_date(due)}: start bewaring {nl_date(starts_on)} + "
        f"{amount_in_words(rule.amount, rule.unit)}, {rule.basis}"
    )
    return Deadline(
        rule.code, rule.label, due, rule.basis, explanation, params=term_params(rule, due, starts_on, "start bewaring")
    )


def date_refusal(
    value: dt.date,
    *,
    today: dt.date,
    not_before: dt.date | None = None,
    not_before_what: str = "de start van de maatregel",
    allow_future: bool = False,
) -> str | None:
    """A recorded date that cannot be right: in the future (a fact is recorded once it happened), or
    before the date it follows from."""
    if not allow_future and value > today:
        return "Deze datum ligt in de toekomst; leg een gebeurtenis vast als die heeft plaatsgevonden."
    if not_before is not None and value < not_before:
        return f"Deze datum ligt vóór {not_before_what} ({nl_date(not_before)})."
    return None


# Detention on these grounds prepares a departure the return decision orders; Dublin (art. 59a) and
# asylum (art. 59b) detention rest on grounds of their own and may precede a return decision.
RETURN_BASES = frozenset({"art59"})


def before_return_decision_refusal(
    *, starts_on: dt.date, return_decision_date: dt.date | None, basis: str = "art59"
) -> dict[str, str]:
    """A reporting duty (art. 54 Vw), a VBL placement (art. 56 Vw) or a detention for return (art. 59 Vw)
    serves the departure a return decision orders: it cannot start before that decision's date. The
    detention grounds of art. 59a (Dublin) and 59b (asylum) are the recorded reason that allows it. Without
    a return decision on the dossier such a measure has nothing to serve: record the decision first."""
    if basis not in RETURN_BASES:
        return {}
    if return_decision_date is None:
        return {"return_decision_date": NO_DECISION}
    if starts_on >= return_decision_date:
        return {}
    return {"starts_on": BEFORE_DECISION % {"date": nl_date(return_decision_date)}}


def vbl_entry_refusals(plan_current: bool, lp_filed: bool) -> dict[str, str]:
    """Entry into a freedom-restricting location (art. 56 Vw) needs an up-to-date departure plan and an
    LP request that has already been filed. Empty when both hold."""
    refusals: dict[str, str] = {}
    if not plan_current:
        refusals["departure_plan"] = (
            "Plaatsing in een VBL vraagt een actueel vertrekplan; leg het vertrekplan eerst vast of werk het bij."
        )
    if not lp_filed:
        refusals["lp_request"] = (
            "Plaatsing in een VBL vraagt een ingediende LP-aanvraag; dien eerst een aanvraag voor een "
            "vervangend reisdocument in."
        )
    return refusals


def vbl_start_refusals(*, starts_on: dt.date, today: dt.date, rules: Sequence[Rule]) -> dict[str, str]:
    """The start of a VBL stay: not in the future, and on a date for which the 12-week review rule is known."""
    problem = date_refusal(starts_on, today=today)
    if problem:
        return {"starts_on": problem}
    try:
        rule_in_force(rules, VBL_REVIEW, starts_on)
    except LookupError:
        return {"starts_on": "Voor deze datum is geen regel voor de beoordeling van het verblijf in een VBL bekend."}
    return {}


def detention_start_refusals(
    *,
    starts_on: dt.date,
    family_or_minor: bool,
    today: dt.date,
    rules: Sequence[Rule],
) -> dict[str, str]:
    """A detention can be recorded from its start date on, and only while it is still within its maximum:
    a detention whose maximum has already passed cannot be started (it would already be unlawful)."""
    problem = date_refusal(starts_on, today=today)
    if problem:
        return {"starts_on": problem}
    try:
        maximum = detention_maximum(starts_on=starts_on, family_or_minor=family_or_minor, extended=False, rules=rules)
    except LookupError:
        return {"starts_on": "Voor deze datum is geen regel voor de maximale duur van bewaring bekend."}
    if maximum.due < today:
        return {
            "starts_on": (
                f"Een bewaring die op {nl_date(starts_on)} begon, had uiterlijk op {nl_date(maximum.due)} moeten "
                f"eindigen ({maximum.explanation}); zo'n bewaring kan niet meer worden gestart."
            )
        }
    return {}


def detention_extension_refusal(
    *,
    starts_on: dt.date,
    family_or_minor: bool,
    already_extended: bool,
    extended_on: dt.date,
    reason: str,
    grounds: str,
    today: dt.date,
    rules: Sequence[Rule],
) -> dict[str, str]:
    """May this detention be extended to the extended maximum (art. 59 lid 6 Vw; Return Directive art. 15(6))?

    Never for families and unaccompanied minors; once only; only when the person does not cooperate or
    documents from the country of origin are awaited (`reason`, recorded), with written grounds; and only
    while the detention is still within its standard maximum: an extension decided after the maximum
    passed would cover days of detention beyond it. Since the standard maximum lies before the extended
    one, no accepted extension takes a detention beyond 18 months. Empty when allowed.
    """
    if family_or_minor:
        message = "Bewaring van een gezin of een alleenstaande minderjarige kan niet worden verlengd"
        try:
            rule = rule_in_force(rules, DETENTION_MAXIMUM, starts_on, "family")
        except LookupError:
            return {"family_or_minor": f"{message}."}
        return {"family_or_minor": f"{message} (maximaal {amount_in_words(rule.amount, rule.unit)}, {rule.basis})."}
    if already_extended:
        return {"extended_on": "Deze bewaring is al verlengd; verlengen kan één keer, tot de verlengde maximale duur."}
    refusals: dict[str, str] = {}
    if reason not in DetentionExtensionReason.values:
        refusals["extension_reason"] = (
            "Verlengen kan alleen als de vreemdeling niet meewerkt of als er wordt gewacht op documenten "
            "uit het land van herkomst: kies welke van de twee."
        )
    if not grounds.strip():
        refusals["extension_grounds"] = "Verlengen kan alleen met vastgelegde gronden."
    problem = date_refusal(extended_on, today=today, not_before=starts_on, not_before_what="de start van de bewaring")
    if problem:
        refusals["extended_on"] = problem
        return refusals
    standard = detention_maximum(starts_on=starts_on, family_or_minor=False, extended=False, rules=rules)
    extended = detention_maximum(starts_on=starts_on, family_or_minor=False, extended=True, rules=rules)
    if extended_on > extended.due:
        refusals["extended_on"] = (
            f"Ook de verlengde maximale duur van deze bewaring is verstreken op {nl_date(extended.due)} "
            f"({extended.explanation}); verlengen kan niet meer."
        )
    elif extended_on > standard.due:
        refusals["extended_on"] = (
            f"De maximale duur van deze bewaring verstreek op {nl_date(standard.due)} ({standard.explanation}); "
            "verlengen kan alleen uiterlijk op die datum."
        )
    return refusals


def detention_end_refusals(
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    maximum: dt.date,
    maximum_explanation: str,
    today: dt.date,
) -> dict[str, str]:
    """The end date of a detention: not in the future, not before its start, and never after its maximum."""
    problem = date_refusal(ends_on, today=today, not_before=starts_on, not_before_what="de start van de bewaring")
    if problem:
        return {"ends_on": problem}
    if ends_on > maximum:
        return {
            "ends_on": (
                f"Een bewaring mag niet langer duren dan de maximale duur: uiterlijk {nl_date(maximum)} "
                f"({maximum_explanation}). Leg het werkelijke einde vast, uiterlijk op die datum."
            )
        }
    return {}
