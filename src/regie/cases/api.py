"""The cases API: thin endpoints over cases.services and cases.selectors.

Every response that shows a person's data writes access records (one per person), here for lists
and searches and inside `dossier_read` for the dossier.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Query, Router, Status

from regie.api import reads
from regie.api.auth import actor_for, caller
from regie.api.errors import api_field, problem
from regie.api.openapi import problems
from regie.api.schemas import paginate
from regie.audit.choices import AccessPurpose
from regie.core.errors import RegieError, ValidationFailed, validation_from_django
from regie.core.i18n import translate
from regie.people import services as people_services
from regie.people.models import Person

from . import selectors, services
from .batch import Outcome, case_intake_batch
from .choices import SpecialCircumstanceKind
from .schemas import (
    AppointmentIn,
    AppointmentOut,
    AssignmentIn,
    CaseBatchIn,
    CaseBatchOut,
    CaseBatchRowOut,
    CaseListItem,
    CaseListQuery,
    CaseOut,
    CasePage,
    CaseUpdateIn,
    CircumstanceDescriptionIn,
    CircumstanceOut,
    DossierOut,
    DuplicateCandidateOut,
    DuplicateResolutionIn,
    FamilyLinkIn,
    FamilyLinkOut,
    IntakeIn,
    IntakeOut,
    LanguageNeedIn,
    LanguageOut,
    MedicalBackgroundIn,
    MedicalBackgroundOut,
    NationalityEstablishmentIn,
    NoteIn,
    NoteOut,
    PersonCorrectionIn,
    PersonOut,
    PersonSearchIn,
    SearchHitOut,
    SearchOut,
    TimelineEventOut,
    TimelineOut,
    TransitionIn,
)

router = Router(tags=["cases"], by_alias=True)


@router.post(
    "/cases",
    response={200: IntakeOut, 201: IntakeOut},
    summary="Deliver a dossier (intake)",
    openapi_extra=problems(),
)
def case_deliver(request: HttpRequest, payload: IntakeIn) -> Status:
    """Open a case for a delivered dossier: 201 with the new case. Delivering the same
    (`source`, `sourceReference`) again changes nothing and answers 200 with the case opened the first time.
    For systems (role `system`), case managers and team leads. The answer holds no personal data."""
    result = services.case_intake(actor=actor_for(request), data=payload.to_intake())
    return Status(201 if result.created else 200, IntakeOut.from_result(result))


@router.post(
    "/case-batches",
    response={200: CaseBatchOut},
    summary="Deliver dossiers in a batch (intake)",
    openapi_extra=problems(),
)
def case_batch_deliver(request: HttpRequest, payload: CaseBatchIn) -> HttpResponse | CaseBatchOut:
    """Deliver up to `REGIE_CASE_BATCH_MAX` dossiers at once: each is checked and answered exactly as
    `POST /cases` would (`created`, `existing` for a repeat, `rejected` with its problems per field), in
    order, and the created ones are written in bulk. A refused dossier takes no other with it; sending the
    batch again opens nothing twice. Same callers as `POST /cases`. The answer holds no personal data."""
    limit = settings.REGIE_CASE_BATCH_MAX
    if len(payload.cases) > limit:
        return problem(
            request,
            status=413,
            title=gettext("Verzoek te groot"),
            detail=gettext(
                "cases: een batch heeft hoogstens %(max)s dossiers (REGIE_CASE_BATCH_MAX); deze heeft er %(n)s."
            )
            % {"max": limit, "n": len(payload.cases)},
            code="batch_too_large",
        )
    outcomes = case_intake_batch(actor=actor_for(request), items=[row.to_intake() for row in payload.cases])
    results = [
        CaseBatchRowOut.from_result(i, o)
        if isinstance(o, services.IntakeResult)
        else CaseBatchRowOut.rejected(i, _row_problems(o))
        for i, o in enumerate(outcomes)
    ]
    return CaseBatchOut(
        created=sum(r.status == "created" for r in results),
        existing=sum(r.status == "existing" for r in results),
        rejected=sum(r.status == "rejected" for r in results),
        results=results,
    )


def _row_problems(outcome: Outcome) -> list[tuple[str | None, str]]:
    """A refused dossier's problems as a problem response would name them (`invalidParams`)."""
    if isinstance(outcome, ValidationError):
        outcome = validation_from_django(outcome)
    if isinstance(outcome, ValidationFailed):
        return [(api_field(name), translate(m)) for name, messages in outcome.errors.items() for m in messages]
    if isinstance(outcome, RegieError):
        return [(api_field(outcome.field), translate(outcome.message))]
    return [(None, gettext("Dit dossier kon niet worden opgeslagen; stuur het opnieuw."))]


