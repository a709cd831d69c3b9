"""Ten simultaneous deliveries of one dossier: one opens the case (201), nine answer it as a repeat (200)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.api.tests.test_api import intake_body
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.people.models import Person
from regie.testing.concurrency import at_once
from regie.testing.fixtures import ApiClient

DELIVERIES = 10


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_identical_deliveries_give_one_201_and_nine_200(
    api_as: Callable[..., ApiClient], system_user: User
) -> None:
    client = api_as(system_user)
    assert client.get("/cases").status_code == 200  # the token's first use is recorded before the race
    body = intake_body()
    answers: list[tuple[int, dict[str, Any]]] = []

    def deliver(_: int) -> None:
        response = ApiClient(**client.headers).post("/cases", body)
        answers.append((response.status_code, json.loads(response.content)))

    failures = at_once(deliver, DELIVERIES)

    assert not failures, failures
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (DELIVERIES - 1) + [201], [a for a in answers if a[0] not in (200, 201)]
    (case,) = Case.objects.all()
    assert {answer["id"] for _, answer in answers} == {str(case.pk)}
    assert Person.objects.count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.CASE_OPENED).count() == 1
