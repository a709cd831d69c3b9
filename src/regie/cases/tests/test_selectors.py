"""Each role sees exactly what it may: checked on lists, not only on detail pages."""

from __future__ import annotations

import datetime as dt

import pytest

from regie.audit.models import AccessRecord
from regie.cases.choices import Outcome, Phase
from regie.cases.models import Case
from regie.cases.selectors import CaseFilters, case_get, case_list, case_timeline, dossier_read, person_search
from regie.cases.services import case_assign, case_intake
from regie.core.context import Actor
from regie.core.errors import NotFound
from regie.people.models import Person
from regie.testing.fixtures import closed_case

# The caseload order depends on the day (a departure term that has passed is no longer a task).
pytestmark = pytest.mark.frozen_at(dt.datetime(2026, 11, 28, 10, 0))


@pytest.fixture
def world(case_manager, other_case_manager, team_lead, team, other_team, make_user, make_intake):
    """Two teams' cases, one unassigned intake without a team, one closed case."""
    other_lead = make_user("team_lead", other_team)
    mine = case_intake(
        actor=Actor(user=case_manager), data=make_intake(return_decision_date=dt.date(2026, 11, 15))
    ).case
    mine = case_assign(actor=Actor(user=team_lead), case=mine, team=team, assigned_to=case_manager, expected_version=1)
    colleague = case_intake(
        actor=Actor(user=case_manager),
        data=make_intake(return_decision_date=dt.date(2026, 11, 1), family_name="Benali", given_names="Youssef"),
    ).case
    theirs = case_intake(actor=Actor(user=other_case_manager), data=make_intake(family_name="Okafor")).case
    loose = case_intake(actor=Actor(user=None), data=make_intake(family_name="Tesfaye", return_decision_date=None)).case
    closed = case_intake(actor=Actor(user=other_lead), data=make_intake(team_id=str(other_team.pk))).case
    closed = case_assign(
        actor=Actor(user=other_lead), case=closed, team=other_team, assigned_to=other_lead, expected_version=1
    )
    closed_case(closed, Outcome.DUBLIN, other_lead)
    return {
        "mine": mine,
        "colleague": colleague,
        "theirs": theirs,
        "loose": loose,
        "closed": closed,
        "other_lead": other_lead,
    }


def numbers(qs) -> set[str]:
    return {c.number for c in qs}


def test_case_manager_sees_own_team_sorted_by_deadline(world, case_manager) -> None:
    listed = list(case_list(user=case_manager))
    assert [c.number for c in listed] == [world["colleague"].number, world["mine"].number]
    assert numbers(case_list(user=case_manager, filters=CaseFilters(assigned_to_me=True))) == {world["mine"].number}
    assert numbers(case_list(user=case_manager, filters=CaseFilters(unassigned=True))) == {world["colleague"].number}


def test_team_lead_sees_team_and_unassigned_intake(world, team_lead) -> None:
    listed = list(case_list(user=team_lead))
    assert numbers(listed) == {world["mine"].number, world["colleague"].number, world["loose"].number}
    assert listed[-1] == world["loose"]  # no deadline sorts last


def test_closed_cases_only_on_request(world) -> None:
    lead = world["other_lead"]
    assert numbers(case_list(user=lead)) == {world["theirs"].number, world["loose"].number}
    assert world["closed"].number in numbers(case_list(user=lead, filters=CaseFilters(include_closed=True)))
    assert numbers(case_list(user=lead, filters=CaseFilters(phase=Phase.CLOSED))) == {world["closed"].number}


@pytest.mark.parametrize("role", ["analyst", "privacy_officer", "administrator", "partner", "system_user"])
def test_other_roles_see_no_cases(world, role, request) -> None:
    user = request.getfixturevalue(role)
    assert not case_list(user=user).exists()
    assert person_search(user=user, query="Haddad") == []
    with pytest.raises(NotFound):
        case_get(user=user, case_id=world["mine"].pk)


def test_inactive_user_sees_nothing(world, case_manager) -> None:
    case_manager.is_active = False
    assert not case_list(user=case_manager).exists()


def test_other_team_gets_not_found(world, other_case_manager) -> None:
    with pytest.raises(NotFound):
        case_get(user=other_case_manager, case_id=world["mine"].pk)
    with pytest.raises(NotFound):
        case_get(user=other_case_manager, case_id="not-a-uuid")


def test_dossier_hides_special_categories_and_logs_the_read(world, case_manager, team_lead, make_user, team) -> None:
    colleague = make_user("case_manager", team)
    Case.objects.filter(pk=world["mine"].pk).update(medical_background="astma")
    for user, visible in ((case_manager, True), (team_lead, True), (colleague, False)):
        dossier = dossier_read(actor=Actor(user=user), case_id=world["mine"].pk)
        assert dossier.special_categories_visible is visible
        assert (dossier.medical_background == "astma") is visible
        assert (dossier.special_circumstances is not None) is visible
        record = AccessRecord.objects.filter(user=user).get()
        assert record.person_id == world["mine"].person_id and record.special_categories is visible
        assert record.case_id == world["mine"].pk and record.purpose == "dossier_view"


def test_timeline_tells_the_story(world, case_manager) -> None:
    types = [e.event_type for e in case_timeline(user=case_manager, case=world["mine"])]
    assert types[0] == "case.assigned" and "case.opened" in types and "person.created" in types


def test_search_tolerates_spelling_variants_and_respects_visibility(world, case_manager, other_case_manager) -> None:
    hits = person_search(user=case_manager, query="Muhamad Hadad")
    assert [h.case for h in hits][:1] == [world["mine"]] or world["mine"] in [h.case for h in hits]
    assert {h.case.number for h in person_search(user=case_manager, query="Yusuf Benaly")} == {
        world["colleague"].number
    }
    assert person_search(user=case_manager, query="Okafor") == []
    assert [h.case for h in person_search(user=other_case_manager, query="Okafor")] == [world["theirs"]]
    v_number = Person.objects.get(pk=world["theirs"].person_id).v_number
    assert [h.case for h in person_search(user=other_case_manager, query=v_number)] == [world["theirs"]]
    assert person_search(user=case_manager, query=v_number) == []
    assert person_search(user=case_manager, query="  ") == []
