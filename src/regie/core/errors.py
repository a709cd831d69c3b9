"""Errors that speak to people: each names the field it is about, never personal data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class RegieError(Exception):
    """Base of domain errors; `field` names the input at fault, `code` is stable for machines."""

    status = 400
    title = _("Ongeldige invoer")
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field
        if code:
            self.code = code


class ValidationFailed(RegieError):
    """One or more fields are invalid: `errors` maps field name to messages."""

    status = 400
    title = _("Ongeldige invoer")
    code = "validation"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = {k: [str(m) for m in v] for k, v in errors.items()}
        first_field = next(iter(self.errors), None)
        message = "; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items())
        super().__init__(message, field=first_field)


class IllegalTransition(RegieError):
    status = 409
    title = _("Niet toegestaan in deze fase")
    code = "illegal_transition"


class ConcurrentEdit(RegieError):
    status = 409
    title = _("Tegelijk gewijzigd")
    code = "concurrent_edit"


class NotFound(RegieError):
    status = 404
    title = _("Niet gevonden")
    code = "not_found"


class PermissionDenied(RegieError):
    status = 403
    title = _("Geen toegang")
    code = "forbidden"


def validation_from_django(exc: Exception) -> ValidationFailed:
    """Turn Django's ValidationError (from full_clean) into our field-naming error."""
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    assert isinstance(exc, ValidationError)
    if hasattr(exc, "error_dict"):
        errors = {
            ("__all__" if k == NON_FIELD_ERRORS else k): [str(m) for e in v for m in e.messages]
            for k, v in exc.error_dict.items()
        }
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return ValidationFailed(errors)


def is_lock_timeout(exc: BaseException | None) -> bool:
    """A write that waited for the database's lock and gave up: SQLite's "database is locked" after its
    busy timeout (`REGIE_SQLITE_LOCK_SECONDS`), PostgreSQL's lock_not_available (SQLSTATE 55P03).
    Answered as 503 with Retry-After, not 500: trying again a moment later works."""
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    return "database is locked" in str(exc) or getattr(exc.__cause__, "sqlstate", None) == "55P03"
