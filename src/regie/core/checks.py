"""`regie check --deploy` fails fast on settings that are dangerous in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def regie_deploy_checks(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if settings.SECRET_KEY == settings.INSECURE_DEFAULT_SECRET_KEY:
        problems.append(
            Error(
                "REGIE_SECRET_KEY is the built-in development key.",
                id="regie.E001",
                hint="Set REGIE_SECRET_KEY to a long random value.",
            )
        )
    if settings.DEBUG:
        problems.append(Error("REGIE_DEBUG is on: error pages would show personal data.", id="regie.E002"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "SQLite is for trying Regie on one machine; use PostgreSQL in production.",
                id="regie.W001",
                hint="Set DATABASE_URL=postgres://...",
            )
        )
    if not settings.SESSION_COOKIE_SECURE:
        problems.append(
            Error(
                "Session cookies are sent over plain HTTP.",
                id="regie.E003",
                hint="Serve over HTTPS and set REGIE_SECURE_COOKIES=true.",
            )
        )
    if not settings.AXES_ENABLED:
        problems.append(Error("Login lockout (django-axes) is switched off.", id="regie.E004"))
    if "argon2" not in settings.PASSWORD_HASHERS[0].lower():
        problems.append(Error("Passwords are not hashed with argon2.", id="regie.E005"))
    return problems
