"""Login (password, then the second factor), the start page (which sends each role to its own page), the
person's own security page and the privacy officer's access log."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from regie.accounts import domain as accounts_domain
from regie.accounts.choices import Role
from regie.accounts.middleware import second_factor_pending
from regie.accounts.selectors import second_factor_of
from regie.accounts.services import (
    recovery_codes_generate,
    second_factor_enrol,
    second_factor_remove,
    second_factor_verify,
)
from regie.audit.selectors import access_log_for_person, person_for_privacy_review
from regie.cases.models import Case
from regie.core.errors import PermissionDenied

from .forms import LoginForm, OneTimeCodeForm, RecoveryCodeForm, VNumberForm
from .helpers import current_user, error_summary, submit, web_actor, web_errors

ACCESS_LOG_LIMIT = 500


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED}


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts on its own page."""
    role = request.user.role  # type: ignore[union-attr]
    if role in (Role.CASE_MANAGER, Role.TEAM_LEAD):
        return redirect("cases:caseload")
    if role == Role.ANALYST:
        return redirect("reports:dashboard")
    if role == Role.PRIVACY_OFFICER:
        return redirect("web:privacy")
    if role == Role.ADMINISTRATOR:
        return redirect("admin:index")
    if role == Role.PARTNER:
        return redirect("support:partner_cases")
    if role == Role.COUNTRY_SPECIALIST:
        return redirect("travel_documents:lp_overview")
    return render(request, "web/home.html")


@login_required
@web_errors
def privacy(request: HttpRequest) -> HttpResponse:
    """Enter a V-number (POST: it never appears in a URL) and see who accessed that person's data."""
    if request.user.role != Role.PRIVACY_OFFICER:  # type: ignore[union-attr]
        raise PermissionDenied("Alleen de functionaris gegevensbescherming kan het toegangslog inzien.")
    form = VNumberForm(request.POST or None)
    context: dict[str, object] = {"form": form, "records": None}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            v_number = form.cleaned_data["v_number"]
            person = person_for_privacy_review(actor=web_actor(request), v_number=v_number)
            if person is None:
                form.add_error("v_number", _("Er is geen persoon met dit V-nummer."))
            else:
                records = list(
                    access_log_for_person(user=request.user, person_id=person.pk)[: ACCESS_LOG_LIMIT + 1]  # type: ignore[arg-type]
                )
                truncated = len(records) > ACCESS_LOG_LIMIT
                records = records[:ACCESS_LOG_LIMIT]
                numbers = dict(
                    Case.objects.filter(pk__in={r.case_id for r in records if r.case_id}).values_list("id", "number")
                )
                roles = dict(Role.choices)
                for r in records:
                    r.case_number = numbers.get(r.case_id, "") if r.case_id else ""  # type: ignore[attr-defined]
                    r.role_label = roles.get(r.role, r.role)  # type: ignore[attr-defined]
                context.update(records=records, truncated=truncated, limit=ACCESS_LOG_LIMIT, v_number=v_number)
        if form.errors:
            status = 400
            context["errors"] = error_summary(form)
    return render(request, "web/privacy.html", context, status=status)


# -- the second factor ---------------------------------------------------------------------------------
# The secret of an authenticator app being set up lives in the session until the person confirms it; the
# recovery codes just made wait there until the next page shows them, once.
ENROL_KEY = "regie_mfa_enrol_key"
NEW_RECOVERY_CODES = "regie_mfa_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second factor: `next` if it is a page of this site, else the start page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _passed(request: HttpRequest, device: Any) -> None:
    """The second factor is passed: remember the device in the session, under a new session key."""
    otp_login(request, device)
    request.session.cycle_key()


