"""Possible duplicates: flagged at intake, decided by a team lead of one of the persons' teams, once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.core.context import Actor
from regie.core.errors import IllegalTransition, PermissionDenied, ValidationFailed
from regie.people.models import DuplicateCandidate, Person
from regie.people.services import duplicate_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(make_case: Callable[..., Case]) -> DuplicateCandidate:
    make_case(v_number="4000000001")
    make_case(v_number="4000000002")  # same name, birth month and nationality: flagged, not merged
    found = DuplicateCandidate.objects.get()
    assert Person.objects.count() == 2
    return found


def test_a_team_lead_of_the_team_decides_once_and_it_is_audited(candidate: DuplicateCandidate, team_lead: User) -> None:
    decided = duplicate_resolve(actor=Actor(user=team_lead), candidate=candidate, status="different")
    assert decided.status == "different" and decided.decided_by == team_lead
    (event,) = AuditEvent.objects.filter(event_type=EventType.DUPLICATE_RESOLVED)
    assert event.old_values == {"status": "open"} and event.new_values == {"status": "different"}
    assert Person.objects.count() == 2  # never merged
    with pytest.raises(IllegalTransition):
        duplicate_resolve(actor=Actor(user=team_lead), candidate=candidate, status="same")


def test_others_may_not_decide(
    candidate: DuplicateCandidate, case_manager: User, make_user: Callable[..., Any], other_team: Any
) -> None:
    from regie.accounts.choices import Role

    other_lead = make_user(Role.TEAM_LEAD, other_team)
    for user in (case_manager, other_lead):
        with pytest.raises(PermissionDenied):
            duplicate_resolve(actor=Actor(user=user), candidate=candidate, status="same")
    assert DuplicateCandidate.objects.get().status == "open"
    assert not AuditEvent.objects.filter(event_type=EventType.DUPLICATE_RESOLVED).exists()


def test_only_same_or_different(candidate: DuplicateCandidate, team_lead: User) -> None:
    with pytest.raises(ValidationFailed) as refused:
        duplicate_resolve(actor=Actor(user=team_lead), candidate=candidate, status="merge")
    assert set(refused.value.errors) == {"status"}
