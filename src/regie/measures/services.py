"""Every write to the measures of a case: reporting duty, VBL, detention.

One transaction each, the acting user passed in, an audit record each. Every service ends by
recomputing the case's deadlines, after its audit record: the deadline engine reads the VBL and
detention facts, and the date of the last recorded action during a detention (due speed), so the
action just recorded must already be in the trail when the deadlines are computed.

Detention is started by a team lead (DOMAIN.md: team leads approve detention proposals). The case
manager who proposed it is recorded as `proposed_by`; the team lead who starts it is `approved_by`, and
they are two people (four eyes), whether the lead approves a proposal recorded in Regie
(`detention_proposal_approve`) or records one made outside it (`detention_start` with `proposed_by`).
A proposal that has not been approved is not a detention, and the deadline engine does not count it.

Free text (grounds, review notes) enters the audit trail as its length only, like case notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from django.utils.translation import gettext_noop

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.work import lock_open_case, may_work, record_change
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import stale_message
from regie.core.errors import (
    IllegalTransition,
    ValidationFailed,
)
from regie.core.services import (
    choice,
    lock_version,
    refuse,
    require,
    required_text,
    save_versioned,
)
from regie.core.transactions import atomic
from regie.deadlines.domain import Deadline, Rule, nl_date
from regie.deadlines.selectors import rules_in_force

from . import domain
from .choices import DetentionBasis, DetentionEndReason, MeasureEndReason, ProposalStatus
from .models import Detention, DetentionProposal, ReportingDuty, VblPlacement
from .selectors import family_or_minor_reason, running_measures

M = TypeVar("M", ReportingDuty, VblPlacement, Detention)

PROPOSER_REFUSED = "Kies een regievoerder of teamleider van het team van dit dossier."
PROPOSER_REQUIRED = gettext_noop(
    "Kies wie de bewaring voorstelde: bewaring start op voorstel van een ander (vier ogen)."
)
PROPOSER_SELF = gettext_noop(
    "Vier ogen: wie de bewaring start, stelt haar niet zelf voor; kies de regievoerder of teamleider die haar voorstelde."
)
STALE = stale_message(gettext_noop("deze maatregel"))
# A reporting duty may be imposed from a later date; further ahead than this is a typing error.
REPORTING_DUTY_MAX_LEAD = dt.timedelta(days=366)

_NOT_FOUND = {
    ReportingDuty: "Meldplicht niet gevonden.",
    VblPlacement: "Plaatsing in een VBL niet gevonden.",
    Detention: "Bewaring niet gevonden.",
}


# --- shared steps (the generic ones are regie.core.services and regie.cases.work) ---------------------


def _lock(measure: M, expected_version: int | None) -> tuple[Case, M]:
    """Lock the case and the measure; refuse when someone else saved the measure since the caller read it."""
    case = lock_open_case(measure.case)
    locked = lock_version(
        type(measure).objects.filter(case_id=case.pk),
        measure.pk,
        expected_version,
        not_found=_NOT_FOUND[type(measure)],
        stale=STALE,
    )
    return case, locked


def _save(measure: M, *, created: bool = False) -> None:
    save_versioned(measure, created=created, exclude=["case", "imposed_by", "proposed_by", "approved_by"])


def _active(model: type[M], case: Case) -> M | None:
    return model.objects.filter(case_id=case.pk, ends_on__isnull=True).first()


def _end_refusals(measure: ReportingDuty | VblPlacement, *, ends_on: dt.date, reason: str) -> dict[str, str]:
    refusals = choice("end_reason", reason, MeasureEndReason)
    problem = domain.date_refusal(ends_on, today=clock.today(), not_before=measure.starts_on)
    if problem:
        refusals["ends_on"] = problem
    return refusals


def _not_ended(measure: ReportingDuty | VblPlacement | Detention, message: str) -> None:
    if measure.ends_on is not None:
        raise IllegalTransition(message, field="ends_on")


# --- reporting duty (art. 54 Vw) -----------------------------------------------------------------


def reporting_duty_impose(
    *, actor: Actor, case: Case, starts_on: dt.date, frequency: str, location: str
) -> ReportingDuty:
    """Impose a reporting duty from `starts_on` (may lie ahead, at most a year). One active duty per case:
    to change it, end it (reason 'replaced') and impose a new one."""
    user = may_work(actor, case)
    refusals = required_text(frequency=frequency, location=location)
    if starts_on > clock.today() + REPORTING_DUTY_MAX_LEAD:
        refusals["starts_on"] = "Een meldplicht kan hoogstens een jaar vooruit worden opgelegd."
    for name, message in domain.before_return_decision_refusal(
        starts_on=starts_on, return_decision_date=case.return_decision_date
    ).items():
        refusals.setdefault(name, message)
    refuse(refusals)
    with atomic():
        case = lock_open_case(case)
        if _active(ReportingDuty, case) is not None:
            raise IllegalTransition(
                "Er loopt al een meldplicht; beëindig die eerst (reden: vervangen door een andere maatregel).",
                field="starts_on",
            )
        duty = ReportingDuty(
            case=case, starts_on=starts_on, frequency=frequency.strip(), location=location.strip(), imposed_by=user
        )
        _save(duty, created=True)
        record_change(
            actor=actor,
            event_type=EventType.REPORTING_DUTY_IMPOSED,
            case=case,
            subject=duty,
            new={"starts_on": duty.starts_on, "frequency": duty.frequency, "location": duty.location},
        )
        return duty


def reporting_duty_end(
    *, actor: Actor, duty: ReportingDuty, ends_on: dt.date, end_reason: str, expected_version: int | None
) -> ReportingDuty:
    """End a reporting duty on `ends_on` (not in the future, not before its start) with a reason."""
    may_work(actor, duty.case)
    with atomic():
        case, duty = _lock(duty, expected_version)
        _not_ended(duty, "Deze meldplicht is al beëindigd.")
        refuse(_end_refusals(duty, ends_on=ends_on, reason=end_reason))
        duty.ends_on, duty.end_reason = ends_on, end_reason
        _save(duty)
        record_change(
            actor=actor,
            event_type=EventType.REPORTING_DUTY_ENDED,
            case=case,
            subject=duty,
            old={"ends_on": None, "end_reason": ""},
            new={"ends_on": duty.ends_on, "end_reason": duty.end_reason},
        )
        return duty


# --- freedom-restricting location (VBL, art. 56 Vw) ----------------------------------------------


def _vbl_entry_conditions(case: Case, on: dt.date) -> tuple[bool, bool]:
    """(an up-to-date departure plan on `on`, an LP request filed), as interviews and travel_documents define them."""
    from regie.interviews.selectors import departure_plan_current
    from regie.travel_documents.selectors import lp_request_filed

    return departure_plan_current(case, on=on), lp_request_filed(case)


def vbl_place(*, actor: Actor, case: Case, location: str, starts_on: dt.date) -> VblPlacement:
    """Place the person in a VBL from `starts_on`. Refused, naming `departure_plan` and/or `lp_request`,
    unless the departure plan is up to date and an LP request has been filed; refused during detention
    or while another VBL stay is running. The stay is to be reviewed after 12 weeks (deadline engine)."""
    may_work(actor, case)
    rules = rules_in_force()
    refusals = required_text(location=location)
    refusals.update(domain.vbl_start_refusals(starts_on=starts_on, today=clock.today(), rules=rules))
    for name, message in domain.before_return_decision_refusal(
        starts_on=starts_on, return_decision_date=case.return_decision_date
    ).items():
        refusals.setdefault(name, message)
    refuse(refusals)
    with atomic():
        case = lock_open_case(case)
        if _active(VblPlacement, case) is not None:
            raise IllegalTransition(
                "De vreemdeling verblijft al in een VBL; beëindig dat verblijf eerst.", field="starts_on"
            )
        if _active(Detention, case) is not None:
            raise IllegalTransition(
                "Tijdens bewaring kan geen verblijf in een VBL beginnen; beëindig eerst de bewaring.", field="starts_on"
            )
        plan_current, lp_filed = _vbl_entry_conditions(case, starts_on)
        refuse(domain.vbl_entry_refusals(plan_current, lp_filed))
        placement = VblPlacement(case=case, location=location.strip(), starts_on=starts_on, imposed_by=actor.user)
        _save(placement, created=True)
        record_change(
            actor=actor,
            event_type=EventType.VBL_PLACED,
            case=case,
            subject=placement,
            new={
                "location": placement.location,
                "starts_on": placement.starts_on,
                "departure_plan_current": plan_current,
                "lp_request_filed": lp_filed,
            },
        )
        return placement


def vbl_review(
    *, actor: Actor, placement: VblPlacement, reviewed_on: dt.date, review_note: str, expected_version: int | None
) -> VblPlacement:
    """Record that the stay was reviewed (on `reviewed_on`, with its outcome): the 12-week review deadline
    is then met and drops from the worklist. A later review replaces the earlier one (both stay audited)."""
    may_work(actor, placement.case)
    refuse(required_text(review_note=review_note))
    with atomic():
        case, placement = _lock(placement, expected_version)
        _not_ended(placement, "Dit verblijf in een VBL is al beëindigd.")
        problem = domain.date_refusal(
            reviewed_on,
            today=clock.today(),
            not_before=placement.starts_on,
            not_before_what="de start van het verblijf",
        )
        refuse({"reviewed_on": problem} if problem else {})
        old = {"reviewed_on": placement.reviewed_on, "review_note_length": len(placement.review_note)}
        placement.reviewed_on, placement.review_note = reviewed_on, review_note.strip()
        _save(placement)
        record_change(
            actor=actor,
            event_type=EventType.VBL_REVIEWED,
            case=case,
            subject=placement,
            old=old,
            new={"reviewed_on": placement.reviewed_on, "review_note_length": len(placement.review_note)},
        )
        return placement


def vbl_end(
    *, actor: Actor, placement: VblPlacement, ends_on: dt.date, end_reason: str, expected_version: int | None
) -> VblPlacement:
    """End the VBL stay with a reason. 'absconded' records that the person left for an unknown destination;
    closing the case (outcome: departure without supervision) is a separate step in departures."""
    may_work(actor, placement.case)
    with atomic():
        case, placement = _lock(placement, expected_version)
        _not_ended(placement, "Dit verblijf in een VBL is al beëindigd.")
        refuse(_end_refusals(placement, ends_on=ends_on, reason=end_reason))
        placement.ends_on, placement.end_reason = ends_on, end_reason
        _save(placement)
        record_change(
            actor=actor,
            event_type=EventType.VBL_ENDED,
            case=case,
            subject=placement,
            old={"ends_on": None, "end_reason": ""},
            new={"ends_on": placement.ends_on, "end_reason": placement.end_reason},
        )
        return placement


# --- immigration detention (art. 59 / 59a / 59b Vw) ----------------------------------------------


def _maximum(detention: Detention, rules: Sequence[Rule] | None = None) -> Deadline:
    return domain.detention_maximum(
        starts_on=detention.starts_on,
        family_or_minor=detention.family_or_minor,
        extended=detention.extended_on is not None,
        rules=rules if rules is not None else rules_in_force(),
    )


def detention_start(
    *,
    actor: Actor,
    case: Case,
    basis: str,
    place: str,
    grounds: str,
    starts_on: dt.date,
    family_or_minor: bool = False,
    proposed_by: User | None = None,
) -> Detention:
    """Start a detention: by a team lead of the case's team, who thereby approves the proposal of
    `proposed_by` (a case manager or team lead of the team; required, and not the lead: four eyes). One active
    detention per case. Refused when `starts_on` lies in the future or its maximum (6 months; 14 days
    for families and minors) has already passed. Whether the 14 days apply is derived from the dossier
    (`selectors.family_or_minor_reason`); `family_or_minor=True` can only make it stricter."""
    user = may_work(actor, case)
    require(
        user.role == Role.TEAM_LEAD,
        "Alleen een teamleider kan bewaring starten; de regievoerder stelt de bewaring voor.",
    )
    refusals = choice("basis", basis, DetentionBasis)
    refusals.update(required_text(place=place, grounds=grounds))
    if proposed_by is None:
        refusals["proposed_by"] = PROPOSER_REQUIRED
    elif proposed_by.pk == user.pk:
        refusals["proposed_by"] = PROPOSER_SELF
    elif not (
        proposed_by.is_active
        and proposed_by.role in (Role.CASE_MANAGER, Role.TEAM_LEAD)
        and permissions.can_work_on(proposed_by, case)
    ):
        refusals["proposed_by"] = PROPOSER_REFUSED
    for name, message in domain.before_return_decision_refusal(
        starts_on=starts_on, return_decision_date=case.return_decision_date, basis=basis
    ).items():
        refusals.setdefault(name, message)
    # The 14-day maximum follows from the dossier; the caller's flag can only make it stricter.
    derived = family_or_minor_reason(case, starts_on)
    family_or_minor = family_or_minor or derived is not None
    refusals.update(
        domain.detention_start_refusals(
            starts_on=starts_on, family_or_minor=family_or_minor, today=clock.today(), rules=rules_in_force()
        )
    )
    refuse(refusals)
    with atomic():
        case = lock_open_case(case)
        if _active(Detention, case) is not None:
            raise IllegalTransition("Er loopt al een bewaring in dit dossier.", field="starts_on")
        detention = Detention(
            case=case,
            basis=basis,
            place=place.strip(),
            grounds=grounds.strip(),
            starts_on=starts_on,
            family_or_minor=family_or_minor,
            proposed_by=proposed_by,
            approved_by=user,
        )
        _save(detention, created=True)
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_STARTED,
            case=case,
            subject=detention,
            new={
                "basis": detention.basis,
                "place": detention.place,
                "starts_on": detention.starts_on,
                "family_or_minor": detention.family_or_minor,
                "family_or_minor_basis": derived or ("stated" if detention.family_or_minor else ""),
                "grounds_length": len(detention.grounds),
                "proposed_by": detention.proposed_by_id,
                "approved_by": detention.approved_by_id,
                "maximum": _maximum(detention).due,
            },
        )
        return detention


def _detention_date(detention: Detention, name: str, value: dt.date) -> None:
    """A date in the life of a detention: from its start, not in the future, not after its end."""
    problem = domain.date_refusal(
        value, today=clock.today(), not_before=detention.starts_on, not_before_what="de start van de bewaring"
    )
    if problem is None and detention.ends_on is not None and value > detention.ends_on:
        problem = f"Deze datum ligt na het einde van de bewaring ({nl_date(detention.ends_on)})."
    refuse({name: problem} if problem else {})


def detention_record_appeal(
    *, actor: Actor, detention: Detention, appealed_on: dt.date, expected_version: int | None
) -> Detention:
    """Record that the person appealed the detention: the court then reviews it, and the duty to notify
    the court after 4 weeks (art. 94 Vw) lapses."""
    may_work(actor, detention.case)
    with atomic():
        case, detention = _lock(detention, expected_version)
        if detention.appealed_on is not None:
            raise IllegalTransition("Het beroep tegen deze bewaring is al vastgelegd.", field="appealed_on")
        _detention_date(detention, "appealed_on", appealed_on)
        detention.appealed_on = appealed_on
        _save(detention)
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_APPEAL_RECORDED,
            case=case,
            subject=detention,
            old={"appealed_on": None},
            new={"appealed_on": appealed_on},
        )
        return detention


def detention_court_notified(
    *, actor: Actor, detention: Detention, court_notified_on: dt.date, expected_version: int | None
) -> Detention:
    """Record that the court was notified of the detention (art. 94 Vw): the 4-week deadline is met."""
    may_work(actor, detention.case)
    with atomic():
        case, detention = _lock(detention, expected_version)
        if detention.court_notified_on is not None:
            raise IllegalTransition("Dat de rechter is geïnformeerd, is al vastgelegd.", field="court_notified_on")
        _detention_date(detention, "court_notified_on", court_notified_on)
        detention.court_notified_on = court_notified_on
        _save(detention)
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_COURT_NOTIFIED,
            case=case,
            subject=detention,
            old={"court_notified_on": None},
            new={"court_notified_on": court_notified_on},
        )
        return detention


def detention_extend(
    *,
    actor: Actor,
    detention: Detention,
    extended_on: dt.date,
    extension_reason: str,
    extension_grounds: str,
    expected_version: int | None,
) -> Detention:
    """Extend a running detention to the extended maximum (18 months), on recorded grounds and for a
    recorded reason (the person does not cooperate, or documents are awaited). Refused for families and
    unaccompanied minors, a second time, and once the maximum has passed (see domain)."""
    may_work(actor, detention.case)
    with atomic():
        case, detention = _lock(detention, expected_version)
        _not_ended(detention, "Deze bewaring is al beëindigd; verlengen kan niet meer.")
        rules = rules_in_force()
        refuse(
            domain.detention_extension_refusal(
                starts_on=detention.starts_on,
                family_or_minor=detention.family_or_minor,
                already_extended=detention.extended_on is not None,
                extended_on=extended_on,
                reason=extension_reason,
                grounds=extension_grounds,
                today=clock.today(),
                rules=rules,
            )
        )
        old_maximum = _maximum(detention, rules).due
        detention.extended_on = extended_on
        detention.extension_reason = extension_reason
        detention.extension_grounds = extension_grounds.strip()
        _save(detention)
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_EXTENDED,
            case=case,
            subject=detention,
            old={"extended_on": None, "maximum": old_maximum},
            new={
                "extended_on": extended_on,
                "extension_reason": extension_reason,
                "extension_grounds_length": len(detention.extension_grounds),
                "maximum": _maximum(detention, rules).due,
            },
        )
        return detention


def detention_end(
    *, actor: Actor, detention: Detention, ends_on: dt.date, end_reason: str, expected_version: int | None
) -> Detention:
    """End a detention on `ends_on` with a reason. Refused when `ends_on` lies after the detention's
    maximum: detention beyond its maximum is unlawful, and the message says the maximum date."""
    may_work(actor, detention.case)
    with atomic():
        case, detention = _lock(detention, expected_version)
        _not_ended(detention, "Deze bewaring is al beëindigd.")
        maximum = _maximum(detention)
        refusals = choice("end_reason", end_reason, DetentionEndReason)
        refusals.update(
            domain.detention_end_refusals(
                starts_on=detention.starts_on,
                ends_on=ends_on,
                maximum=maximum.due,
                maximum_explanation=maximum.explanation,
                today=clock.today(),
            )
        )
        for name in ("appealed_on", "court_notified_on", "extended_on"):
            recorded = getattr(detention, name)
            if "ends_on" not in refusals and recorded is not None and ends_on < recorded:
                refusals["ends_on"] = f"Deze datum ligt vóór een eerder vastgelegde datum ({nl_date(recorded)})."
        refuse(refusals)
        detention.ends_on, detention.end_reason = ends_on, end_reason
        _save(detention)
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_ENDED,
            case=case,
            subject=detention,
            old={"ends_on": None, "end_reason": ""},
            new={"ends_on": ends_on, "end_reason": end_reason},
        )
        return detention


def measures_end_on_departure(actor: Actor, case: Case, on: dt.date) -> list[str]:
    """End what still runs for a case whose person departed on `on` (reason: departed), each through
    its own service; registered with cases.registry as the effect of a confirmed departure.
    Returns the kinds ended; refuses (field `confirmed_on`) when one cannot end on that date."""
    running = running_measures(case)
    try:
        for duty in running.get("reporting_duty", []):
            reporting_duty_end(
                actor=actor, duty=duty, ends_on=on, end_reason=MeasureEndReason.DEPARTED, expected_version=None
            )
        for placement in running.get("vbl", []):
            vbl_end(
                actor=actor,
                placement=placement,
                ends_on=on,
                end_reason=MeasureEndReason.DEPARTED,
                expected_version=None,
            )
        for detention in running.get("detention", []):
            detention_end(
                actor=actor,
                detention=detention,
                ends_on=on,
                end_reason=DetentionEndReason.DEPARTED,
                expected_version=None,
            )
    except ValidationFailed as exc:
        reasons = " ".join(m for messages in exc.errors.values() for m in messages)
        raise ValidationFailed(
            {"confirmed_on": [f"Een lopende maatregel kan niet op deze datum eindigen: {reasons}"]}
        ) from None
    return list(running)


# --- detention proposals: the case manager proposes, another person (a team lead) decides -------------
PROPOSAL_PENDING = gettext_noop("Er ligt al een voorstel tot bewaring bij de teamleider.")
DETENTION_RUNNING = gettext_noop("Er loopt al een bewaring in dit dossier.")
PROPOSAL_FOUR_EYES = gettext_noop(
    "Vier ogen: wie de bewaring voorstelde, beslist er niet zelf over; een andere teamleider van het team beslist."
)
PROPOSAL_DECIDED = gettext_noop("Over dit voorstel is al beslist.")
PROPOSAL_REASON = gettext_noop(
    "Geef de reden van de afwijzing; die wordt aan de regievoerder en in het dossier getoond."
)


def detention_propose(
    *, actor: Actor, case: Case, basis: str, place: str, grounds: str, starts_on: dt.date
) -> DetentionProposal:
    """Propose a detention for the team lead's decision: by who may work on the case. The checks of
    `detention_start` that do not depend on the decision (basis, place, grounds, the return decision,
    the date) are made now, so the lead is not handed a proposal that cannot be approved."""
    user = may_work(actor, case)
    refusals = choice("basis", basis, DetentionBasis)
    refusals.update(required_text(place=place, grounds=grounds))
    for name, message in domain.before_return_decision_refusal(
        starts_on=starts_on, return_decision_date=case.return_decision_date, basis=basis
    ).items():
        refusals.setdefault(name, message)
    problem = domain.date_refusal(starts_on, today=clock.today())
    if problem:
        refusals["starts_on"] = problem
    refuse(refusals)
    with atomic():
        case = lock_open_case(case)
        if _active(Detention, case) is not None:
            raise IllegalTransition(DETENTION_RUNNING, field="starts_on")
        if DetentionProposal.objects.filter(case=case, status=ProposalStatus.PENDING).exists():
            raise IllegalTransition(PROPOSAL_PENDING, field="starts_on")
        proposal = DetentionProposal(
            case=case, basis=basis, place=place.strip(), grounds=grounds.strip(), starts_on=starts_on, proposed_by=user
        )
        save_versioned(proposal, created=True, exclude=["case", "proposed_by", "decided_by", "detention"])
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_PROPOSED,
            case=case,
            subject=proposal,
            new={
                "basis": basis,
                "place": proposal.place,
                "starts_on": starts_on,
                "grounds_length": len(proposal.grounds),
            },
            refresh_deadlines=False,
        )
    return proposal


def _decider(actor: Actor, proposal: DetentionProposal) -> User:
    user = may_work(actor, proposal.case)
    require(user.role == Role.TEAM_LEAD, "Alleen een teamleider beslist over een voorstel tot bewaring.")
    require(user.pk != proposal.proposed_by_id, PROPOSAL_FOUR_EYES)
    return user


def _lock_proposal(proposal: DetentionProposal, expected_version: int | None) -> DetentionProposal:
    locked = lock_version(
        DetentionProposal.objects.filter(case_id=proposal.case_id),
        proposal.pk,
        expected_version,
        not_found=gettext_noop("Voorstel tot bewaring niet gevonden."),
        stale=STALE,
    )
    if locked.status != ProposalStatus.PENDING:
        raise IllegalTransition(PROPOSAL_DECIDED, field="status")
    return locked


def detention_proposal_approve(
    *, actor: Actor, proposal: DetentionProposal, expected_version: int | None, starts_on: dt.date | None = None
) -> Detention:
    """A team lead of the case's team who did not propose it starts the detention from the proposal (on
    the proposed date, or `starts_on`): every check of `detention_start` applies."""
    user = _decider(actor, proposal)
    with atomic():
        proposal = _lock_proposal(proposal, expected_version)
        detention = detention_start(
            actor=actor,
            case=proposal.case,
            basis=proposal.basis,
            place=proposal.place,
            grounds=proposal.grounds,
            starts_on=starts_on or proposal.starts_on,
            proposed_by=proposal.proposed_by,
        )
        proposal.status, proposal.decided_by, proposal.decided_on = ProposalStatus.APPROVED, user, clock.today()
        proposal.detention = detention
        save_versioned(proposal, fields=["status", "decided_by", "decided_on", "detention"])
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_PROPOSAL_APPROVED,
            case=proposal.case,
            subject=proposal,
            old={"status": ProposalStatus.PENDING},
            new={"status": ProposalStatus.APPROVED, "detention": detention.pk},
            refresh_deadlines=False,
        )
    return detention


def detention_proposal_refuse(
    *, actor: Actor, proposal: DetentionProposal, expected_version: int | None, reason: str
) -> DetentionProposal:
    """A team lead of the case's team who did not propose it refuses the proposal, with a reason."""
    user = _decider(actor, proposal)
    reason = (reason or "").strip()
    refuse(None if reason else {"reason": PROPOSAL_REASON})
    with atomic():
        proposal = _lock_proposal(proposal, expected_version)
        proposal.status, proposal.decided_by, proposal.decided_on = ProposalStatus.REFUSED, user, clock.today()
        proposal.decision_reason = reason[:1000]
        save_versioned(proposal, fields=["status", "decided_by", "decided_on", "decision_reason"])
        record_change(
            actor=actor,
            event_type=EventType.DETENTION_PROPOSAL_REFUSED,
            case=proposal.case,
            subject=proposal,
            old={"status": ProposalStatus.PENDING},
            new={"status": ProposalStatus.REFUSED, "reason": proposal.decision_reason},
            refresh_deadlines=False,
        )
    return proposal
