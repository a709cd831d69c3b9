"""Lockout after failed logins (django-axes) with two limits: per account from one address, and per
address across accounts.

Axes counts failures per combination in `AXES_LOCKOUT_PARAMETERS` ([username + address], [address])
and compares the largest count with one limit. Password spraying (a few guesses for each of many
usernames from one address) stays under a per-account limit, so the address alone has its own, higher
limit: `AXES_FAILURE_LIMIT` is this function, which answers the per-account limit once this
account from this address reached it, and the per-address limit otherwise. Since the address's count is
never below the account's, a request is locked out exactly when the account from this address reached
`LOGIN_FAILURE_LIMIT` or the address reached `LOGIN_IP_FAILURE_LIMIT`.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    per_account: int = settings.LOGIN_FAILURE_LIMIT
    per_address: int = max(settings.LOGIN_IP_FAILURE_LIMIT, per_account)
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    attempts = AccessAttempt.objects.filter(username=get_client_username(request, credentials), ip_address=address)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        since = getattr(request, "axes_attempt_time", None) or timezone.now()
        attempts = attempts.filter(attempt_time__gte=since - cool_off)
    failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return per_account if failures >= per_account else per_address


def client_address(request: HttpRequest) -> str | None:
    """The address a login comes from (`AXES_CLIENT_IP_CALLABLE`). Behind reverse proxies every request
    comes from the nearest proxy, which would put all people under one address's limit; with
    `TRUSTED_PROXY_COUNT` = n, the address is the one the outermost of the n proxies saw: the n-th entry
    from the right of X-Forwarded-For (entries further left are the client's own claim and can be forged)."""
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address