@router.get("/cases", response=CasePage, summary="List the caller's cases")
def case_list(request: HttpRequest, query: Query[CaseListQuery]) -> CasePage:
    """The open cases the caller may see (closed ones with `includeClosed`), nearest deadline first.
    Each listed person is recorded in the access log."""
    page, position = paginate(selectors.case_list(user=caller(request), filters=query.to_filters()), query)
    reads.record_api_reads(actor=actor_for(request), cases=page)
    user = caller(request)
    items = [CaseListItem.from_listed(c, medical_visible=selectors.next_deadline_visible(user, c)) for c in page]
    return CasePage(items=items, **position)


@router.get("/cases/{caseId}", response=DossierOut, summary="Read a dossier")
def case_detail(request: HttpRequest, caseId: uuid.UUID) -> DossierOut:
    """The dossier: person, facts, deadlines with their explanation, notes. Medical background and
    special circumstances only for the assigned case manager and the team lead (else null).
    The read is recorded in the access log."""
    dossier = selectors.dossier_read(actor=actor_for(request), case_id=caseId, purpose=AccessPurpose.API_READ)
    return DossierOut.from_dossier(dossier)


@router.patch("/cases/{caseId}", response=CaseOut, summary="Change the facts of a case", openapi_extra=problems(409))
def case_update(request: HttpRequest, caseId: uuid.UUID, payload: CaseUpdateIn) -> CaseOut:
    """Change editable facts; deadlines follow. Send the `version` you read: 409 if the case changed since."""
    actor = actor_for(request)
    case = selectors.case_get(user=caller(request), case_id=caseId)
    case = services.case_update(actor=actor, case=case, expected_version=payload.version, **payload.changes())
    return CaseOut.from_case(case)


@router.patch(
    "/cases/{caseId}/person",
    response=PersonOut,
    summary="Correct the person of a case",
    openapi_extra=problems(409),
)
def person_correct(request: HttpRequest, caseId: uuid.UUID, payload: PersonCorrectionIn) -> PersonOut:
    """Correct who the person is after intake: names, date of birth (as far as known), place of birth,
    sex. Send the person's `version` as read (409 if it changed since); each field is checked as at
    intake (400 naming it). A changed name keeps the earlier spelling as a variant; the deadlines follow.
    For those who may work on the case, while it is open. Recorded in the audit trail with old and new values."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    person = services.person_correct(
        actor=actor_for(request), case=case, expected_version=payload.version, **payload.changes()
    )
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return _person_out(person)


@router.post(
    "/cases/{caseId}/person/nationalities/{nationalityId}/establishment",
    response=PersonOut,
    summary="Establish a claimed nationality",
    openapi_extra=problems(409),
)
def nationality_establish(
    request: HttpRequest, caseId: uuid.UUID, nationalityId: uuid.UUID, payload: NationalityEstablishmentIn
) -> PersonOut:
    """A claimed nationality becomes established, with what established it and when (the no-fault permit
    asks for an established nationality). 409 when it is established already."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    services.nationality_establish(
        actor=actor_for(request), case=case, nationality_id=nationalityId, **payload.arguments()
    )
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return _person_out(case.person)


@router.put(
    "/cases/{caseId}/person/languages/{code}",
    response=LanguageOut,
    summary="Record a language of the person",
    openapi_extra=problems(409),
)
def language_put(request: HttpRequest, caseId: uuid.UUID, code: str, payload: LanguageNeedIn) -> LanguageOut:
    """A language the person speaks (ISO 639: `ti`, `ar`, `fa`), with whether an interpreter is needed:
    added, or its interpreter need changed (400 naming `code` for an unknown code)."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    language = services.language_set(actor=actor_for(request), case=case, code=code, **payload.arguments())
    return LanguageOut.of(language)


@router.delete(
    "/cases/{caseId}/person/languages/{code}",
    response={204: None},
    summary="Remove a language of the person",
    openapi_extra=problems(409),
)
def language_delete(request: HttpRequest, caseId: uuid.UUID, code: str) -> Status:
    """A language recorded by mistake; 404 when the person has no such language."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    services.language_remove(actor=actor_for(request), case=case, code=code)
    return Status(204, None)


