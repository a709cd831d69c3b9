"""Travel-document services and selectors: each asserts its audit record; each refusal names its field."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.intake import IntakeData
from regie.cases.models import Case
from regie.cases.services import case_intake
from regie.core.context import Actor, Channel
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.deadlines.models import CaseDeadline
from regie.travel_documents import selectors
from regie.travel_documents.choices import DocumentKind, LpOutcome, LpStatus
from regie.travel_documents.models import CountryRequirement, IdentityDocument, LpRequest
from regie.travel_documents.services import (
    country_requirement_save,
    document_record,
    lp_request_close,
    lp_request_prepare,
    lp_request_present,
    lp_request_refuse_signing,
    lp_request_send,
    lp_request_sign,
)

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(NOW)]

TODAY = NOW.date()
NUMBER = "P9876543"


def events(event_type: str, **filters: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters))


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager` (shared `make_case`)."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


@pytest.fixture
def actor(case_manager: User) -> Actor:
    return Actor(user=case_manager, channel=Channel.WEB)


def _sent(actor: Actor, case: Case, sent_on: dt.date = dt.date(2026, 2, 2)) -> LpRequest:
    lp = lp_request_prepare(actor=actor, case=case, country="dz", prepared_on=sent_on - dt.timedelta(days=7))
    lp = lp_request_sign(actor=actor, lp=lp, expected_version=1, signed_on=sent_on - dt.timedelta(days=5))
    return lp_request_send(actor=actor, lp=lp, expected_version=2, sent_on=sent_on)


# --- documents -----------------------------------------------------------------------------------


def test_document_record_is_audited_without_the_number(case: Case, actor: Actor) -> None:
    document = document_record(
        actor=actor,
        case=case,
        kind=DocumentKind.PASSPORT,
        issuing_country="sy",
        number=f" {NUMBER} ",
        valid_until=dt.date(2021, 3, 1),
        note="Kopie in dossier",
    )
    assert document.person_id == case.person_id and document.number == NUMBER and document.issuing_country == "SY"
    (event,) = events(EventType.DOCUMENT_RECORDED, case_id=case.pk)
    assert event.person_id == case.person_id and event.actor == actor.user
    assert event.new_values == {
        "kind": "passport",
        "number": "[beschermd]",
        "issuing_country": "SY",
        "valid_until": "2021-03-01",
        "held_by_service": False,
        "note": "[beschermd]",
    }
    assert NUMBER not in json.dumps([event.new_values, event.old_values])


def test_document_refusals_name_the_field_and_never_the_number(case: Case, actor: Actor) -> None:
    with pytest.raises(ValidationFailed) as failed:
        document_record(actor=actor, case=case, kind="visa", issuing_country="ZZ", number="X" * 41)
    assert set(failed.value.errors) == {"kind", "issuing_country", "number"}
    assert "X" * 41 not in failed.value.message
    with pytest.raises(ValidationFailed) as validity:
        document_record(actor=actor, case=case, kind=DocumentKind.PASSPORT, issuing_country="SY", number=NUMBER)
    assert set(validity.value.errors) == {"valid_until"} and NUMBER not in validity.value.message
    assert not IdentityDocument.objects.exists()


def test_valid_travel_document_on(case: Case, actor: Actor) -> None:
    person = case.person
    assert selectors.valid_travel_document_on(person=person, on=TODAY) is None
    document_record(
        actor=actor, case=case, kind=DocumentKind.PASSPORT, issuing_country="SY", valid_until=dt.date(2026, 1, 1)
    )
    document_record(
        actor=actor, case=case, kind=DocumentKind.ID_CARD, issuing_country="SY", valid_until=dt.date(2030, 1, 1)
    )
    assert selectors.valid_travel_document_on(person=person, on=TODAY) is None  # expired passport, ID card only
    lp = document_record(
        actor=actor, case=case, kind=DocumentKind.LAISSEZ_PASSER, issuing_country="SY", valid_until=dt.date(2026, 6, 1)
    )
    assert selectors.valid_travel_document_on(person=person, on=TODAY) == lp
    assert selectors.valid_travel_document_on(person=person, on=dt.date(2026, 6, 2)) is None


def test_documents_only_for_who_may_see_the_case(case: Case, actor: Actor, other_case_manager: User) -> None:
    document_record(actor=actor, case=case, kind=DocumentKind.BIRTH_CERTIFICATE, issuing_country="SY")
    assert selectors.documents_for(user=actor.user, case=case).count() == 1  # type: ignore[arg-type]
    assert not selectors.documents_for(user=other_case_manager, case=case).exists()
    with pytest.raises(PermissionDenied):
        document_record(actor=Actor(user=other_case_manager), case=case, kind="other", issuing_country="SY")


# --- country requirements ------------------------------------------------------------------------


def test_country_requirement_save_creates_then_updates_with_version(
    team_lead: User, administrator: User, case_manager: User
) -> None:
    created = country_requirement_save(
        actor=Actor(user=team_lead),
        country="dz",
        expected_version=None,
        forms="Formulier A, ingevuld in het Frans",
        photos=4,
        presentation_in_person=True,
        typical_response_days=90,
        embassy_name="Ambassade van Algerije, Den Haag",
    )
    assert created.country == "DZ" and created.version == 1
    (first,) = events(EventType.COUNTRY_REQUIREMENT_SAVED)
    assert first.case_id is None and first.person_id is None
    assert first.new_values["country"] == "DZ" and first.new_values["photos"] == 4
    updated = country_requirement_save(actor=Actor(user=administrator), country="DZ", expected_version=1, photos=2)
    assert updated.version == 2 and updated.photos == 2 and updated.forms.startswith("Formulier A")
    second = events(EventType.COUNTRY_REQUIREMENT_SAVED)[1]
    assert second.old_values == {"photos": 4} and second.new_values == {"photos": 2}
    with pytest.raises(ConcurrentEdit) as stale:
        country_requirement_save(actor=Actor(user=team_lead), country="DZ", expected_version=1, photos=6)
    assert stale.value.field == "version"
    with pytest.raises(PermissionDenied):
        country_requirement_save(actor=Actor(user=case_manager), country="DZ", expected_version=2, photos=6)
    assert CountryRequirement.objects.get().photos == 2


def test_country_requirement_refusals_name_the_field(team_lead: User) -> None:
    with pytest.raises(ValidationFailed) as country:
        country_requirement_save(actor=Actor(user=team_lead), country="XX", expected_version=None)
    assert set(country.value.errors) == {"country"}
    with pytest.raises(ValidationFailed) as unknown:
        country_requirement_save(actor=Actor(user=team_lead), country="MA", expected_version=None, version=3)
    assert set(unknown.value.errors) == {"version"}
    with pytest.raises(ValidationFailed) as long_name:
        country_requirement_save(
            actor=Actor(user=team_lead), country="MA", expected_version=None, embassy_name="x" * 201
        )
    assert set(long_name.value.errors) == {"embassy_name"}
    assert not CountryRequirement.objects.exists()


def test_country_requirements_are_read_by_case_workers_not_partners(
    team_lead: User, case_manager: User, partner: User, analyst: User
) -> None:
    country_requirement_save(actor=Actor(user=team_lead), country="MA", expected_version=None, photos=2)
    assert selectors.country_requirement_list(user=case_manager).count() == 1
    assert selectors.country_requirement_get(user=case_manager, country="ma").photos == 2
    assert not selectors.country_requirement_list(user=partner).exists()
    assert not selectors.country_requirement_list(user=analyst).exists()


# --- LP requests ---------------------------------------------------------------------------------


def test_lp_request_life_cycle_is_audited_step_by_step(case: Case, actor: Actor) -> None:
    lp = lp_request_prepare(
        actor=actor,
        case=case,
        country="dz",
        prepared_on=dt.date(2026, 1, 26),
        reference="LP-2026-001",
        note="Tolk Arabisch",
    )
    assert lp.status == LpStatus.PREPARED and lp.country == "DZ" and lp.version == 1
    (prepared,) = events(EventType.LP_REQUEST_PREPARED, case_id=case.pk)
    assert prepared.new_values == {
        "country": "DZ",
        "status": "prepared",
        "prepared_on": "2026-01-26",
        "reference": "LP-2026-001",
        "note": "[beschermd]",
    }
    lp = lp_request_sign(actor=actor, lp=lp, expected_version=1, signed_on=dt.date(2026, 1, 28))
    (signed,) = events(EventType.LP_REQUEST_SIGNED, case_id=case.pk)
    assert signed.old_values == {"status": "prepared", "signed_on": None}
    assert signed.new_values == {"status": "signed", "signed_on": "2026-01-28"}

    lp = lp_request_send(actor=actor, lp=lp, expected_version=2, sent_on=dt.date(2026, 2, 2))
    (sent,) = events(EventType.LP_REQUEST_SENT, case_id=case.pk)
    assert sent.new_values == {"status": "sent", "sent_on": "2026-02-02"}
    deadline = CaseDeadline.objects.get(case=case, code="lp_withdrawal_decision")
    assert deadline.due == dt.date(2027, 2, 2) and deadline.source_id == str(lp.pk)
    assert selectors.lp_request_filed(case)

    lp = lp_request_present(actor=actor, lp=lp, expected_version=3, presented_on=dt.date(2026, 3, 10))
    (presented,) = events(EventType.LP_REQUEST_PRESENTED, case_id=case.pk)
    assert presented.new_values == {"status": "presented", "presented_on": "2026-03-10"}

    lp = lp_request_close(
        actor=actor,
        lp=lp,
        expected_version=4,
        outcome=LpOutcome.ISSUED,
        outcome_on=dt.date(2026, 4, 20),
        lp_valid_until=dt.date(2026, 7, 20),
        document_number=NUMBER,
    )
    assert lp.status == LpStatus.CLOSED and lp.version == 5
    (closed,) = events(EventType.LP_REQUEST_CLOSED, case_id=case.pk)
    assert closed.new_values == {
        "status": "closed",
        "outcome": "issued",
        "outcome_on": "2026-04-20",
        "lp_valid_until": "2026-07-20",
    }
    # The issued LP is a travel document of the person now, and the decision deadline is gone.
    document = IdentityDocument.objects.get(person=case.person)
    assert document.kind == DocumentKind.LAISSEZ_PASSER and document.issuing_country == "DZ"
    assert document.valid_until == dt.date(2026, 7, 20) and document.number == NUMBER and document.held_by_service
    (recorded,) = events(EventType.DOCUMENT_RECORDED, case_id=case.pk)
    assert recorded.new_values["number"] == "[beschermd]"
    assert selectors.valid_travel_document_on(person=case.person, on=TODAY) == document
    assert not CaseDeadline.objects.filter(case=case, code="lp_withdrawal_decision").exists()
    assert selectors.lp_request_filed(case)
    assert NUMBER not in json.dumps(list(AuditEvent.objects.values_list("new_values", flat=True)))


def test_refusal_to_sign_is_recorded_and_the_request_still_goes_out(case: Case, actor: Actor) -> None:
    lp = lp_request_prepare(actor=actor, case=case, country="MA", prepared_on=dt.date(2026, 4, 1))
    assert not selectors.lp_request_filed(case)
    lp = lp_request_refuse_signing(
        actor=actor, lp=lp, expected_version=1, signing_refused_on=dt.date(2026, 4, 2), note="Weigert na uitleg"
    )
    assert lp.status == LpStatus.SIGNING_REFUSED and lp.note == "Weigert na uitleg"
    (refused,) = events(EventType.LP_REQUEST_SIGNING_REFUSED, case_id=case.pk)
    assert refused.new_values == {
        "status": "signing_refused",
        "signing_refused_on": "2026-04-02",
        "note": "[beschermd]",
    }
    lp = lp_request_send(actor=actor, lp=lp, expected_version=2)
    assert lp.sent_on == TODAY and selectors.lp_request_filed(case)


def test_illegal_steps_are_refused_naming_status(case: Case, actor: Actor) -> None:
    lp = lp_request_prepare(actor=actor, case=case, country="MA")
    with pytest.raises(IllegalTransition) as unsigned:
        lp_request_send(actor=actor, lp=lp, expected_version=1)
    assert unsigned.value.field == "status"
    with pytest.raises(IllegalTransition) as not_sent:
        lp_request_present(actor=actor, lp=lp, expected_version=1)
    assert not_sent.value.field == "status"
    with pytest.raises(ValidationFailed) as answer_unsent:
        lp_request_close(actor=actor, lp=lp, expected_version=1, outcome=LpOutcome.NOT_RECOGNISED)
    assert set(answer_unsent.value.errors) == {"outcome"}
    with pytest.raises(ValidationFailed) as future:
        lp_request_sign(actor=actor, lp=lp, expected_version=1, signed_on=TODAY + dt.timedelta(days=1))
    assert set(future.value.errors) == {"signed_on"}
    lp = lp_request_close(actor=actor, lp=lp, expected_version=1, outcome=LpOutcome.WITHDRAWN)
    with pytest.raises(IllegalTransition) as closed:
        lp_request_sign(actor=actor, lp=lp, expected_version=2)
    assert closed.value.field == "status"
    assert LpRequest.objects.get().status == LpStatus.CLOSED
    assert len(events(EventType.LP_REQUEST_SIGNED)) == 0 and len(events(EventType.LP_REQUEST_CLOSED)) == 1


def test_issued_without_validity_is_refused_naming_lp_valid_until(case: Case, actor: Actor) -> None:
    lp = _sent(actor, case)
    with pytest.raises(ValidationFailed) as failed:
        lp_request_close(actor=actor, lp=lp, expected_version=3, outcome=LpOutcome.ISSUED, document_number=NUMBER)
    assert set(failed.value.errors) == {"lp_valid_until"} and NUMBER not in failed.value.message
    with pytest.raises(ValidationFailed) as stray_number:
        lp_request_close(
            actor=actor, lp=lp, expected_version=3, outcome=LpOutcome.NOT_RECOGNISED, document_number=NUMBER
        )
    assert set(stray_number.value.errors) == {"document_number"} and NUMBER not in stray_number.value.message
    assert LpRequest.objects.get().status == LpStatus.SENT and not IdentityDocument.objects.exists()


def test_concurrent_steps_do_not_overwrite(case: Case, actor: Actor, team_lead: User) -> None:
    lp = lp_request_prepare(actor=actor, case=case, country="MA")
    lp_request_sign(actor=actor, lp=lp, expected_version=1)
    with pytest.raises(ConcurrentEdit) as conflict:
        lp_request_refuse_signing(actor=Actor(user=team_lead), lp=lp, expected_version=1)
    assert conflict.value.field == "version"
    assert LpRequest.objects.get().status == LpStatus.SIGNED


def test_one_open_request_per_country(case: Case, actor: Actor) -> None:
    lp = lp_request_prepare(actor=actor, case=case, country="MA")
    with pytest.raises(ValidationFailed) as twice:
        lp_request_prepare(actor=actor, case=case, country="MA")
    assert set(twice.value.errors) == {"country"}
    lp_request_prepare(actor=actor, case=case, country="DZ")
    lp_request_close(actor=actor, lp=lp, expected_version=1, outcome=LpOutcome.WITHDRAWN)
    lp_request_prepare(actor=actor, case=case, country="MA")
    with pytest.raises(ValidationFailed) as bad:
        lp_request_prepare(actor=actor, case=case, country="XX", prepared_on=TODAY + dt.timedelta(days=1))
    assert set(bad.value.errors) == {"country", "prepared_on"}


def test_lp_writes_need_the_case_team(case: Case, actor: Actor, other_case_manager: User, analyst: User) -> None:
    for user in (other_case_manager, analyst):
        with pytest.raises(PermissionDenied):
            lp_request_prepare(actor=Actor(user=user), case=case, country="MA")
    lp = lp_request_prepare(actor=actor, case=case, country="MA")
    with pytest.raises(PermissionDenied):
        lp_request_sign(actor=Actor(user=other_case_manager), lp=lp, expected_version=1)


def test_withdrawal_decision_point_in_the_dossier_section(case: Case, actor: Actor, team_lead: User) -> None:
    country_requirement_save(actor=Actor(user=team_lead), country="DZ", expected_version=None, photos=4)
    lp = _sent(actor, case, sent_on=dt.date(2025, 5, 2))
    section = selectors.travel_documents_dossier_section(user=actor.user, case=case)["travel_documents"]  # type: ignore[arg-type]
    (row,) = section.lp_requests
    assert row.lp == lp and row.decision_on == dt.date(2026, 5, 2) and row.decision_due
    assert row.actions == ["present", "close"] and row.requirement is not None and row.requirement.photos == 4
    assert CaseDeadline.objects.get(case=case, code="lp_withdrawal_decision").due == dt.date(2026, 5, 2)
    lp_request_close(actor=actor, lp=lp, expected_version=3, outcome=LpOutcome.WITHDRAWN)
    assert not selectors.lp_request_filed(case)
    (row,) = selectors.travel_documents_dossier_section(user=actor.user, case=case)["travel_documents"].lp_requests  # type: ignore[arg-type]
    assert not row.decision_due and row.actions == []


def test_lp_request_get_is_scoped_to_the_case_and_visibility(
    case: Case, actor: Actor, other_case_manager: User, make_intake: Callable[..., IntakeData]
) -> None:
    from regie.core.errors import NotFound

    lp = lp_request_prepare(actor=actor, case=case, country="MA")
    assert selectors.lp_request_get(user=actor.user, case=case, lp_request_id=lp.pk) == lp  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        selectors.lp_request_get(user=other_case_manager, case=case, lp_request_id=lp.pk)
    other = case_intake(actor=actor, data=make_intake(return_decision_date=dt.date(2026, 3, 2))).case
    with pytest.raises(NotFound):
        selectors.lp_request_get(user=actor.user, case=other, lp_request_id=lp.pk)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        selectors.lp_request_get(user=actor.user, case=case, lp_request_id="not-a-uuid")  # type: ignore[arg-type]


def test_border_handover_counts_for_removability(case: Case, actor: Actor) -> None:
    from regie.removability.selectors import removability_for

    lp = _sent(actor, case)
    assert not removability_for(case=case, on=TODAY).removable
    lp_request_close(actor=actor, lp=lp, expected_version=3, outcome=LpOutcome.BORDER_HANDOVER)
    assert selectors.border_handover_agreed(case) and not selectors.lp_request_filed(case)
    assert removability_for(case=case, on=TODAY).removable


def test_sending_needs_a_rule_for_the_decision_point(case: Case, actor: Actor) -> None:
    lp = lp_request_prepare(actor=actor, case=case, country="MA", prepared_on=dt.date(1999, 1, 4))
    lp = lp_request_sign(actor=actor, lp=lp, expected_version=1, signed_on=dt.date(1999, 1, 5))
    with pytest.raises(ValidationFailed) as failed:
        lp_request_send(actor=actor, lp=lp, expected_version=2, sent_on=dt.date(1999, 1, 6))
    assert set(failed.value.errors) == {"sent_on"}
    assert LpRequest.objects.get().status == LpStatus.SIGNED
