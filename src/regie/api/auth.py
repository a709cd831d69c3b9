"""Who is calling: a system with a bearer token, or a signed-in person's browser session.

Tokens are looked up by their SHA-256 hash (only the hash is stored). Revoked tokens and tokens of
deactivated users are refused. A session is accepted for the browser; unsafe methods then need the
CSRF token, exactly as Django's forms do. Token calls need no CSRF token: no browser sends them on
its own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from regie.accounts.middleware import second_factor_pending
from regie.accounts.models import ApiToken, User, hash_token
from regie.core import clock
from regie.core.context import Actor, Channel

# Writing last_used_at on every call would turn each read into a write; once a minute is enough to
# see which systems still use a token.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
_MAX_TOKEN_LENGTH = 200


class TokenAuth(HttpBearer):
    """`Authorization: Bearer rg_...`: an API token issued to a system (or a person) by an administrator."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > _MAX_TOKEN_LENGTH:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = clock.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            # Bookkeeping, not domain data: no audit record, and a plain UPDATE so no lock is held.
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The Django session of a signed-in person (the web UI calling the API). CSRF for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Only a request that would be authenticated by its cookie needs the CSRF check; checking
        # first (as ninja does) would answer 403 instead of 401 to a client with no credentials.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if second_factor_pending(request):
            return None  # a password alone does not open the API either
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed")
        return cast(User, user)


def caller(request: HttpRequest) -> User:
    """The authenticated user of this request (set by the auth classes above)."""
    return cast(User, cast(Any, request).auth)


def actor_for(request: HttpRequest) -> Actor:
    return Actor(
        user=caller(request),
        channel=Channel.API,
        request_id=getattr(request, "request_id", None) or uuid.uuid4().hex,
    )
