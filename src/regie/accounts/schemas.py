"""The JSON shapes of who-am-I and the teams (for clients that assign work)."""

from __future__ import annotations

import uuid

from pydantic import Field

from regie.api.schemas import OutSchema

from .choices import Role
from .models import Team, User
from .selectors import display_name


class TeamRef(OutSchema):
    id: uuid.UUID
    name: str


class MeOut(OutSchema):
    id: int
    username: str
    display_name: str
    role: Role
    teams: list[TeamRef] = Field(description="The teams the caller belongs to.")
    partner_organisation: str | None = Field(description="For partner users: their organisation's name.")

    @classmethod
    def from_user(cls, user: User) -> MeOut:
        return cls.of(
            user,
            display_name=display_name(user),
            teams=[TeamRef.of(t) for t in user.teams.order_by("name")],
            partner_organisation=user.partner_organisation.name if user.partner_organisation else None,
        )


class CaseManagerRef(OutSchema):
    id: int
    display_name: str


class TeamOut(OutSchema):
    id: uuid.UUID
    name: str
    case_managers: list[CaseManagerRef] = Field(description="Active case managers of the team.")

    @classmethod
    def from_team(cls, team: Team) -> TeamOut:
        managers = getattr(team, "case_managers", [])
        return cls.of(team, case_managers=[CaseManagerRef(id=u.pk, display_name=display_name(u)) for u in managers])


class TeamList(OutSchema):
    items: list[TeamOut]
