"""`regie check --deploy` fails fast on settings that are dangerous in production.

Each problem that would expose personal data is an Error, so the command exits with status 1
(Django's `check` fails on Error and above). See docs/security/headers.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

# Django's own rule for a usable key (security.W009): long enough and not repetitive.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


@register(Tags.security, deploy=True)
def regie_deploy_checks(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = [*_secret_key(), *_hosts(), *_https()]
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
    if not settings.AXES_ENABLED:
        problems.append(Error("Login lockout (django-axes) is switched off.", id="regie.E004"))
    if "argon2" not in settings.PASSWORD_HASHERS[0].lower():
        problems.append(Error("Passwords are not hashed with argon2.", id="regie.E005"))
    # The second factor is another part of the code base; without its setting, it is off.
    if not getattr(settings, "MFA_REQUIRED", False):
        problems.append(
            Error(
                "The second factor (MFA) is not required at login.",
                id="regie.E011",
                hint="Set REGIE_MFA_REQUIRED=true.",
            )
        )
    if getattr(settings, "REGIE_CSP_REPORT_ONLY", False):
        problems.append(
            Warning(
                "The Content-Security-Policy only reports: injected scripts would still run.",
                id="regie.W003",
                hint="Unset REGIE_CSP_REPORT_ONLY once the reports are clean.",
            )
        )
    return problems


def _secret_key() -> list[CheckMessage]:
    key = str(settings.SECRET_KEY)
    if key == settings.INSECURE_DEFAULT_SECRET_KEY:
        return [
            Error(
                "REGIE_SECRET_KEY is the built-in development key.",
                id="regie.E001",
                hint="Set REGIE_SECRET_KEY to a long random value.",
            )
        ]
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return [
            Error(
                f"REGIE_SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
                f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different.",
                id="regie.E006",
                hint='Generate one: python3 -c "import secrets; print(secrets.token_urlsafe(50))"',
            )
        ]
    return []


def _hosts() -> list[CheckMessage]:
    if "*" in settings.ALLOWED_HOSTS:
        return [
            Error(
                "REGIE_ALLOWED_HOSTS contains '*': any Host header is accepted.",
                id="regie.E007",
                hint="List the host names Regie is served under.",
            )
        ]
    return []


def _https() -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not settings.SESSION_COOKIE_SECURE:
        problems.append(
            Error(
                "Session cookies are sent over plain HTTP.",
                id="regie.E003",
                hint="Serve over HTTPS and set REGIE_SECURE_COOKIES=true.",
            )
        )
    if not settings.CSRF_COOKIE_SECURE:
        problems.append(
            Error(
                "CSRF cookies are sent over plain HTTP.",
                id="regie.E008",
                hint="Serve over HTTPS and set REGIE_SECURE_COOKIES=true.",
            )
        )
    if not settings.SECURE_HSTS_SECONDS:
        problems.append(
            Error(
                "HTTP Strict Transport Security is off.",
                id="regie.E009",
                hint="Set REGIE_HSTS_SECONDS (31536000 is one year) once HTTPS works.",
            )
        )
    if not settings.SECURE_SSL_REDIRECT and not settings.SECURE_PROXY_SSL_HEADER:
        problems.append(
            Error(
                "Regie does not know that it is served over HTTPS: no redirect to HTTPS and no proxy header.",
                id="regie.E010",
                hint=(
                    "Behind a TLS proxy set REGIE_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https; "
                    "otherwise set REGIE_SSL_REDIRECT=true."
                ),
            )
        )
    return problems
