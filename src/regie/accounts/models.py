"""Users, their role, teams and partner organisations, and API tokens for systems."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.models import BaseModel

from .choices import Role


class Team(BaseModel):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    region = models.CharField(_("regio"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(BaseModel):
    name = models.CharField(_("naam"), max_length=150, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=[("iom", "IOM"), ("ngo", "NGO")])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who works with Regie. The role decides what they may see (see selectors)."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.CASE_MANAGER)
    teams = models.ManyToManyField(Team, blank=True, related_name="members", verbose_name=_("teams"))
    partner_organisation = models.ForeignKey(
        PartnerOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=Role.PARTNER, partner_organisation__isnull=False)
                | ~models.Q(role=Role.PARTNER),
                name="partner_user_has_organisation",
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(BaseModel):
    """A bearer token for a system that delivers or reads dossiers. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def generate() -> str:
        return "rg_" + secrets.token_urlsafe(32)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op tweede beheerder")
    CONFIRMED = "confirmed", _("Bevestigd")
    REFUSED = "refused", _("Afgewezen")


class AccessGrant(BaseModel):
    """Access to case data that an administrator asked for themself or for an account they created: it
    takes effect only when a second administrator confirms it (four eyes, `services.access_grant_confirm`).
    Until then the account keeps the access it had (a new account: none, it is inactive)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_grants", verbose_name=_("account"))
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="access_grants_requested", verbose_name=_("aangevraagd door")
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    team_ids = models.JSONField(_("teams"), default=list)
    partner_organisation = models.ForeignKey(
        PartnerOrganisation, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("partnerorganisatie")
    )
    is_active = models.BooleanField(_("actief"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("besloten door")
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("toegangsaanvraag")
        verbose_name_plural = _("toegangsaanvragen")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_access_grant_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.get_role_display()}"
