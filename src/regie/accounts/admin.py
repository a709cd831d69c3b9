"""Administration of users, teams and partner organisations, for the administrator role.

Every save and delete here writes an audit record in the same transaction, like a service does.
Case data is not administered here: it changes only through the case services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest

from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core.context import Actor, Channel

from .choices import Role
from .models import ApiToken, PartnerOrganisation, Team, User


def _is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", None) == Role.ADMINISTRATOR))


class RegieAdminSite(admin.AdminSite):
    site_header = "Regie – beheer"
    site_title = "Regie beheer"

    def has_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)


class AuditedAdmin(admin.ModelAdmin):
    """Administrators may manage these tables; each change is audited."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    has_add_permission = has_module_permission  # type: ignore[assignment]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the trail refers to these rows

    def _actor(self, request: HttpRequest) -> Actor:
        user = request.user
        assert isinstance(user, User)
        return Actor(user=user, channel=Channel.ADMIN, request_id=getattr(request, "request_id", ""))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changed = [f for f in form.changed_data if f not in ("password", "password1", "password2")]
            audit_record(
                actor=self._actor(request),
                event_type=EventType.ACCOUNT_CHANGED,
                subject=obj,
                new={"fields": changed, "created": not change},
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_related(request, form, formsets, change)


site = RegieAdminSite(name="admin")


@admin.register(User, site=site)
class RegieUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "teams")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoon", {"fields": ("first_name", "last_name", "email")}),
        ("Rol en teams", {"fields": ("role", "teams", "partner_organisation", "is_active")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2", "role", "teams", "partner_organisation")}),
    )
    filter_horizontal = ("teams",)


@admin.register(Team, site=site)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "region")
    search_fields = ("name",)


@admin.register(PartnerOrganisation, site=site)
class PartnerOrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind")


@admin.register(ApiToken, site=site)
class ApiTokenAdmin(AuditedAdmin):
    """Tokens are issued with `regie token` (the raw value is shown once); here they can be revoked."""

    list_display = ("name", "user", "prefix", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "key_hash", "last_used_at")
    fields = ("user", "name", "prefix", "last_used_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
