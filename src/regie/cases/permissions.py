"""Who may do what with a case. Pure over already-loaded objects; lists filter in selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regie.accounts.choices import Role

if TYPE_CHECKING:
    from regie.accounts.models import User

    from .models import Case


def team_ids(user: User) -> set:
    cached = getattr(user, "_regie_team_ids", None)
    if cached is None:
        cached = set(user.teams.values_list("id", flat=True))
        user._regie_team_ids = cached  # type: ignore[attr-defined]
    return cached


def can_work_on(user: User, case: Case) -> bool:
    """Case managers and team leads of the case's team; team leads also pick up unassigned intake."""
    if user.role == Role.CASE_MANAGER:
        return case.team_id is not None and case.team_id in team_ids(user)
    if user.role == Role.TEAM_LEAD:
        return case.team_id is None or case.team_id in team_ids(user)
    return False


def can_assign(user: User, case: Case) -> bool:
    return user.role == Role.TEAM_LEAD and can_work_on(user, case)


def can_see_special_categories(user: User, case: Case) -> bool:
    """Medical background and special circumstances: the assigned case manager and the team lead."""
    if user.role == Role.CASE_MANAGER:
        return case.assigned_to_id == user.pk
    if user.role == Role.TEAM_LEAD:
        return can_work_on(user, case)
    return False


def can_see_special_categories_in_lists(user: User, case: Case) -> bool:
    """In lists (caseload, worklist, team page, exports, the API's case list) medical facts show only on the
    reader's own cases. A team lead reads them of any other case of the team by opening its dossier,
    where the read is logged with the special-category flag."""
    return case.assigned_to_id == user.pk and can_see_special_categories(user, case)


def can_deliver(user: User) -> bool:
    """Who may record an intake: case workers, and systems (IND, police, KMar) delivering dossiers."""
    return user.role in (Role.CASE_MANAGER, Role.TEAM_LEAD, Role.SYSTEM)
