"""The shared parts of every service: one way to refuse, validate, lock and save.

Every services module builds on these, so a rule is phrased once and a refusal looks the same whichever
app raises it. Messages are Dutch (the interface language first); they name no personal data.
The parts that need a case (may this actor work on it, record the change on its trail and deadlines)
live in `regie.cases.work`, which builds on these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_noop

from . import transactions
from .domain import CLOSED_CASE, NOT_ALLOWED, REQUIRED, ErrorMap, Refusal, choose_one, stale_message
from .errors import ConcurrentEdit, NotFound, PermissionDenied, ValidationFailed, validation_from_django

# The messages live in core.domain (pure modules use them too); re-exported here for the services.
__all__ = ["CLOSED_CASE", "NOT_ALLOWED", "REQUIRED", "STALE", "STALE_CASE", "stale_message"]
STALE = stale_message(gettext_noop("dit"))
STALE_CASE = stale_message(gettext_noop("dit dossier"))
NOT_FOUND = "Niet gevonden."

V = TypeVar("V", bound=models.Model)


def require(condition: bool, message: str = NOT_ALLOWED) -> None:
    """Refuse (403) unless `condition` holds."""
    if not condition:
        raise PermissionDenied(message)


def refuse(refusals: Mapping[str, str] | Iterable[Refusal] | Refusal | None) -> None:
    """Refuse (400, naming each field) when there is anything to refuse; otherwise do nothing."""
    if refusals is None:
        return
    if isinstance(refusals, Refusal):
        refusals = [refusals]
    if isinstance(refusals, Mapping):
        errors: ErrorMap = {name: [message] for name, message in refusals.items()}
    else:
        errors = {}
        for refusal in refusals:
            errors.setdefault(refusal.field, []).append(refusal.message)
    if errors:
        raise ValidationFailed(errors)


def required_text(**values: str) -> dict[str, str]:
    """field -> REQUIRED for each value that is empty or only white space."""
    return {name: REQUIRED for name, value in values.items() if not (value or "").strip()}


def choice(name: str, value: str, choices: Any) -> dict[str, str]:
    """field -> message when `value` is not one of a TextChoices' values."""
    if value in choices.values:
        return {}
    return {name: choose_one(choices.values)}


def clean(obj: models.Model, *, exclude: Iterable[str] = (), database_checks: bool = True) -> None:
    """The model's own validation, as a ValidationFailed that names the fields.

    `database_checks=False` leaves uniqueness and check constraints to the database (hot paths such as
    intake, whose service checked them first with messages for people): a query per constraint saved.
    """
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=database_checks, validate_constraints=database_checks)
    except ValidationError as exc:
        raise validation_from_django(exc) from None


def lock(queryset: models.QuerySet[V], pk: Any, *, not_found: str = NOT_FOUND) -> V:
    """The row, locked until the transaction ends (SELECT ... FOR UPDATE; SQLite holds the database)."""
    locked = queryset.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise NotFound(not_found)
    transactions.note_row_lock(queryset.model, locked.pk)  # a later step need not lock it again
    return locked


def check_version(obj: models.Model, expected_version: int | None, message: str = STALE) -> None:
    """Refuse (409) when someone saved `obj` since the caller read it at `expected_version`.

    None means the caller did not read it first (a job, an import, a follow-up step of a service).
    """
    if expected_version is not None and obj.version != expected_version:  # type: ignore[attr-defined]
        raise ConcurrentEdit(message, field="version")


def lock_version(
    queryset: models.QuerySet[V],
    pk: Any,
    expected_version: int | None,
    *,
    not_found: str = NOT_FOUND,
    stale: str = STALE,
) -> V:
    """Lock a versioned row and refuse when someone else saved it since the caller read it."""
    locked = lock(queryset, pk, not_found=not_found)
    check_version(locked, expected_version, stale)
    return locked


def save_versioned(
    obj: models.Model,
    *,
    created: bool = False,
    fields: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    database_checks: bool = True,
) -> None:
    """Clean and save a versioned row: a new one as is, a changed one with its version raised.

    `fields`: save only these (plus version and updated_at) instead of the whole row.
    """
    if not created:
        obj.version += 1  # type: ignore[attr-defined]
    clean(obj, exclude=exclude, database_checks=database_checks)
    if created:
        obj.save(force_insert=True)
    elif fields is not None:
        obj.save(update_fields=[*fields, "version", "updated_at"])
    else:
        obj.save()
