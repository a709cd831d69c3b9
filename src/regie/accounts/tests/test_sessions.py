"""The session's limits: an idle timeout (default 30 minutes) besides the absolute lifetime from the login.

Session times are Django's clock; the tests move the session's stored last activity instead of waiting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regie.accounts.middleware import ACTIVITY_RESOLUTION, LAST_ACTIVITY
from regie.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Regie-test-2026!"


def logged_in_client(user: User) -> Client:
    client = Client()
    assert client.post(reverse("web:login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def idle_for(client: Client, seconds: float) -> None:
    session = client.session
    session[LAST_ACTIVITY] = timezone.now().timestamp() - seconds
    session.save()


def test_the_default_idle_timeout_is_thirty_minutes() -> None:
    from django.conf import settings

    assert settings.IDLE_TIMEOUT_MINUTES == 30


def test_a_session_idle_for_longer_than_the_timeout_ends(case_manager: User) -> None:
    client = logged_in_client(case_manager)
    idle_for(client, 31 * 60)
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))
    page = client.get(response["Location"]).content.decode()
    assert "U bent uitgelogd omdat u 30 minuten niets hebt gedaan" in page
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cases:caseload")).status_code == 302  # still logged out


def test_a_session_used_within_the_timeout_stays(case_manager: User) -> None:
    client = logged_in_client(case_manager)
    idle_for(client, 29 * 60)
    assert client.get(reverse("cases:caseload")).status_code == 200
    # The request counts as activity: 29 more minutes later the session is still there.
    idle_for(client, 29 * 60)
    assert client.get(reverse("cases:caseload")).status_code == 200


def test_the_timeout_is_a_setting(settings: Any, case_manager: User) -> None:
    settings.IDLE_TIMEOUT_MINUTES = 5
    client = logged_in_client(case_manager)
    idle_for(client, 6 * 60)
    assert client.get(reverse("cases:caseload")).status_code == 302


def test_an_htmx_request_of_an_idle_session_reloads_to_the_login(case_manager: User) -> None:
    client = logged_in_client(case_manager)
    idle_for(client, 31 * 60)
    response = client.get(reverse("cases:caseload"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("web:login") + "?next=")


def test_the_last_activity_is_written_at_most_once_a_minute(case_manager: User) -> None:
    client = logged_in_client(case_manager)
    idle_for(client, 10)
    before = client.session[LAST_ACTIVITY]
    client.get(reverse("cases:caseload"))
    assert client.session[LAST_ACTIVITY] == before  # not saved for a request ten seconds later
    idle_for(client, ACTIVITY_RESOLUTION + 1)
    client.get(reverse("cases:caseload"))
    assert client.session[LAST_ACTIVITY] == pytest.approx(timezone.now().timestamp(), abs=30)


def test_the_absolute_lifetime_counts_from_the_login(settings: Any, case_manager: User) -> None:
    client = logged_in_client(case_manager)
    expires = client.session.get_expiry_date()
    assert abs(expires - (timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE))) < dt.timedelta(minutes=1)
    # Writing the last activity does not push the end of the session further.
    idle_for(client, ACTIVITY_RESOLUTION + 1)
    client.get(reverse("cases:caseload"))
    assert client.session.get_expiry_date() == expires


def test_api_calls_with_a_token_have_no_session(system_user: User, api_as: Any) -> None:
    client = api_as(system_user)
    response = client.get("/cases")
    assert response.status_code != 401
    assert "sessionid" not in response.cookies
