"""Users, teams, API tokens and the second factor of logging in. Each write is audited."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_otp import verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.audit.services import audit_record
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import ValidationFailed, validation_from_django
from regie.core.services import lock, require
from regie.core.transactions import atomic

from . import domain
from .choices import Role
from .models import AccessGrant, ApiToken, GrantStatus, PartnerOrganisation, Team, User, hash_token


def team_create(*, actor: Actor, name: str, region: str = "") -> Team:
    with atomic():
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
    """A new user with an argon2-hashed password (or none: token-only system accounts). Created by an
    administrator's account, access to case data waits for a second administrator
    (`account_access_settle`); created by the operator on the server (no user: set-up, the demo), it
    takes effect at once."""
    with atomic():
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
        if actor.user is not None:
            account_access_settle(actor=actor, user=user, before=None)
        return user


def api_token_issue(*, actor: Actor, user: User, name: str) -> str:
    """Issue a token; the raw value is returned once and only its hash is kept."""
    raw = ApiToken.generate()
    with atomic():
        token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
        audit_record(
            actor=actor,
            event_type=EventType.API_TOKEN_ISSUED,
            subject=token,
            new={"user": user.pk, "name": name, "prefix": token.prefix},
        )
    return raw


def partner_system_account(*, actor: Actor, organisation: PartnerOrganisation) -> User:
    """The account a partner organisation's own system calls the API with: role partner, bound to the
    organisation, no password (tokens only), so it sees exactly what the organisation's people see.
    One per organisation; created on first use (audited like any new account)."""
    username = f"systeem-{str(organisation.pk)[:8]}"
    existing = User.objects.filter(username=username, partner_organisation=organisation, role=Role.PARTNER).first()
    if existing is not None:
        return existing
    return user_create(
        actor=actor,
        username=username,
        password=None,
        role=Role.PARTNER,
        first_name=organisation.name[:150],
        last_name="(systeem)",
        partner_organisation=organisation,
    )


# --- access to case data: role, teams, organisation, active; four eyes on what an admin grants to themself
# or to an account they created ---------------------------------------------------------------------------

# Roles that read case data about persons (the analyst reads figures without names; the administrator and
# delivering systems read no dossiers).
CASE_DATA_ROLES = frozenset(
    {Role.CASE_MANAGER, Role.TEAM_LEAD, Role.PARTNER, Role.PRIVACY_OFFICER, Role.COUNTRY_SPECIALIST}
)
GRANT_SELF = gettext_noop("Vier ogen: een tweede beheerder bevestigt of weigert deze toegang, niet wie haar aanvroeg.")
GRANT_DECIDED = gettext_noop("Over deze toegang is al beslist.")
ADMINISTRATORS_ONLY = gettext_noop("Alleen een beheerder beslist over toegang.")


@dataclass(frozen=True)
class Access:
    """What decides which case data an account reads: the audit trail records it as old and new values."""

    role: str
    teams: tuple[str, ...]
    partner_organisation: str | None
    is_active: bool

    @classmethod
    def of(cls, user: User) -> Access:
        return cls(
            role=user.role,
            teams=tuple(sorted(str(pk) for pk in user.teams.values_list("pk", flat=True))) if user.pk else (),
            partner_organisation=str(user.partner_organisation_id) if user.partner_organisation_id else None,
            is_active=user.is_active,
        )

    def keys(self) -> set[tuple[str, ...]]:
        """The case data this access opens, as comparable keys (empty: none)."""
        if not self.is_active or self.role not in CASE_DATA_ROLES:
            return set()
        if self.role == Role.PARTNER:
            return {("partner", self.partner_organisation or "")}
        if self.role == Role.PRIVACY_OFFICER:
            return {("privacy",)}
        return {(self.role, team) for team in self.teams}

    def widens(self, before: Access | None) -> bool:
        return bool(self.keys() - (before.keys() if before is not None else set()))

    def values(self) -> dict[str, object]:
        return {
            "role": self.role,
            "teams": list(self.teams),
            "partner_organisation": self.partner_organisation,
            "is_active": self.is_active,
        }


def _is_administrator(user: User | None) -> bool:
    return bool(user is not None and user.is_active and (user.is_superuser or user.role == Role.ADMINISTRATOR))


def _created_by(user: User, admin: User) -> bool:
    """Whether `admin` created `user` (through `user_create` or the admin's add form)."""
    created = Q(event_type=EventType.USER_CREATED) | Q(event_type=EventType.ACCOUNT_CHANGED, new_values__created=True)
    return (
        AuditEvent.objects.filter(created, actor=admin, subject_type="accounts.user", subject_id=str(user.pk))
        .only("pk")
        .exists()
    )


def _apply(user: User, access: Access) -> None:
    user.role = access.role
    user.partner_organisation_id = access.partner_organisation  # type: ignore[assignment]
    user.is_active = access.is_active
    user.save(update_fields=["role", "partner_organisation", "is_active"])
    user.teams.set(Team.objects.filter(pk__in=access.teams))


def account_access_settle(*, actor: Actor, user: User, before: Access | None) -> AccessGrant | None:
    """After an administrator saved `user` (`before`: its access until now; None for a new account):
    audit the change of access with its old and new values, and hold back what widens access to case data
    for the administrator themself or for an account they created. That part waits as a pending
    `AccessGrant` for a second administrator; the account keeps its old access (a new one stays inactive).
    Returns the pending grant, if any."""
    after = Access.of(user)
    if before == after:
        return None
    admin_user = actor.user
    held = (
        admin_user is not None
        and after.widens(before)
        and (before is None or user.pk == admin_user.pk or _created_by(user, admin_user))
    )
    with atomic():
        if not held:
            audit_record(
                actor=actor,
                event_type=EventType.ACCOUNT_ACCESS_CHANGED,
                subject=user,
                old=before.values() if before is not None else {},
                new=after.values(),
            )
            return None
        assert admin_user is not None
        kept = before if before is not None else Access(after.role, (), after.partner_organisation, False)
        _apply(user, kept)
        AccessGrant.objects.filter(user=user, status=GrantStatus.PENDING).update(
            status=GrantStatus.REFUSED, decided_by=admin_user, decided_at=clock.now()
        )
        grant = AccessGrant.objects.create(
            user=user,
            requested_by=admin_user,
            role=after.role,
            team_ids=list(after.teams),
            partner_organisation_id=after.partner_organisation,
            is_active=after.is_active,
        )
        audit_record(
            actor=actor,
            event_type=EventType.ACCESS_GRANT_REQUESTED,
            subject=grant,
            old=kept.values(),
            new={**after.values(), "user": user.pk},
        )
        return grant


def _decide(actor: Actor, grant: AccessGrant, status: str) -> AccessGrant:
    """Lock the pending `grant` and record the decision of a second administrator (not who asked for it,
    not the account itself)."""
    decider = actor.user
    require(_is_administrator(decider), ADMINISTRATORS_ONLY)
    assert decider is not None
    grant = lock(AccessGrant.objects.all(), grant.pk)
    require(grant.status == GrantStatus.PENDING, GRANT_DECIDED)
    require(decider.pk not in (grant.requested_by_id, grant.user_id), GRANT_SELF)
    grant.status, grant.decided_by, grant.decided_at = status, decider, clock.now()
    grant.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return grant


def access_grant_confirm(*, actor: Actor, grant: AccessGrant) -> AccessGrant:
    """A second administrator (not who asked, not the account itself) confirms: the access takes effect."""
    with atomic():
        grant = _decide(actor, grant, GrantStatus.CONFIRMED)
        user = User.objects.select_for_update().get(pk=grant.user_id)
        before = Access.of(user)
        after = Access(
            grant.role,
            tuple(sorted(grant.team_ids)),
            str(grant.partner_organisation_id) if grant.partner_organisation_id else None,
            grant.is_active,
        )
        _apply(user, after)
        audit_record(
            actor=actor,
            event_type=EventType.ACCESS_GRANT_CONFIRMED,
            subject=grant,
            old=before.values(),
            new={**after.values(), "user": user.pk, "requested_by": grant.requested_by_id},
        )
        return grant


def access_grant_refuse(*, actor: Actor, grant: AccessGrant) -> AccessGrant:
    """A second administrator refuses: nothing changes on the account."""
    with atomic():
        grant = _decide(actor, grant, GrantStatus.REFUSED)
        audit_record(
            actor=actor,
            event_type=EventType.ACCESS_GRANT_REFUSED,
            subject=grant,
            new={"user": grant.user_id, "requested_by": grant.requested_by_id},
        )
        return grant


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
    with atomic():
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
    with atomic():
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
    with atomic():
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
    with atomic():
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
