"""`regie check --deploy` refuses a database with demo accounts: their password is published."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError

from .accounts import DEMO_EMAIL_DOMAIN, DEMO_LOGINS, DEMO_PASSWORD


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        found = demo_accounts_present()
    except DatabaseError:
        # Not migrated yet, or no database to reach: say so, but do not block `migrate` after it.
        return [
            Warning(
                "Could not check for demo accounts: the database cannot be read (not migrated yet?).",
                id="regie.W002",
                hint="Run `regie migrate`, then `regie check --deploy` again.",
            )
        ]
    if found:
        return [
            Error(
                "The database holds demo accounts (`regie demo`); their password is published.",
                id="regie.E012",
                hint="Use a database without demo data in production.",
            )
        ]
    return []


def demo_accounts_present() -> bool:
    """An account of the demo: its e-mail address is in the demo's domain, or it is one of the demo
    logins and still has the demo password. Two queries over the (small) staff table, and a password
    check only for accounts named like a demo login."""
    users = get_user_model().objects
    if users.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}").exists():
        return True
    candidates = users.filter(username__in=DEMO_LOGINS).values_list("password", flat=True)
    # The hashers' function, not User.check_password: a check must not rehash and save.
    return any(check_password(DEMO_PASSWORD, encoded) for encoded in candidates)
