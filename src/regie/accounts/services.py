"""Users, teams, API tokens and the second factor of logging in. Each write is audited."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core.context import Actor
from regie.core.errors import ValidationFailed, validation_from_django
from regie.core.services import require

from . import domain
from .choices import Role
from .models import ApiToken, PartnerOrganisation, Team, User, hash_token


def team_create(*, actor: Actor, name: str, region: str = "") -> Team:
    with transaction.atomic():
        team = Team(name=name, region=region)
        try:
            team.full_clean()
        except ValidationError as exc:
            raise validation_from_django(exc) from None
        team.save(force_insert=True)
        audit_record(actor=actor, event_type=EventType.TEAM_CREATED, subject=team, new={"name": name})
        return team


def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    teams: Iterable[Team] = (),
    partner_organisation: PartnerOrganisation | None = None,
) -> User:
    """A new user with an argon2-hashed password (or none: token-only system accounts)."""
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            first_name=first_name,
            last_name=last_name,
            email=email,
            partner_organisation=partner_organisation,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as exc:
            raise validation_from_django(exc) from None
        user.save()
        team_list = list(teams)
        user.teams.set(team_list)
        audit_record(
            actor=actor,
            event_type=EventType.USER_CREATED,
            subject=user,
            new={"username": username, "role": role, "teams": [t.pk for t in team_list]},
        )
        return user


def api_token_issue(*, actor: Actor, user: User, name: str) -> str:
    """Issue a token; the raw value is returned once and only its hash is kept."""
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
        audit_record(
            actor=actor,
            event_type=EventType.API_TOKEN_ISSUED,
            subject=token,
            new={"user": user.pk, "name": name, "prefix": token.prefix},
        )
    return raw


# -- the second factor (django-otp): an authenticator app (TOTP) and one-time recovery codes -----------
TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


def _code_refused(message: str) -> ValidationFailed:
    return ValidationFailed({"code": [message]})


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]  # shown once, never stored in the clear elsewhere


def second_factor_enrol(*, actor: Actor, user: User, key: str, code: str, verified_session: bool) -> Enrolment:
    """Set up the authenticator app whose secret `key` (hex) the enrolment page showed, once `code` shows
    that the app computes the same codes, with ten new recovery codes (old ones stop working). Replaces
    an app set up before only from a session that passed the second factor (`verified_session`):
    otherwise a stolen password would be enough to replace it. The code cannot be used again to log in."""
    require(actor.user is not None and actor.user.pk == user.pk, domain.ONLY_YOURSELF)
    existing = TOTPDevice.objects.filter(user=user, confirmed=True)
    require(verified_session or not existing.exists(), domain.REPLACE_NEEDS_VERIFIED)
    candidate = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
    try:
        candidate.full_clean(exclude=["user"])
    except ValidationError:
        raise _code_refused(domain.ENROL_CODE_WRONG) from None
    normalized = domain.normalize_code(code)
    if not normalized:
        raise _code_refused(domain.CODE_REQUIRED)
    totp = TOTP(candidate.bin_key, candidate.step, candidate.t0, candidate.digits, candidate.drift)
    if not domain.is_totp_code(normalized) or not totp.verify(int(normalized), tolerance=candidate.tolerance):
        raise _code_refused(domain.ENROL_CODE_WRONG)
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).delete()[0] > 0
        candidate.last_t = totp.t()  # this code is spent
        candidate.drift = totp.drift
        candidate.save()
        audit_record(
            actor=actor,
            event_type=EventType.MFA_ENROLLED,
            subject=user,
            new={"device": "totp", "replaced": replaced},
        )
        codes = recovery_codes_generate(actor=actor, user=user)
    return Enrolment(device=candidate, recovery_codes=codes)


def second_factor_verify(*, actor: Actor, user: User, code: str) -> Device:
    """Login step 2: a code of the authenticator app (six digits) or one of the recovery codes (each
    works once). Returns the device that accepted it, for `django_otp.login`. Wrong codes are
    throttled per device by django-otp (1, 2, 4, 8 ... seconds) and audited."""
    require(actor.user is not None and actor.user.pk == user.pk, domain.ONLY_YOURSELF)
    normalized = domain.normalize_code(code)
    if not normalized:
        raise _code_refused(domain.CODE_REQUIRED)
    method = "totp" if domain.is_totp_code(normalized) else "recovery_code"
    model: type[Device] = TOTPDevice if method == "totp" else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    refusal: str | None = None
    throttled = False
    # The failure's record and django-otp's throttling count must survive the refusal: raise after commit.
    with transaction.atomic():
        if device is None:
            refusal = domain.CODE_WRONG
        else:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                # django-otp times its throttling with Django's own clock, so the wait is told by it too.
                locked_until = (details or {}).get("locked_until")
                wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
                refusal, throttled = domain.THROTTLED % {"seconds": max(1, math.ceil(wait))}, True
            elif verify_token(user, device.persistent_id, normalized) is None:
                refusal = domain.CODE_WRONG
        if refusal is not None:
            audit_record(
                actor=actor,
                event_type=EventType.MFA_VERIFICATION_FAILED,
                subject=user,
                new={"method": method, "throttled": throttled},
            )
        elif isinstance(device, StaticDevice):
            audit_record(
                actor=actor,
                event_type=EventType.MFA_RECOVERY_CODE_USED,
                subject=user,
                new={"codes_left": device.token_set.count()},
            )
    if refusal is not None:
        raise _code_refused(refusal)
    assert device is not None
    return device


def recovery_codes_generate(*, actor: Actor, user: User) -> list[str]:
    """Ten new one-time recovery codes for `user`, returned once to be shown once; the old ones stop
    working. Only the person themselves, with an authenticator app set up."""
    require(actor.user is not None and actor.user.pk == user.pk, domain.ONLY_YOURSELF)
    with transaction.atomic():
        device, _created = StaticDevice.objects.select_for_update().get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        replaced = device.token_set.all().delete()[0]
        codes: set[str] = set()
        while len(codes) < domain.RECOVERY_CODE_COUNT:
            codes.add(StaticToken.random_token())
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in sorted(codes))
        device.throttle_reset(commit=False)
        device.confirmed = True
        device.save()
        audit_record(
            actor=actor,
            event_type=EventType.MFA_RECOVERY_CODES_GENERATED,
            subject=user,
            new={"count": len(codes), "replaced": replaced},
        )
    return sorted(codes)


def second_factor_remove(*, actor: Actor, user: User) -> int:
    """Remove the authenticator app and the recovery codes of `user`. By the person themselves (from a
    session that passed the second factor: the views see to that) or, as a reset after a lost phone, by an
    administrator. With MFA required the person sets up a new app at their next page. Returns how many
    devices were removed."""
    acting = actor.user
    require(acting is not None, domain.ONLY_ADMINISTRATORS)
    assert acting is not None
    by_administrator = acting.pk != user.pk
    require(
        not by_administrator or (acting.is_active and acting.role == Role.ADMINISTRATOR),
        domain.ONLY_ADMINISTRATORS,
    )
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            devices = model.objects.filter(user=user)
            removed += devices.count()
            devices.delete()
        audit_record(
            actor=actor,
            event_type=EventType.MFA_RESET if by_administrator else EventType.MFA_DEVICE_REMOVED,
            subject=user,
            new={"devices": removed},
        )
    return removed
