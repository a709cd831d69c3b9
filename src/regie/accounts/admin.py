"""Administration of users, teams and partner organisations, for the administrator role.

Every save and delete here writes an audit record in the same transaction, like a service does.
Case data is not administered here: it changes only through the case services.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core import clock
from regie.core.context import Actor, Channel
from regie.core.errors import RegieError
from regie.core.transactions import atomic

from . import services
from .choices import Role
from .models import AccessGrant, ApiToken, GrantStatus, PartnerOrganisation, Team, User
from .services import second_factor_remove


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
        with atomic():
            super().save_model(request, obj, form, change)
            changed = [f for f in form.changed_data if f not in ("password", "password1", "password2")]
            audit_record(
                actor=self._actor(request),
                event_type=EventType.ACCOUNT_CHANGED,
                subject=obj,
                new={"fields": changed, "created": not change},
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with atomic():
            super().save_related(request, form, formsets, change)


site = RegieAdminSite(name="admin")


@admin.register(User, site=site)
class RegieUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "role", "is_active", "second_factor")
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
    actions = ["reset_second_factor"]

    def get_queryset(self, request: HttpRequest) -> Any:
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(enrolled))

    @admin.display(boolean=True, description=_("Tweede factor"), ordering="has_second_factor")
    def second_factor(self, obj: Any) -> bool:
        return bool(getattr(obj, "has_second_factor", False))

    @admin.action(description=_("Tweede factor herstellen (bij verloren telefoon)"))
    def reset_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        """The person sets up a new authenticator app at their next login (with MFA required)."""
        actor = self._actor(request)
        for user in queryset:
            second_factor_remove(actor=actor, user=user)
        self.message_user(
            request,
            ngettext(
                "De tweede factor van %(n)s gebruiker is hersteld: bij de volgende keer inloggen stelt die een nieuwe authenticator-app in.",
                "De tweede factor van %(n)s gebruikers is hersteld: bij de volgende keer inloggen stellen zij een nieuwe authenticator-app in.",
                len(queryset),
            )
            % {"n": len(queryset)},
            messages.SUCCESS,
        )

    # Role, teams, organisation and 'active' decide which case data an account reads: their old and new
    # values are audited, and what an administrator grants to themself or to an account they created waits
    # for a second administrator (`services.account_access_settle`). The admin saves the teams after the
    # user (`save_related`), so the access before the change is kept on the request in between.
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        request._regie_access_before = services.Access.of(User.objects.get(pk=obj.pk)) if change else None  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with atomic():
            super().save_related(request, form, formsets, change)
            grant = services.account_access_settle(
                actor=self._actor(request), user=form.instance, before=getattr(request, "_regie_access_before", None)
            )
        if grant is not None:
            self.message_user(
                request,
                _("De toegang tot dossiers wacht op bevestiging door een tweede beheerder (vier ogen)."),
                messages.WARNING,
            )


@admin.register(AccessGrant, site=site)
class AccessGrantAdmin(AuditedAdmin):
    """Access waiting for a second administrator: confirm or refuse (never by who asked for it)."""

    list_display = ("user", "role", "status", "requested_by", "created_at", "decided_by")
    list_filter = ("status",)
    fields = ("user", "role", "team_ids", "partner_organisation", "is_active", "requested_by", "status", "decided_by")
    readonly_fields = fields
    actions = ("confirm", "refuse")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # decided through the actions, which go through the services

    def _decide(self, request: HttpRequest, queryset: Any, decide: Any, done: str) -> None:
        for grant in queryset.filter(status=GrantStatus.PENDING):
            try:
                decide(actor=self._actor(request), grant=grant)
            except RegieError as error:
                self.message_user(request, f"{grant}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{grant}: {done}", messages.SUCCESS)

    @admin.action(description=_("Toegang bevestigen (tweede beheerder)"))
    def confirm(self, request: HttpRequest, queryset: Any) -> None:
        self._decide(request, queryset, services.access_grant_confirm, str(_("bevestigd")))

    @admin.action(description=_("Toegang weigeren"))
    def refuse(self, request: HttpRequest, queryset: Any) -> None:
        self._decide(request, queryset, services.access_grant_refuse, str(_("geweigerd")))


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


# -- rule tables with validity periods (deadline rules, support amounts): one way to keep them ---------
class RuleVersionForm(forms.ModelForm):
    """A version of a rule in force from `valid_from` to `valid_until`. Something that started under a
    version keeps it, so a new version starts today or later, a version ends today or later, and two
    versions of the same rule (`key_fields`) never overlap."""

    key_fields: ClassVar[tuple[str, ...]] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = clock.today()
        existing = not self.instance._state.adding  # a uuid key is set before the first save
        valid_from = data.get("valid_from", self.instance.valid_from if existing else None)
        valid_until = data.get("valid_until")
        if not existing and valid_from is not None and valid_from < today:
            self.add_error(
                "valid_from",
                _("Een nieuwe versie begint vandaag of later: termijnen die al liepen, blijven onder de oude regel."),
            )
        if existing and "valid_until" in self.changed_data and valid_until is not None and valid_until < today:
            self.add_error(
                "valid_until", _("Een regel eindigt vandaag of later: termijnen die al liepen, mogen niet verschuiven.")
            )
        if valid_from is not None and valid_until is not None and valid_until < valid_from:
            self.add_error("valid_until", _("Deze datum ligt vóór 'geldig vanaf'."))
        key = {f: data.get(f, getattr(self.instance, f)) or "" for f in self.key_fields}
        if valid_from is not None and (not self.key_fields or key[self.key_fields[0]]):
            others = type(self.instance)._default_manager.filter(**key).exclude(pk=self.instance.pk)
            for other in others:
                starts_before_other_ends = other.valid_until is None or valid_from <= other.valid_until
                ends_after_other_starts = valid_until is None or valid_until >= other.valid_from
                if starts_before_other_ends and ends_after_other_starts:
                    self.add_error(
                        "valid_from",
                        _("Overlapt met de versie vanaf %(date)s: beëindig die eerst.")
                        % {"date": other.valid_from.strftime("%d-%m-%Y")},
                    )
                    break
        return data


class RuleVersionAdmin(AuditedAdmin):
    """A versioned rule table: a version in use is never changed, only ended; each save is audited with
    the old and the new values under `event_type`."""

    rule_fields: ClassVar[tuple[str, ...]] = ()
    event_type: ClassVar[EventType]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A version in use is never changed: only its end date can be set.
        return tuple(f for f in self.rule_fields if f != "valid_until") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with atomic():
            before = type(obj)._default_manager.get(pk=obj.pk) if change else None
            old = {f: getattr(before, f) for f in self.rule_fields} if before is not None else {}
            admin.ModelAdmin.save_model(self, request, obj, form, change)
            audit_record(
                actor=self._actor(request),
                event_type=self.event_type,
                subject=obj,
                old=old,
                new={f: getattr(obj, f) for f in self.rule_fields},
            )
