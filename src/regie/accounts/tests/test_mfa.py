"""The second factor: enrolment (QR code, manual key, confirmation, recovery codes once), login step 2 with
a code or a recovery code, throttling, replacing and removing, the administrator's reset, and what a
session that passed only the password may reach."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.accounts import domain
from regie.accounts.models import User
from regie.accounts.services import (
    recovery_codes_generate,
    second_factor_enrol,
    second_factor_remove,
    second_factor_verify,
)
from regie.audit.models import AuditEvent
from regie.core.context import Actor, Channel
from regie.core.errors import PermissionDenied, ValidationFailed
from regie.testing.fixtures import logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa_required")]

PASSWORD = "Regie-test-2026!"


# -- helpers -------------------------------------------------------------------------------------------
def code_now(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows (`steps_ahead` time steps later: a code not yet used)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead):06d}"


def enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    """`user` with an authenticator app and recovery codes, set up through the service."""
    key = TOTPDevice(user=user).key
    device = TOTPDevice(user=user, key=key)
    result = second_factor_enrol(
        actor=Actor(user=user), user=user, key=key, code=code_now(device), verified_session=False
    )
    return result.device, result.recovery_codes


def password_login(user: User) -> Client:
    """A client that passed the password (through the login page), not yet the second factor."""
    client = Client()
    response = client.post(reverse("web:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def events(user: User, event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, subject_id=str(user.pk)).order_by("id"))


def manual_key_from(page: str) -> str:
    match = re.search(r'id="manual-key">([A-Z2-7 ]+)<', page)
    assert match, "the manual key is on the page"
    return match.group(1)


def code_for_manual_key(key: str) -> str:
    raw = base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    return f"{totp(raw):06d}"


# -- the pure rules --------------------------------------------------------------------------------------
def test_codes_are_read_as_people_type_them() -> None:
    assert domain.normalize_code(" 123 456 ") == "123456"
    assert domain.normalize_code("ABCD-efgh") == "abcdefgh"
    assert domain.is_totp_code("123456") and not domain.is_totp_code("12345") and not domain.is_totp_code("abcdefgh")
    assert domain.grouped("abcdefgh") == "abcd-efgh"


def test_the_manual_key_is_base32_in_groups_of_four() -> None:
    key = "3132333435363738393031323334353637383930"  # RFC 6238's test secret "1234567890..."
    assert domain.manual_key(key) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    assert domain.manual_key("not hex") == ""


def test_idle_expiry() -> None:
    assert not domain.idle_expired(None, 10_000, 30)
    assert not domain.idle_expired(1_000, 1_000 + 30 * 60, 30)
    assert domain.idle_expired(1_000, 1_000 + 30 * 60 + 1, 30)
    assert not domain.idle_expired(0, 10**9, 0)  # 0 switches it off


# -- a password alone reaches only the pages of logging in ----------------------------------------------
def test_after_the_password_a_person_without_an_app_is_sent_to_set_one_up(case_manager: User) -> None:
    client = password_login(case_manager)
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:mfa_enrol") + "?next=" + reverse("cases:caseload").replace("/", "%2F")
    assert client.get(reverse("web:home"))["Location"] == reverse("web:mfa_enrol")
    assert client.get(reverse("web:mfa_enrol")).status_code == 200


def test_after_the_password_a_person_with_an_app_is_asked_for_the_code(case_manager: User) -> None:
    enrolled(case_manager)
    client = password_login(case_manager)
    assert client.get(reverse("cases:caseload"))["Location"].startswith(reverse("web:mfa_verify"))
    # Setting up another app would skip the code: it needs a session that passed the code.
    assert client.get(reverse("web:mfa_enrol"))["Location"] == reverse("web:mfa_verify")
    page = client.get(reverse("web:mfa_verify")).content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert "Werklijst" not in page  # no navigation before the second factor
    # The API does not take such a session either.
    assert client.get("/api/v1/cases").status_code == 401


def test_with_mfa_off_the_password_is_enough(settings: Any, case_manager: User) -> None:
    settings.MFA_REQUIRED = False
    assert password_login(case_manager).get(reverse("cases:caseload")).status_code == 200


def test_system_accounts_call_the_api_with_a_token_without_a_second_factor(system_user: User, api_as: Any) -> None:
    assert api_as(system_user).get("/api/v1/cases").status_code != 401
    # Given a password after all, a system account's session is asked for the second factor too.
    system_user.set_password(PASSWORD)
    system_user.save()
    assert password_login(system_user).get(reverse("web:home"))["Location"] == reverse("web:mfa_enrol")


# -- enrolment -------------------------------------------------------------------------------------------
def test_enrolment_shows_a_qr_code_and_the_key_then_the_recovery_codes_once(case_manager: User) -> None:
    client = password_login(case_manager)
    page = client.get(reverse("web:mfa_enrol"))
    body = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="regie-qr" role="img" aria-label="QR-code voor uw authenticator-app"' in body
    assert "style=" not in body and "<script>" not in body  # a strict CSP: no inline style or script
    key = manual_key_from(body)
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", key)
    assert client.get(reverse("web:mfa_enrol")).content.decode().count(key) == 1  # the same key on reload

    response = client.post(reverse("web:mfa_enrol"), {"code": code_for_manual_key(key)})
    assert response.status_code == 302 and response["Location"] == reverse("web:security")
    device = TOTPDevice.objects.get(user=case_manager)
    assert device.confirmed and domain.manual_key(device.key) == key

    shown = client.get(reverse("web:security")).content.decode()
    codes = re.findall(r'<code class="regie-mono">([a-z2-7]{4}-[a-z2-7]{4})</code>', shown)
    assert len(codes) == domain.RECOVERY_CODE_COUNT == len(set(codes))
    assert "no-store" in client.get(reverse("web:security"))["Cache-Control"]
    again = client.get(reverse("web:security")).content.decode()
    assert not any(code in again for code in codes)  # shown once
    assert "nog 10 ongebruikte herstelcodes" in again
    # The session passed the second factor: the work pages open.
    assert client.get(reverse("cases:caseload")).status_code == 200

    assert events(case_manager, "account.mfa_enrolled")[0].new_values == {"device": "totp", "replaced": False}
    assert events(case_manager, "account.mfa_recovery_codes_generated")[0].new_values == {"count": 10, "replaced": 0}


def test_a_wrong_confirmation_code_sets_nothing_up(case_manager: User) -> None:
    client = password_login(case_manager)
    client.get(reverse("web:mfa_enrol"))
    response = client.post(reverse("web:mfa_enrol"), {"code": "000000"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_code">Code: Deze code klopt niet' in body  # the error summary names the field
    assert not TOTPDevice.objects.filter(user=case_manager).exists()
    assert client.post(reverse("web:mfa_enrol"), {"code": ""}).status_code == 400


def test_the_confirmation_code_cannot_be_used_again_to_log_in(case_manager: User) -> None:
    key = TOTPDevice(user=case_manager).key
    code = code_now(TOTPDevice(key=key))
    second_factor_enrol(actor=Actor(user=case_manager), user=case_manager, key=key, code=code, verified_session=False)
    with pytest.raises(ValidationFailed) as refused:
        second_factor_verify(actor=Actor(user=case_manager), user=case_manager, code=code)
    assert refused.value.errors == {"code": [domain.CODE_WRONG]}


def test_only_a_session_that_passed_the_code_replaces_the_app(case_manager: User, other_case_manager: User) -> None:
    enrolled(case_manager)
    key = TOTPDevice(user=case_manager).key
    new_code = code_now(TOTPDevice(key=key))
    with pytest.raises(PermissionDenied):
        second_factor_enrol(
            actor=Actor(user=case_manager), user=case_manager, key=key, code=new_code, verified_session=False
        )
    with pytest.raises(PermissionDenied):
        second_factor_enrol(
            actor=Actor(user=other_case_manager), user=case_manager, key=key, code=new_code, verified_session=True
        )
    second_factor_enrol(
        actor=Actor(user=case_manager), user=case_manager, key=key, code=new_code, verified_session=True
    )
    assert TOTPDevice.objects.get(user=case_manager).key == key
    assert events(case_manager, "account.mfa_enrolled")[-1].new_values == {"device": "totp", "replaced": True}


# -- login step 2 ----------------------------------------------------------------------------------------
def test_login_with_a_code_from_the_app(case_manager: User) -> None:
    device, _codes = enrolled(case_manager)
    client = password_login(case_manager)
    target = reverse("cases:caseload")
    response = client.post(reverse("web:mfa_verify"), {"code": code_now(device, 1), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(target).status_code == 200
    assert client.get(reverse("web:mfa_verify"))["Location"] == reverse("web:home")  # nothing left to do


def test_next_must_be_a_page_of_this_site(case_manager: User) -> None:
    device, _codes = enrolled(case_manager)
    client = password_login(case_manager)
    response = client.post(reverse("web:mfa_verify"), {"code": code_now(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == reverse("web:home")


def test_a_wrong_code_is_refused_and_audited(case_manager: User) -> None:
    enrolled(case_manager)
    client = password_login(case_manager)
    response = client.post(reverse("web:mfa_verify"), {"code": "000000"})
    assert response.status_code == 400
    assert "Deze code klopt niet" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("cases:caseload")).status_code == 302
    failed = events(case_manager, "account.mfa_verification_failed")
    assert [e.new_values for e in failed] == [{"method": "totp", "throttled": False}]
    assert TOTPDevice.objects.get(user=case_manager).throttling_failure_count == 1


def test_failed_codes_are_throttled_even_when_the_next_one_is_right(case_manager: User) -> None:
    device, _codes = enrolled(case_manager)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    with pytest.raises(ValidationFailed) as refused:
        second_factor_verify(actor=Actor(user=case_manager), user=case_manager, code=code_now(device, 1))
    assert refused.value.errors["code"][0].startswith("Te veel onjuiste codes. Wacht ")
    assert events(case_manager, "account.mfa_verification_failed")[-1].new_values == {
        "method": "totp",
        "throttled": True,
    }
    # Once the wait is over (16 seconds after five failures), the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=17)
    )
    assert (
        second_factor_verify(actor=Actor(user=case_manager), user=case_manager, code=code_now(device, 1)).pk
        == device.pk
    )


def test_a_recovery_code_works_once(case_manager: User) -> None:
    _device, codes = enrolled(case_manager)
    client = password_login(case_manager)
    response = client.post(reverse("web:mfa_verify"), {"recovery-code": domain.grouped(codes[0]).upper()})
    assert response.status_code == 302
    assert client.get(reverse("cases:caseload")).status_code == 200
    assert StaticToken.objects.filter(device__user=case_manager).count() == 9
    assert events(case_manager, "account.mfa_recovery_code_used")[0].new_values == {"codes_left": 9}

    again = password_login(case_manager)
    refused = again.post(reverse("web:mfa_verify"), {"recovery-code": codes[0]})
    assert refused.status_code == 400
    assert 'href="#id_recovery-code">Herstelcode: Deze code klopt niet' in refused.content.decode()
    assert events(case_manager, "account.mfa_verification_failed")[-1].new_values == {
        "method": "recovery_code",
        "throttled": False,
    }


def test_new_recovery_codes_replace_the_old_ones(case_manager: User) -> None:
    _device, old = enrolled(case_manager)
    new = recovery_codes_generate(actor=Actor(user=case_manager), user=case_manager)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=case_manager).values_list("token", flat=True)) == set(new)
    with pytest.raises(ValidationFailed):
        second_factor_verify(actor=Actor(user=case_manager), user=case_manager, code=old[1])
    StaticDevice.objects.filter(user=case_manager).update(throttling_failure_count=0)
    assert second_factor_verify(actor=Actor(user=case_manager), user=case_manager, code=new[1])
    assert events(case_manager, "account.mfa_recovery_codes_generated")[-1].new_values == {"count": 10, "replaced": 10}


def test_new_recovery_codes_from_the_security_page(case_manager: User) -> None:
    device, old = enrolled(case_manager)
    client = password_login(case_manager)
    client.post(reverse("web:mfa_verify"), {"code": code_now(device, 1)})
    response = client.post(reverse("web:recovery_codes_new"))
    assert response.status_code == 302 and response["Location"] == reverse("web:security")
    shown = client.get(reverse("web:security")).content.decode()
    codes = [
        c.replace("-", "") for c in re.findall(r'<code class="regie-mono">([a-z2-7]{4}-[a-z2-7]{4})</code>', shown)
    ]
    assert len(codes) == 10 and not set(codes) & set(old)


# -- removing and resetting ------------------------------------------------------------------------------
def test_a_person_removes_their_second_factor_and_sets_up_a_new_one(case_manager: User) -> None:
    device, _codes = enrolled(case_manager)
    client = password_login(case_manager)
    client.post(reverse("web:mfa_verify"), {"code": code_now(device, 1)})
    response = client.post(reverse("web:second_factor_delete"))
    assert response["Location"] == reverse("web:mfa_enrol")
    assert not TOTPDevice.objects.filter(user=case_manager).exists()
    assert not StaticDevice.objects.filter(user=case_manager).exists()
    assert client.get(reverse("cases:caseload"))["Location"].startswith(reverse("web:mfa_enrol"))
    assert events(case_manager, "account.mfa_device_removed")[0].new_values == {"devices": 2}


def test_removing_needs_the_second_factor_first(case_manager: User) -> None:
    enrolled(case_manager)
    client = password_login(case_manager)
    assert client.post(reverse("web:second_factor_delete"))["Location"].startswith(reverse("web:mfa_verify"))
    assert TOTPDevice.objects.filter(user=case_manager).exists()


def test_an_administrator_resets_a_lost_second_factor_in_the_admin(administrator: User, case_manager: User) -> None:
    enrolled(case_manager)
    admin_device, _codes = enrolled(administrator)
    client = logged_in(administrator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = admin_device.persistent_id
    session.save()
    listing = client.get("/admin/accounts/user/")
    assert listing.status_code == 200 and "Tweede factor" in listing.content.decode()
    response = client.post(
        "/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [case_manager.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=case_manager).exists()
    assert TOTPDevice.objects.filter(user=administrator).exists()
    [reset] = events(case_manager, "account.mfa_reset")
    assert reset.actor == administrator and reset.channel == Channel.ADMIN and reset.new_values == {"devices": 2}


def test_only_an_administrator_resets_someone_elses_second_factor(case_manager: User, team_lead: User) -> None:
    enrolled(case_manager)
    with pytest.raises(PermissionDenied):
        second_factor_remove(actor=Actor(user=team_lead), user=case_manager)
    assert TOTPDevice.objects.filter(user=case_manager).exists()
