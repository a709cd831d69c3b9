"""Login, the start page (which sends each role to its own page) and the privacy officer's access log."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from regie.accounts.choices import Role
from regie.audit.selectors import access_log_for_person, person_for_privacy_review
from regie.cases.models import Case
from regie.core.errors import PermissionDenied

from .forms import LoginForm, VNumberForm
from .helpers import error_summary, web_actor, web_errors

ACCESS_LOG_LIMIT = 500


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
