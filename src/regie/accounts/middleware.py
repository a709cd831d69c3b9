"""The session's limits and the second factor, for every page.

- `SessionTimeoutMiddleware`: a session without a request for `IDLE_TIMEOUT_MINUTES` ends; the absolute
  lifetime (`SESSION_COOKIE_AGE` from the login) stays absolute although the last activity is written.
- `SecondFactorMiddleware`: with `MFA_REQUIRED`, a person who passed the password but not the second
  factor reaches only the login, the second-factor pages, logout and the language switch; every other
  page sends them to the code (or, without an authenticator app, to setting one up).

Session times are Django's clock (`timezone.now()`), the one that expires sessions; the application's
clock (`regie.core.clock`) is for the domain's dates and may stand still in tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import domain
from .selectors import second_factor_of

LAST_ACTIVITY = "regie_last_activity"
# The last activity is written at most once a minute: a session is not saved on every request.
ACTIVITY_RESOLUTION = 60
OIDC_BACKEND = "regie.accounts.oidc.ExistingAccountsOIDCBackend"

# Pages a person may reach between the password and the second factor (URL names).
OPEN_VIEWS = frozenset(
    {
        "web:login",
        "web:logout",
        "web:mfa_verify",
        "web:mfa_enrol",
        "set_language",
        "admin:logout",
        "oidc_authentication_init",
        "oidc_authentication_callback",
        "oidc_logout",
    }
)


def session_started(request: HttpRequest) -> None:
    """At login: the absolute lifetime counts from now, and so does the idle time."""
    now = timezone.now()
    request.session.set_expiry(now + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))
    request.session[LAST_ACTIVITY] = now.timestamp()


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_started(request)


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        # Only a logged-in session: API calls with a token have none, and reading no user is cheap.
        if session is not None and SESSION_KEY in session:
            now = timezone.now().timestamp()
            last = session.get(LAST_ACTIVITY)
            if domain.idle_expired(last, now, settings.IDLE_TIMEOUT_MINUTES):
                logout(request)
                messages.info(
                    request,
                    _("U bent uitgelogd omdat u %(minutes)s minuten niets hebt gedaan. Log opnieuw in.")
                    % {"minutes": settings.IDLE_TIMEOUT_MINUTES},
                )
                if request.headers.get("HX-Request") == "true":
                    # A fragment would show the login page inside the page: htmx reloads to it instead.
                    return HttpResponse(status=204, headers={"HX-Redirect": login_url(request)})
                # Anonymous from here: a page redirects to the login, the API answers 401.
            elif last is None or now - last >= ACTIVITY_RESOLUTION:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)


def login_url(request: HttpRequest) -> str:
    return reverse(settings.LOGIN_URL) + "?" + urlencode({"next": request.get_full_path()})


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether this request's user logged in with a password and must still pass the second factor."""
    if not settings.MFA_REQUIRED:
        return False
    user = getattr(request, "user", None)
    # Every session: system accounts call the API with a token and have none, so they are never asked;
    # should one be given a password after all, the password alone still does not open a session.
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    # The identity provider asked for its own second factor (documented in docs/security/login.md).
    return not (
        settings.OIDC_ENABLED
        and settings.OIDC_COUNTS_AS_MFA
        and request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND
    )


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS or "ninja" in match.app_names:
            # The API refuses such a session itself (regie.api.auth.SessionAuth): it answers 401, not a page.
            return None
        if not second_factor_pending(request):
            return None
        enrolled = second_factor_of(request.user).enrolled  # type: ignore[arg-type]
        target = reverse("web:mfa_verify" if enrolled else "web:mfa_enrol")
        if request.method == "GET" and match.view_name != "web:home":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return HttpResponseRedirect(target)
