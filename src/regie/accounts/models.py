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