@router.put(
    "/cases/{caseId}/special-circumstances/{kind}",
    response=CircumstanceOut,
    summary="Record a special circumstance",
    openapi_extra=problems(409),
)
def circumstance_put(
    request: HttpRequest, caseId: uuid.UUID, kind: SpecialCircumstanceKind, payload: CircumstanceDescriptionIn
) -> CircumstanceOut:
    """Special-category data: the assigned case manager and the team lead only (403 for others).
    Recorded, or its description replaced; audited without the text."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    circumstance = services.special_circumstance_record(
        actor=actor_for(request), case=case, kind=kind, **payload.arguments()
    )
    return CircumstanceOut.of(circumstance)


@router.delete(
    "/cases/{caseId}/special-circumstances/{kind}",
    response={204: None},
    summary="Remove a special circumstance",
    openapi_extra=problems(409),
)
def circumstance_delete(request: HttpRequest, caseId: uuid.UUID, kind: SpecialCircumstanceKind) -> Status:
    """Special-category data: the assigned case manager and the team lead only; the deadlines follow."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    services.special_circumstance_remove(actor=actor_for(request), case=case, kind=kind)
    return Status(204, None)


@router.put(
    "/cases/{caseId}/medical-background",
    response=MedicalBackgroundOut,
    summary="Replace the medical background",
    openapi_extra=problems(409),
)
def medical_background_put(
    request: HttpRequest, caseId: uuid.UUID, payload: MedicalBackgroundIn
) -> MedicalBackgroundOut:
    """Special-category data: the assigned case manager and the team lead only. Send the case's
    `version` as read (409 if it changed since). Audited (the timeline shows that, not what)."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    case = services.medical_background_update(actor=actor_for(request), case=case, **payload.arguments())
    reads.record_api_reads(actor=actor_for(request), cases=[case], special_categories=True)
    return MedicalBackgroundOut(medical_background=case.medical_background, version=case.version)


@router.post(
    "/cases/{caseId}/duplicate-candidates/{candidateId}/resolution",
    response=DuplicateCandidateOut,
    summary="Decide on a possible duplicate person",
    openapi_extra=problems(409),
)
def duplicate_resolution(
    request: HttpRequest, caseId: uuid.UUID, candidateId: uuid.UUID, payload: DuplicateResolutionIn
) -> DuplicateCandidateOut:
    """A team lead of a team with a case of either person decides whether the two records are the same
    person (403 for others); once (409 when decided). Nothing is merged: the decision is recorded."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    candidate = selectors.duplicate_candidate_get(case=case, candidate_id=candidateId)
    decided = people_services.duplicate_resolve(actor=actor_for(request), candidate=candidate, status=payload.status)
    return DuplicateCandidateOut.of(decided)


@router.post(
    "/cases/{caseId}/person/family-links",
    response={201: FamilyLinkOut},
    summary="Link the person to a relative",
    openapi_extra=problems(409),
)
def family_link_post(request: HttpRequest, caseId: uuid.UUID, payload: FamilyLinkIn) -> Status:
    """The relative is found by V-number among the persons of cases the caller may see (400 naming
    `relativeVNumber` otherwise, whether or not the number exists elsewhere). Made both ways; the
    deadlines follow (the detention maximum of a family)."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    link = services.family_link_add(actor=actor_for(request), case=case, **payload.arguments())
    return Status(201, FamilyLinkOut.of(link))


@router.delete(
    "/cases/{caseId}/person/family-links/{relativeId}",
    response={204: None},
    summary="Remove a family link",
    openapi_extra=problems(409),
)
def family_link_delete(request: HttpRequest, caseId: uuid.UUID, relativeId: uuid.UUID) -> Status:
    """Both ways; 404 when the person has no such link."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    services.family_link_remove(actor=actor_for(request), case=case, relative_id=relativeId)
    return Status(204, None)


def _person_out(person: Person) -> PersonOut:
    return PersonOut.from_person(
        person,
        names=person.names.order_by("kind", "family_name"),
        nationalities=person.nationalities.order_by("-status", "country"),
        languages=person.languages.order_by("code"),
    )


