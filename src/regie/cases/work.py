"""Working on a case: the shared steps of every service that changes part of a dossier.

Builds on `regie.core.services` (refuse, clean, lock, save). Every process app's services use these, so
"may this person work on this case", "the case is locked and still open" and "the change is on the
trail and the deadlines follow" are decided in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_noop

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core.context import Actor
from regie.core.services import CLOSED_CASE, NOT_ALLOWED, STALE_CASE, check_version, lock, require
from regie.deadlines.services import case_deadlines_refresh

from . import permissions
from .models import Case


def may_work(actor: Actor, case: Case, message: str = NOT_ALLOWED) -> User:
    """The acting person, when they may work on this case (assigned case manager, team lead of its
    team); refused (403) otherwise. Writes about a case are always by a person."""
    assert actor.user is not None, "work on a case is recorded by a person"
    require(permissions.can_work_on(actor.user, case), message)
    return actor.user


def lock_case(case: Case, expected_version: int | None = None) -> Case:
    """The case row, locked until the transaction ends: writes to one case are serialised."""
    locked = lock(Case.objects.select_related("person"), case.pk, not_found=gettext_noop("Dossier niet gevonden."))
    check_version(locked, expected_version, STALE_CASE)
    return locked


def lock_open_case(case: Case, expected_version: int | None = None) -> Case:
    """The case, locked, and refused (403) when it is closed."""
    locked = lock_case(case, expected_version)
    require(locked.is_open, CLOSED_CASE)
    return locked


def record_change(
    *,
    actor: Actor,
    event_type: EventType,
    case: Case,
    subject: Any,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    refresh_deadlines: bool = True,
) -> None:
    """The audit record of a change to the case (restricted values redacted), then its deadlines
    recomputed from the facts as they now stand. Inside the change's transaction."""
    audit_record(
        actor=actor, event_type=event_type, subject=subject, case_id=case.pk, person_id=case.person_id, old=old, new=new
    )
    if refresh_deadlines:
        case_deadlines_refresh(case=case)
