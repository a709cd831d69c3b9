"""Users, teams and API tokens. Administrators do this; each write is audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core.context import Actor
from regie.core.errors import validation_from_django

from .models import ApiToken, PartnerOrganisation, Team, User, hash_token


def team_create(*, actor: Actor, name: str, region: str = "") -> Team:
    with transaction.atomic():
        team = Team(name=name, region=region)
        try:
            team.full_clean()
        except ValidationError as exc:
            raise validation_from_django(exc) from None
        team.save(force_insert=True)
        audit_record(actor=actor, event_type=EventType.TEAM_CREATED, subject=team, new={"name": name})
        return team


def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    teams: Iterable[Team] = (),
    partner_organisation: PartnerOrganisation | None = None,
) -> User:
    """A new user with an argon2-hashed password (or none: token-only system accounts)."""
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            first_name=first_name,
            last_name=last_name,
            email=email,
            partner_organisation=partner_organisation,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as exc:
            raise validation_from_django(exc) from None
        user.save()
        team_list = list(teams)
        user.teams.set(team_list)
        audit_record(
            actor=actor,
            event_type=EventType.USER_CREATED,
            subject=user,
            new={"username": username, "role": role, "teams": [t.pk for t in team_list]},
        )
        return user


def api_token_issue(*, actor: Actor, user: User, name: str) -> str:
    """Issue a token; the raw value is returned once and only its hash is kept."""
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
        audit_record(
            actor=actor,
            event_type=EventType.API_TOKEN_ISSUED,
            subject=token,
            new={"user": user.pk, "name": name, "prefix": token.prefix},
        )
    return raw