@router.get("/cases/{caseId}/timeline", response=TimelineOut, summary="Read what happened to a case")
def case_timeline(request: HttpRequest, caseId: uuid.UUID) -> TimelineOut:
    """Events of the case and its person, newest first: type, when, who, channel, changed fields and
    their values (protected values only as a marker). Recorded in the access log."""
    user = caller(request)
    case = selectors.case_get(user=user, case_id=caseId)
    events, special = reads.timeline_for(user=user, case=case)
    reads.record_api_reads(actor=actor_for(request), cases=[case], special_categories=special)
    hidden = frozenset() if special else reads.SPECIAL_CATEGORY_FIELDS
    return TimelineOut(items=[TimelineEventOut.from_event(e, hidden_fields=hidden) for e in events])


@router.post(
    "/cases/{caseId}/assignment",
    response=CaseOut,
    summary="Assign a case to a team and case manager",
    openapi_extra=problems(409),
)
def case_assignment(request: HttpRequest, caseId: uuid.UUID, payload: AssignmentIn) -> CaseOut:
    """Team leads only. `assignedTo` null leaves the case with the team, unassigned."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    team, assignee = reads.team_by_id(payload.team_id), reads.assignee_by_id(payload.assigned_to)
    case = services.case_assign(
        actor=actor_for(request), case=case, team=team, assigned_to=assignee, expected_version=payload.version
    )
    return CaseOut.from_case(case)


@router.post(
    "/cases/{caseId}/phase-transitions",
    response=CaseOut,
    summary="Move a case to another phase",
    openapi_extra=problems(409),
)
def case_phase_transition(request: HttpRequest, caseId: uuid.UUID, payload: TransitionIn) -> CaseOut:
    """Follow the phase machine: on hold needs `holdReason`. A move the machine does not allow answers 409
    naming the field. Closing is not done here (409 naming the ways): a departure closes the case when it
    is confirmed (`POST /cases/{caseId}/departures/{departureId}/confirmation`), every other outcome
    through `POST /cases/{caseId}/closure-without-departure`, where its conditions are checked."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    case = services.case_transition(
        actor=actor_for(request),
        case=case,
        **payload.arguments(hold_reason=payload.hold_reason or "", outcome=payload.outcome or ""),
    )
    return CaseOut.from_case(case)


@router.post("/cases/{caseId}/notes", response={201: NoteOut}, summary="Add a note to a case")
def case_note_add(request: HttpRequest, caseId: uuid.UUID, payload: NoteIn) -> Status:
    """A free-text note by the caller, for case managers and team leads of the case's team."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    note = services.case_note_add(actor=actor_for(request), case=case, text=payload.text)
    return Status(201, NoteOut.from_note(note))


@router.post(
    "/cases/{caseId}/appointments",
    response={201: AppointmentOut},
    summary="Plan an appointment (the embassy, the court)",
    openapi_extra=problems(409),
)
def appointment_plan(request: HttpRequest, caseId: uuid.UUID, payload: AppointmentIn) -> Status:
    """For who may work on the case; it appears in the agenda of the case manager and the team."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    appointment = services.appointment_plan(actor=actor_for(request), case=case, **payload.arguments())
    return Status(201, AppointmentOut.of(appointment))


@router.post(
    "/cases/{caseId}/appointments/{appointmentId}/cancellation",
    response=AppointmentOut,
    summary="Cancel an appointment",
    openapi_extra=problems(409),
)
def appointment_cancel(request: HttpRequest, caseId: uuid.UUID, appointmentId: uuid.UUID) -> AppointmentOut:
    """It stays on the trail; a cancelled or unknown appointment is 404."""
    case = selectors.case_get(user=caller(request), case_id=caseId)
    return AppointmentOut.of(
        services.appointment_cancel(actor=actor_for(request), case=case, appointment_id=appointmentId)
    )


@router.post(
    "/persons/search", response=SearchOut, summary="Find a case by V-number, case number or name", tags=["persons"]
)
def person_search(request: HttpRequest, payload: PersonSearchIn) -> SearchOut:
    """A POST so the V-number or name never appears in a URL or access log of a proxy. Searches the
    caller's visible cases; each person found is recorded in the access log."""
    hits = selectors.person_search(user=caller(request), **payload.arguments())
    reads.record_api_reads(actor=actor_for(request), cases=[h.case for h in hits])
    return SearchOut(items=[SearchHitOut.from_hit(h) for h in hits])
