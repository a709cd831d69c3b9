"""Pure rules of travel documents: the life cycle of an LP request, and what counts as a travel document.

No ORM, no request: the service loads a request into an `LpState`, asks `lp_apply` for the next
state, and writes it back. Every refusal names the field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from regie.core.domain import Refusal, choose_one
from regie.deadlines.domain import add_months, nl_date

from .choices import DocumentKind, LpOutcome, LpStatus

# Documents with which a person can be returned. An ID card or a birth certificate helps to
# establish identity and nationality, but is not accepted for travel by every country of origin.
TRAVEL_DOCUMENT_KINDS = frozenset({DocumentKind.PASSPORT, DocumentKind.LAISSEZ_PASSER})


@dataclass(frozen=True)
class Document:
    kind: str
    valid_until: dt.date | None


def is_valid_travel_document(document: Document, on: dt.date) -> bool:
    """A passport or laissez-passer valid on `on`; a document without a known validity does not count."""
    return document.kind in TRAVEL_DOCUMENT_KINDS and document.valid_until is not None and document.valid_until >= on


def best_travel_document(documents: Iterable[Document], on: dt.date) -> Document | None:
    """The valid travel document that stays valid longest, or None."""
    valid = [d for d in documents if is_valid_travel_document(d, on)]
    return max(valid, key=lambda d: d.valid_until or on, default=None)


# --- the LP life cycle ---------------------------------------------------------------------------

SIGN, REFUSE_SIGNING, SEND, PRESENT, CLOSE = "sign", "refuse_signing", "send", "present", "close"
ACTIONS = (SIGN, REFUSE_SIGNING, SEND, PRESENT, CLOSE)

# What each action leads to, and from which states it may be taken.
TARGET: dict[str, str] = {
    SIGN: LpStatus.SIGNED,
    REFUSE_SIGNING: LpStatus.SIGNING_REFUSED,
    SEND: LpStatus.SENT,
    PRESENT: LpStatus.PRESENTED,
    CLOSE: LpStatus.CLOSED,
}
ALLOWED_FROM: dict[str, frozenset[str]] = {
    # A person who refused may still sign later.
    SIGN: frozenset({LpStatus.PREPARED, LpStatus.SIGNING_REFUSED}),
    REFUSE_SIGNING: frozenset({LpStatus.PREPARED}),
    # The request goes out signed, or with the refusal to sign recorded (it counts against cooperation).
    SEND: frozenset({LpStatus.SIGNED, LpStatus.SIGNING_REFUSED}),
    PRESENT: frozenset({LpStatus.SENT}),
    CLOSE: frozenset({LpStatus.PREPARED, LpStatus.SIGNED, LpStatus.SIGNING_REFUSED, LpStatus.SENT, LpStatus.PRESENTED}),
}
# The date each action records, as the model and the API name it.
DATE_FIELD: dict[str, str] = {
    SIGN: "signed_on",
    REFUSE_SIGNING: "signing_refused_on",
    SEND: "sent_on",
    PRESENT: "presented_on",
    CLOSE: "outcome_on",
}
ACTION_WORDS: dict[str, str] = {
    SIGN: "ondertekenen",
    REFUSE_SIGNING: "weigering tot ondertekenen vastleggen",
    SEND: "verzenden",
    PRESENT: "presentatie op de ambassade vastleggen",
    CLOSE: "afronden",
}
# Before the request is sent, the authorities cannot answer: it can only be withdrawn.
UNSENT = frozenset({LpStatus.PREPARED, LpStatus.SIGNED, LpStatus.SIGNING_REFUSED})


@dataclass(frozen=True)
class LpState:
    """The facts of one LP request that the life cycle looks at."""

    prepared_on: dt.date
    status: str = LpStatus.PREPARED
    signed_on: dt.date | None = None
    signing_refused_on: dt.date | None = None
    sent_on: dt.date | None = None
    presented_on: dt.date | None = None
    outcome: str = ""
    outcome_on: dt.date | None = None
    lp_valid_until: dt.date | None = None

    @property
    def last_step_on(self) -> dt.date:
        dates = [self.prepared_on, self.signed_on, self.signing_refused_on, self.sent_on, self.presented_on]
        return max(d for d in dates if d is not None)


@dataclass(frozen=True)
class Step:
    action: str
    on: dt.date
    outcome: str = ""
    lp_valid_until: dt.date | None = None


def next_actions(status: str) -> list[str]:
    """The actions the life cycle allows from `status`, in the order of the process."""
    return [a for a in ACTIONS if status in ALLOWED_FROM[a]]


def allowed_outcomes(status: str) -> list[str]:
    if status == LpStatus.CLOSED:
        return []
    if status in UNSENT:
        return [LpOutcome.WITHDRAWN]
    return list(LpOutcome.values)


def lp_apply(state: LpState, step: Step, *, today: dt.date) -> LpState | Refusal:
    """The state after `step`, or why the step is refused (illegal steps name the field `status`)."""
    if step.action not in ALLOWED_FROM:
        return Refusal("status", f"Onbekende stap '{step.action}'.")
    status_label = LpStatus(state.status).label if state.status in LpStatus.values else state.status
    if state.status == LpStatus.CLOSED:
        return Refusal("status", "Deze LP-aanvraag is afgerond; er kan niets meer aan veranderen.")
    if state.status not in ALLOWED_FROM[step.action]:
        return Refusal(
            "status",
            f"Bij de status '{status_label}' kan de aanvraag niet worden: {ACTION_WORDS[step.action]}.",
        )
    date_field = DATE_FIELD[step.action]
    if step.on > today:
        return Refusal(date_field, "De datum ligt in de toekomst.")
    if step.on < state.last_step_on:
        return Refusal(
            date_field, f"De datum ligt vóór de vorige stap van deze aanvraag ({nl_date(state.last_step_on)})."
        )
    changes: dict[str, object] = {"status": TARGET[step.action], date_field: step.on}
    if step.action == CLOSE:
        if not step.outcome:
            return Refusal("outcome", "Afronden kan alleen met een uitkomst.")
        if step.outcome not in LpOutcome.values:
            return Refusal("outcome", choose_one(LpOutcome.values))
        if step.outcome not in allowed_outcomes(state.status):
            return Refusal("outcome", "Een aanvraag die nog niet is verzonden kan alleen worden ingetrokken.")
        if step.outcome == LpOutcome.ISSUED:
            if step.lp_valid_until is None:
                return Refusal("lp_valid_until", "Bij een afgegeven LP is de geldigheidsdatum verplicht.")
            if step.lp_valid_until < step.on:
                return Refusal("lp_valid_until", "De LP is dan al verlopen op de datum van afgifte.")
        elif step.lp_valid_until is not None:
            return Refusal("lp_valid_until", "Een geldigheidsdatum hoort alleen bij een afgegeven LP.")
        changes.update(outcome=step.outcome, lp_valid_until=step.lp_valid_until)
    elif step.outcome or step.lp_valid_until is not None:
        return Refusal("outcome", "Een uitkomst hoort alleen bij afronden.")
    return replace(state, **changes)  # type: ignore[arg-type]


def is_filed(status: str, outcome: str) -> bool:
    """Sent to the authorities (or later), and either still open or answered with an LP."""
    if status in (LpStatus.SENT, LpStatus.PRESENTED):
        return True
    return status == LpStatus.CLOSED and outcome == LpOutcome.ISSUED


def withdrawal_decision_on(sent_on: dt.date, months: int = 12) -> dt.date:
    """The decision point: no answer `months` after sending, the case manager decides whether to withdraw."""
    return add_months(sent_on, months)


def awaiting_withdrawal_decision(*, status: str, sent_on: dt.date | None, on: dt.date, months: int = 12) -> bool:
    return (
        status in (LpStatus.SENT, LpStatus.PRESENTED)
        and sent_on is not None
        and on >= withdrawal_decision_on(sent_on, months)
    )
