"""Who the caller is, and the teams and case managers a person who assigns work chooses from."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.core.errors import PermissionDenied

from .choices import Role
from .models import Team, User

# Roles that assign cases (and so choose a team and a case manager); DOMAIN.md: team leads.
ASSIGNING_ROLES = frozenset({Role.TEAM_LEAD})


def display_name(user: User) -> str:
    return user.get_full_name() or user.username


def teams_for_assigning(*, user: User) -> QuerySet[Team]:
    """The caller's own teams with their active case managers, for choosing whom to assign a case to.
    Only roles that assign see them; no personal data of the people in the cases."""
    if not user.is_active or user.role not in ASSIGNING_ROLES:
        raise PermissionDenied("Alleen wie dossiers toewijst ziet de teams en hun regievoerders.")
    managers = User.objects.filter(is_active=True, role=Role.CASE_MANAGER).order_by("last_name", "first_name", "id")
    return (
        Team.objects.filter(members=user)
        .prefetch_related(Prefetch("members", queryset=managers, to_attr="case_managers"))
        .order_by("name")
    )


# -- the second factor ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SecondFactor:
    enrolled: bool
    recovery_codes_left: int


def second_factor_of(user: User) -> SecondFactor:
    """Whether `user` has an authenticator app set up, and how many recovery codes are left."""
    return SecondFactor(
        enrolled=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        recovery_codes_left=StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    )
