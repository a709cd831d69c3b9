"""Requests of data subjects: recorded, moved through their states with a version, a restriction shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.core.context import Actor
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.privacy.domain import response_due
from regie.privacy.models import SubjectRequest
from regie.privacy.services import subject_request_decide, subject_request_record

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC))]


def test_a_request_moves_received_in_handling_done_and_each_step_is_audited(
    make_case: Callable[..., Case], privacy_officer: User
) -> None:
    person = make_case().person
    actor = Actor(user=privacy_officer)
    request = subject_request_record(
        actor=actor,
        person=person,
        kind="rectification",
        received_on=dt.date(2026, 11, 2),
        description="Naam anders gespeld.",
    )
    assert request.status == "received" and request.respond_by == dt.date(2026, 12, 2)
    request = subject_request_decide(actor=actor, request_id=request.pk, status="in_handling", expected_version=1)
    with pytest.raises(ConcurrentEdit):
        subject_request_decide(actor=actor, request_id=request.pk, status="done", expected_version=1)
    request = subject_request_decide(actor=actor, request_id=request.pk, status="done", expected_version=2)
    assert (request.status, request.decided_on, request.handled_by) == ("done", dt.date(2026, 11, 28), privacy_officer)
    with pytest.raises(IllegalTransition):
        subject_request_decide(
            actor=actor, request_id=request.pk, status="refused", expected_version=3, decision_reason="x"
        )
    events = AuditEvent.objects.filter(subject_id=str(request.pk)).values_list("event_type", flat=True)
    assert list(events) == [EventType.SUBJECT_REQUEST_RECORDED] + [EventType.SUBJECT_REQUEST_DECIDED] * 2
    assert "Naam anders" not in str(list(AuditEvent.objects.values_list("new_values", flat=True)))


def test_a_refusal_needs_a_reason_and_only_the_privacy_officer_records_requests(
    make_case: Callable[..., Case], privacy_officer: User, case_manager: User
) -> None:
    person = make_case().person
    request = subject_request_record(
        actor=Actor(user=privacy_officer), person=person, kind="objection", received_on=dt.date(2026, 11, 27)
    )
    with pytest.raises(ValidationFailed) as refused:
        subject_request_decide(
            actor=Actor(user=privacy_officer), request_id=request.pk, status="refused", expected_version=1
        )
    assert "decision_reason" in refused.value.errors
    with pytest.raises(ValidationFailed) as future:
        subject_request_record(
            actor=Actor(user=privacy_officer), person=person, kind="access", received_on=dt.date(2026, 12, 1)
        )
    assert "received_on" in future.value.errors
    with pytest.raises(PermissionDenied):
        subject_request_record(
            actor=Actor(user=case_manager), person=person, kind="access", received_on=dt.date(2026, 11, 27)
        )


def test_a_granted_restriction_shows_in_the_dossier_summary(
    make_case: Callable[..., Case], privacy_officer: User, case_manager: User, web_as: Callable[[User], Client]
) -> None:
    case = make_case()
    url = f"/dossiers/{case.pk}/"
    assert "verwerking beperkt" not in web_as(case_manager).get(url).content.decode()
    actor = Actor(user=privacy_officer)
    request = subject_request_record(
        actor=actor, person=case.person, kind="restriction", received_on=dt.date(2026, 11, 20)
    )
    subject_request_decide(actor=actor, request_id=request.pk, status="done", expected_version=1)
    assert "verwerking beperkt" in web_as(case_manager).get(url).content.decode()


def test_the_requests_page_lists_open_requests_with_their_deadline_and_records_new_ones(
    make_case: Callable[..., Case], privacy_officer: User, web_as: Callable[[User], Client], case_manager: User
) -> None:
    person = make_case().person
    client = web_as(privacy_officer)
    response = client.post(
        "/privacy/verzoeken/nieuw/",
        {"v_number": person.v_number, "kind": "access", "received_on": "2026-11-03", "description": ""},
    )
    assert response.status_code == 302
    page = client.get("/privacy/verzoeken/").content.decode()
    assert "03-12-2026" in page and person.v_number in page
    request = SubjectRequest.objects.get()
    response = client.post(
        f"/privacy/verzoeken/{request.pk}/behandeling/", {"status": "refused", "decision_reason": "", "version": 1}
    )
    assert response.status_code == 400 and "Toelichting" in response.content.decode()
    response = client.post(
        f"/privacy/verzoeken/{request.pk}/behandeling/", {"status": "in_handling", "decision_reason": "", "version": 1}
    )
    assert response.status_code == 302
    assert SubjectRequest.objects.get().status == "in_handling"
    assert web_as(case_manager).get("/privacy/verzoeken/").status_code == 403
    assert web_as(case_manager).get(f"/privacy/verzoeken/{request.pk}/").status_code == 403


def test_the_answer_is_due_one_month_after_receipt() -> None:
    assert response_due(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)


def test_the_api_records_lists_and_moves_requests_for_the_privacy_officer_only(
    make_case: Callable[..., Case], privacy_officer: User, case_manager: User, api_as: Callable[..., object]
) -> None:
    from regie.testing.fixtures import assert_problem

    person = make_case().person
    api = api_as(privacy_officer)
    body = {"vNumber": person.v_number, "kind": "restriction", "receivedOn": "2026-11-20", "description": ""}
    created = api.post("/subject-requests", body)  # type: ignore[attr-defined]
    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["status"], item["respondBy"], item["version"]) == ("received", "2026-12-20", 1)
    listed = api.get("/subject-requests?status=received").json()  # type: ignore[attr-defined]
    assert [i["id"] for i in listed["items"]] == [item["id"]]
    moved = api.post(f"/subject-requests/{item['id']}/status-changes", {"status": "in_handling", "version": 1})  # type: ignore[attr-defined]
    assert moved.status_code == 200 and moved.json()["version"] == 2
    stale = api.post(f"/subject-requests/{item['id']}/status-changes", {"status": "done", "version": 1})  # type: ignore[attr-defined]
    assert_problem(stale, 409)
    refused = api.post(f"/subject-requests/{item['id']}/status-changes", {"status": "refused", "version": 2})  # type: ignore[attr-defined]
    assert "decisionReason" in str(assert_problem(refused, 400))
    assert_problem(api.post("/subject-requests", {**body, "vNumber": "9999999999"}), 404)  # type: ignore[attr-defined]
    other = api_as(case_manager)
    assert_problem(other.get("/subject-requests"), 403)  # type: ignore[attr-defined]
    assert_problem(other.post("/subject-requests", body), 403)  # type: ignore[attr-defined]
    assert_problem(other.get(f"/subject-requests/{item['id']}"), 403)  # type: ignore[attr-defined]
