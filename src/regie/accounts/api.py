"""Who am I, and the teams with their case managers: what an integrating client needs to assign work
without scraping admin pages. No personal data of the people in the cases."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from regie.api.auth import caller

from . import selectors
from .schemas import MeOut, TeamList, TeamOut

router = Router(tags=["accounts"], by_alias=True)


@router.get("/me", response=MeOut, summary="Who the caller is")
def me(request: HttpRequest) -> MeOut:
    """The calling account: its role, teams and (for partners) organisation."""
    return MeOut.from_user(caller(request))


@router.get("/teams", response=TeamList, summary="Teams and their case managers, for assigning")
def team_list(request: HttpRequest) -> TeamList:
    """The caller's teams with their active case managers (ids and display names), to choose whom to
    assign a case to. For team leads."""
    return TeamList(items=[TeamOut.from_team(t) for t in selectors.teams_for_assigning(user=caller(request))])
