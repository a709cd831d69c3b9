"""POST /api/v1/case-batches: each dossier answered as POST /cases would, in order, written in bulk."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.api.tests.test_api import intake_body
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.audit.services import audit_verify
from regie.cases.models import Case
from regie.people.models import DuplicateCandidate, Person
from regie.testing.fixtures import ApiClient, assert_problem

pytestmark = pytest.mark.django_db


# Names that fold apart (the fold drops digits).
NAMES = [
    f"Batch{letters}" for letters in ("aa", "ab", "ac", "ad", "ae", "af", "ag", "ah", "ai", "aj", "ak", "al", "am")
]


def row(n: int, **overrides: Any) -> dict[str, Any]:
    return intake_body(
        **{
            "vNumber": f"30000000{n:02d}",
            "sourceReference": f"IND-BATCH-{n}",
            "familyName": NAMES[n],
            "otherNames": [],
            **overrides,
        }
    )


def post(client: ApiClient, rows: list[dict[str, Any]]) -> Any:
    return client.post("/case-batches", {"cases": rows})


def test_a_mixed_batch_answers_each_dossier_as_a_single_intake_would(
    api_as: Callable[..., ApiClient], system_user: User
) -> None:
    client = api_as(system_user)
    earlier = client.post("/cases", row(1))
    assert earlier.status_code == 201
    earlier_id = json.loads(earlier.content)["id"]
    # Same name, birth date and nationality as row 1 under another V-number: flagged, not merged.
    twin = row(4, familyName=NAMES[1])
    rows = [row(2), row(1), row(3, returnDecisionDate="2999-01-01"), twin]

    response = post(client, rows)

    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert (body["created"], body["existing"], body["rejected"]) == (2, 1, 1)
    results = body["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["status"] for r in results] == ["created", "existing", "rejected", "created"]
    assert results[1]["caseId"] == earlier_id and results[1]["personCreated"] is False
    assert results[0]["caseNumber"].startswith("RG-") and results[0]["problems"] == []
    assert results[2]["caseId"] is None
    assert [p["name"] for p in results[2]["problems"]] == ["returnDecisionDate"]
    assert results[3]["possibleDuplicates"] == 1
    twin_case = Case.objects.get(pk=results[3]["caseId"])
    assert DuplicateCandidate.objects.filter(person=twin_case.person).count() == 1
    assert not Case.objects.filter(source_reference="IND-BATCH-3").exists()
    assert audit_verify() == AuditEvent.objects.count()
    opened = AuditEvent.objects.filter(event_type=EventType.CASE_OPENED).order_by("id")
    assert [e.new_values["number"] for e in opened] == [
        Case.objects.get(pk=earlier_id).number,
        results[0]["caseNumber"],
        results[3]["caseNumber"],
    ]
    assert all(e.channel == "api" for e in opened)


def test_sending_the_batch_again_opens_nothing_twice(api_as: Callable[..., ApiClient], system_user: User) -> None:
    client = api_as(system_user)
    rows = [row(5), row(6), row(7, vNumber="123")]
    first = post(client, rows)
    assert first.status_code == 400  # the shape of a row does not fit the document: the batch is refused
    assert_problem(first, 400)
    rows[2] = row(7, departureTermDays=10)  # fits the document; a rule refuses it (a shorter term needs a reason)
    first = json.loads(post(client, rows).content)
    records = AuditEvent.objects.count()
    again = json.loads(post(client, rows).content)
    assert [r["status"] for r in first["results"]] == ["created", "created", "rejected"]
    assert [r["status"] for r in again["results"]] == ["existing", "existing", "rejected"]
    assert [r["caseId"] for r in again["results"]] == [r["caseId"] for r in first["results"]]
    assert first["results"][2]["problems"] == again["results"][2]["problems"]
    assert "departureTermReason" in {p["name"] for p in again["results"][2]["problems"]}
    assert Case.objects.count() == 2 and Person.objects.count() == 2
    assert AuditEvent.objects.count() == records
    assert audit_verify() == records


def test_more_than_the_limit_answers_413_naming_it(
    api_as: Callable[..., ApiClient], system_user: User, settings: Any
) -> None:
    settings.REGIE_CASE_BATCH_MAX = 2
    response = post(api_as(system_user), [row(8), row(9), row(10)])
    problem = assert_problem(response, 413)
    assert "REGIE_CASE_BATCH_MAX" in problem["detail"] and " 2 " in problem["detail"]
    assert not Case.objects.exists()
    assert post(api_as(system_user), [row(8), row(9)]).status_code == 200


def test_the_same_callers_as_a_single_intake(
    api_as: Callable[..., ApiClient], analyst: User, case_manager: User
) -> None:
    assert_problem(post(api_as(analyst), [row(11)]), 403)
    assert api_as(analyst).post("/cases", row(11)).status_code == 403
    response = post(api_as(case_manager), [row(12)])
    assert response.status_code == 200 and json.loads(response.content)["created"] == 1
    assert_problem(post(api_as(case_manager), []), 400)
