"""Detention on proposal: the case manager proposes, a team lead who did not propose it decides (four
eyes): approval starts the detention with every check of starting one; a refusal needs a reason. The
same on the web, the API and in the team lead's inbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import Team, User
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.cases.registry import approvals_for
from regie.core.context import Actor
from regie.core.errors import IllegalTransition, PermissionDenied, ValidationFailed
from regie.measures import services
from regie.measures.models import Detention, DetentionProposal
from regie.testing.fixtures import assert_problem

from .conftest import DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]  # the folder's DAY, 10:00

PROPOSAL: dict[str, Any] = {
    "basis": "art59",
    "place": "Detentiecentrum Rotterdam",
    "grounds": "Risico op onttrekking (synthetisch).",
    "starts_on": DAY,
}


def test_the_case_manager_proposes_and_a_team_lead_starts_the_detention(
    case: Case, case_manager: User, team_lead: User
) -> None:
    proposal = services.detention_propose(actor=Actor(user=case_manager), case=case, **PROPOSAL)
    assert [a.case for a in approvals_for(team_lead)] == [case]
    with pytest.raises(IllegalTransition):
        services.detention_propose(actor=Actor(user=case_manager), case=case, **PROPOSAL)  # one at a time
    detention = services.detention_proposal_approve(actor=Actor(user=team_lead), proposal=proposal, expected_version=1)
    assert detention.proposed_by == case_manager and detention.approved_by == team_lead
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.detention == detention
    assert not approvals_for(team_lead)
    types = set(AuditEvent.objects.filter(case_id=case.pk).values_list("event_type", flat=True))
    assert {"detention.proposed", "detention.started", "detention.proposal_approved"} <= types


def test_four_eyes_and_a_reason(
    case: Case, team_lead: User, make_user: Callable[..., User], team: Team, case_manager: User
) -> None:
    own = services.detention_propose(actor=Actor(user=team_lead), case=case, **PROPOSAL)
    assert not approvals_for(team_lead)  # not in one's own inbox
    for decide in (
        lambda: services.detention_proposal_approve(actor=Actor(user=team_lead), proposal=own, expected_version=None),
        lambda: services.detention_proposal_refuse(
            actor=Actor(user=team_lead), proposal=own, expected_version=None, reason="Nee."
        ),
        lambda: services.detention_proposal_approve(
            actor=Actor(user=case_manager), proposal=own, expected_version=None
        ),
    ):
        with pytest.raises(PermissionDenied):
            decide()
    second = make_user("team_lead", team)
    with pytest.raises(ValidationFailed) as refused:
        services.detention_proposal_refuse(actor=Actor(user=second), proposal=own, expected_version=None, reason=" ")
    assert "reason" in refused.value.errors
    services.detention_proposal_refuse(
        actor=Actor(user=second), proposal=own, expected_version=None, reason="Lichter middel volstaat: meldplicht."
    )
    assert DetentionProposal.objects.get(pk=own.pk).status == "refused" and not Detention.objects.exists()


def test_a_proposal_before_the_return_decision_is_refused_naming_the_field(
    make_case: Callable[..., Case], case_manager: User
) -> None:
    late = make_case(target_group="supervision", return_decision_date=DAY)
    with pytest.raises(ValidationFailed) as refused:
        services.detention_propose(
            actor=Actor(user=case_manager), case=late, **{**PROPOSAL, "starts_on": DAY - dt.timedelta(days=1)}
        )
    assert "starts_on" in refused.value.errors


def test_the_web_and_the_api(
    case: Case, case_manager: User, team_lead: User, web_as: Callable[[User], Client], api_as: Callable[..., Any]
) -> None:
    page = reverse("measures:page", kwargs={"case_id": case.pk})
    assert "Bewaring voorstellen" in web_as(case_manager).get(page).content.decode()
    posted = web_as(case_manager).post(
        reverse("measures:detention_propose", kwargs={"case_id": case.pk}),
        {
            "bewaring-voorstel-basis": "art59",
            "bewaring-voorstel-place": "Detentiecentrum Rotterdam",
            "bewaring-voorstel-starts_on": DAY.isoformat(),
            "bewaring-voorstel-grounds": "Risico op onttrekking.",
        },
    )
    assert posted.status_code == 302
    proposal = DetentionProposal.objects.get()
    team = web_as(team_lead).get(reverse("cases:team")).content.decode()
    assert "Voorstel tot bewaring" in team and case.number in team
    lead_page = web_as(team_lead).get(page).content.decode()
    assert "Akkoord met het voorstel" in lead_page and "Voorstel afwijzen" in lead_page
    path = f"/cases/{case.pk}/detention-proposals/{proposal.pk}"
    assert_problem(api_as(case_manager).post(f"{path}/approval", {"version": 1}), 403)
    started = api_as(team_lead).post(f"{path}/approval", {"version": 1})
    assert started.status_code == 201 and Detention.objects.get().proposed_by == case_manager
    assert_problem(api_as(team_lead).post(f"{path}/refusal", {"version": 2, "reason": "Te laat."}), 409)
