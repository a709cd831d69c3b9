"""Reads the API needs besides the app selectors: lookups by id, the timeline as the caller may see it,
and the access log entries for what a response shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.utils.translation import gettext_noop

from regie.accounts.models import Team, User
from regie.audit.choices import AccessPurpose
from regie.audit.models import AuditEvent
from regie.cases import permissions, selectors
from regie.cases.models import Case
from regie.core.context import Actor
from regie.core.errors import ValidationFailed

# Events whose mere presence reveals special-category data (GDPR art. 9): shown only to those who
# may see that data in the dossier itself.
SPECIAL_CATEGORY_FIELDS = frozenset({"medical_background", "handover_medical"})


def team_by_id(team_id: uuid.UUID) -> Team:
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise ValidationFailed({"team_id": [gettext_noop("Onbekend team.")]})
    return team


def assignee_by_id(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise ValidationFailed({"assigned_to": [gettext_noop("Kies een actieve regievoerder.")]})
    return user


def timeline_for(*, user: User, case: Case) -> tuple[list[AuditEvent], bool]:
    """The case's events the user may see, and whether special-category details may be shown."""
    special = permissions.can_see_special_categories(user, case)
    return selectors.case_timeline(user=user, case=case), special


def record_api_reads(*, actor: Actor, cases: Iterable[Case], special_categories: bool = False) -> int:
    """One access record per person whose data a response shows (Logboek Dataverwerkingen)."""
    return selectors.record_cases_shown(
        actor=actor, cases=cases, purpose=AccessPurpose.API_READ, special_categories=special_categories
    )
