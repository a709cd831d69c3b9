"""Optional single sign-on with OpenID Connect (mozilla-django-oidc), off unless REGIE_OIDC_ENABLED.

The identity provider says who someone is; Regie decides what they may do. So a login through the
provider reaches an existing, active account of a person (matched by one claim), never a system account,
and never creates an account: roles and teams are given by an administrator in Regie.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .choices import Role
from .models import User


class ExistingAccountsOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        """The active person whose username (or e-mail address, REGIE_OIDC_MATCH_FIELD) equals the claim
        REGIE_OIDC_USERNAME_CLAIM (for `email`, the claim `email`); none when the claim is missing. Two
        matches make mozilla-django-oidc refuse the login."""
        field = "email" if settings.OIDC_MATCH_FIELD == "email" else "username"
        claim = "email" if field == "email" else settings.OIDC_USERNAME_CLAIM
        value = str(claims.get(claim) or "").strip()
        if not value:
            return User.objects.none()
        return User.objects.filter(is_active=True, **{f"{field}__iexact": value}).exclude(role=Role.SYSTEM)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        field = "email" if settings.OIDC_MATCH_FIELD == "email" else "username"
        return bool(claims.get("email" if field == "email" else settings.OIDC_USERNAME_CLAIM))

    def create_user(self, claims: dict[str, Any]) -> None:
        """Never: an account and its role come from an administrator (OIDC_CREATE_USER is off as well)."""
        return None

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "an identity without an account"  # logs carry no names or e-mail addresses