def qr_svg(text: str, label: str) -> SafeString:
    """`text` as a QR code in inline SVG (no script, no style attribute: the page keeps a strict CSP)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :].replace(
        "<svg ", f'<svg class="regie-qr" role="img" aria-label="{escape(label)}" ', 1
    )
    return mark_safe(svg)  # noqa: S308 - generated by qrcode from our own text; the label is escaped


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Login step 2: a code from the authenticator app, or a recovery code."""
    user = current_user(request)
    if not second_factor_pending(request):
        return redirect(_next_url(request))
    status = second_factor_of(user)
    if not status.enrolled and not status.recovery_codes_left:
        return redirect("web:mfa_enrol")
    recovery = "recovery-code" in request.POST
    code_form = OneTimeCodeForm(None if recovery else (request.POST or None))
    recovery_form = RecoveryCodeForm(request.POST if recovery else None, prefix="recovery")
    form = recovery_form if recovery else code_form
    if request.method != "POST":
        return _verify_page(request, code_form, recovery_form)
    verified: list[Any] = []

    def write(data: dict[str, Any]) -> None:
        verified.append(second_factor_verify(actor=web_actor(request), user=user, code=data["code"]))

    def success() -> HttpResponse:
        _passed(request, verified[0])
        if recovery:
            left = second_factor_of(user).recovery_codes_left
            messages.warning(
                request,
                ngettext(
                    "U hebt een herstelcode gebruikt; die werkt niet nog eens. U hebt nog %(n)s herstelcode.",
                    "U hebt een herstelcode gebruikt; die werkt niet nog eens. U hebt nog %(n)s herstelcodes.",
                    left,
                )
                % {"n": left},
            )
        return redirect(_next_url(request))

    return submit(
        request,
        form,
        write,
        done=_("U bent ingelogd."),
        success=success,
        failure=lambda failed, status: _verify_page(request, code_form, recovery_form, status=status),
    )


def _verify_page(request: HttpRequest, code_form: BaseForm, recovery_form: BaseForm, status: int = 200) -> HttpResponse:
    context = {
        "code_form": code_form,
        "recovery_form": recovery_form,
        "next": _next_url(request),
        "errors": error_summary(code_form, recovery_form),
    }
    return render(request, "web/mfa_verify.html", context, status=status)


@login_required
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code, then see the
    recovery codes once. Replacing an app needs a session that passed the second factor."""
    user = current_user(request)
    verified = bool(getattr(user, "is_verified", lambda: False)())
    if second_factor_of(user).enrolled and not verified:
        return redirect("web:mfa_verify")
    key = request.session.get(ENROL_KEY) or default_key()
    request.session[ENROL_KEY] = key
    form = OneTimeCodeForm(request.POST or None)
    enrolment: list[Any] = []

    def write(data: dict[str, Any]) -> None:
        enrolment.append(
            second_factor_enrol(
                actor=web_actor(request), user=user, key=key, code=data["code"], verified_session=verified
            )
        )

    def success() -> HttpResponse:
        done = enrolment[0]
        request.session.pop(ENROL_KEY, None)
        _passed(request, done.device)
        request.session[NEW_RECOVERY_CODES] = done.recovery_codes
        return redirect("web:security")

    def page(failed: BaseForm, status: int = 200) -> HttpResponse:
        device = TOTPDevice(user=user, key=key)
        context = {
            "form": failed,
            "errors": error_summary(failed),
            "qr": qr_svg(device.config_url, _("QR-code voor uw authenticator-app")),
            "manual_key": accounts_domain.manual_key(key),
            "replacing": verified,
        }
        return render(request, "web/mfa_enrol.html", context, status=status)

    if request.method != "POST":
        return page(form)
    return submit(request, form, write, done=_("Uw authenticator-app is ingesteld."), success=success, failure=page)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The person's own second factor: is it set up, recovery codes (just made ones shown once)."""
    user = current_user(request)
    codes = request.session.pop(NEW_RECOVERY_CODES, None)
    context = {
        "status": second_factor_of(user),
        "new_codes": [accounts_domain.grouped(c) for c in codes] if codes else None,
        "mfa_required": settings.MFA_REQUIRED,
    }
    response = render(request, "web/security.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold recovery codes
    return response


@login_required
@require_POST
@web_errors
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    request.session[NEW_RECOVERY_CODES] = recovery_codes_generate(actor=web_actor(request), user=user)
    messages.success(request, _("Er zijn nieuwe herstelcodes gemaakt. De oude werken niet meer."))
    return redirect("web:security")


@login_required
@require_POST
@web_errors
def second_factor_delete(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    second_factor_remove(actor=web_actor(request), user=user)
    messages.success(request, _("Uw tweede factor is verwijderd."))
    return redirect("web:mfa_enrol" if settings.MFA_REQUIRED else "web:security")
