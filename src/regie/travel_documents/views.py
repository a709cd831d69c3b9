"""The travel-documents page of a dossier (documents, LP requests) and the country requirements.

Thin: services and selectors do the work. The dossier page shows the documents and LP requests with,
for who may act, the forms that fit each request's state (the life cycle in travel_documents.domain).
Showing it logs the read (`selectors.travel_documents_read`). A successful write redirects to the
dossier's section; a refusal shows the page again with each message next to its field (400), or, on a
conflict or a step the life cycle does not allow, with the current state and the user's input (409).
Document numbers are posted, never put in a URL.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.cases.selectors import case_get
from regie.core.errors import ConcurrentEdit, NotFound, PermissionDenied, ValidationFailed
from regie.people.domain import is_country
from regie.web.helpers import (
    add_errors,
    current_user,
    dossier_submitter,
    error_summary,
    web_actor,
    web_errors,
    with_version,
)

from . import domain, selectors, services
from .forms import STEP_FORMS, CountryRequirementForm, DocumentRecordForm, LpPrepareForm, NewCountryForm
from .models import CountryRequirement, LpRequest

SECTION = "reisdocumenten"
DONE = {
    domain.SIGN: gettext_lazy("De ondertekening is vastgelegd."),
    domain.REFUSE_SIGNING: gettext_lazy("De weigering om te ondertekenen is vastgelegd."),
    domain.SEND: gettext_lazy("De verzending is vastgelegd."),
    domain.PRESENT: gettext_lazy("De presentatie op de ambassade is vastgelegd."),
    domain.CLOSE: gettext_lazy("De uitkomst is vastgelegd."),
}


def _forms(section: selectors.TravelDocumentsSection, bound: dict[str, BaseForm]) -> dict[str, Any]:
    """The forms that fit, for a user who may act: `bound` replaces the one that failed."""
    forms: dict[str, Any] = {}
    if section.can_work:
        forms["document_record"] = DocumentRecordForm()
        forms["lp_prepare"] = LpPrepareForm()
        for row in section.lp_requests:
            for action in row.actions:
                forms[f"{row.lp.pk}:{action}"] = STEP_FORMS[action](lp=row.lp)
    forms.update(bound)
    return forms


def _render(
    request: HttpRequest, case_id: uuid.UUID, *, bound: dict[str, BaseForm] | None = None, status: int = 200
) -> HttpResponse:
    section = selectors.travel_documents_read(actor=web_actor(request), case_id=case_id)
    shown: selectors.TravelDocumentsSection = section["travel_documents"]
    forms = _forms(shown, bound or {})
    case = section["case"]
    lp_rows = [
        (
            row,
            [(action, forms[f"{row.lp.pk}:{action}"]) for action in domain.ACTIONS if f"{row.lp.pk}:{action}" in forms],
        )
        for row in shown.lp_requests
    ]
    context = {
        "case": case,
        "person": case.person,
        "section": {**section, "on_page": True},
        "travel_documents": shown,
        "forms": forms,
        "lp_rows": lp_rows,
        "errors": error_summary(*forms.values()),
    }
    return render(request, "travel_documents/travel_documents.html", context, status=status)


# Success: back to the dossier's section; a refusal: this page again with the errors.
_submit = dossier_submitter(SECTION, _render)


@login_required
@require_GET
@web_errors
def travel_documents_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _render(request, case_id)


@login_required
@require_POST
@web_errors
def document_record(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    return _submit(
        request,
        case.pk,
        "document_record",
        DocumentRecordForm(request.POST),
        lambda d: services.document_record(actor=web_actor(request), case=case, **d),
        _("Het document is vastgelegd."),
    )


@login_required
@require_POST
@web_errors
def lp_prepare(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    return _submit(
        request,
        case.pk,
        "lp_prepare",
        LpPrepareForm(request.POST),
        lambda d: services.lp_request_prepare(actor=web_actor(request), case=case, **d),
        _("De LP-aanvraag is voorbereid."),
    )


def _lp_write(request: HttpRequest, lp: LpRequest, action: str) -> Callable[[dict[str, Any]], Any]:
    actor = web_actor(request)

    def write(d: dict[str, Any]) -> Any:
        common = {"actor": actor, "lp": lp, "expected_version": d["version"]}
        if action == domain.SIGN:
            return services.lp_request_sign(**common, signed_on=d["signed_on"])
        if action == domain.REFUSE_SIGNING:
            return services.lp_request_refuse_signing(
                **common, signing_refused_on=d["signing_refused_on"], note=d["note"]
            )
        if action == domain.SEND:
            return services.lp_request_send(**common, sent_on=d["sent_on"])
        if action == domain.PRESENT:
            return services.lp_request_present(**common, presented_on=d["presented_on"])
        return services.lp_request_close(
            **common,
            outcome=d["outcome"],
            outcome_on=d["outcome_on"],
            lp_valid_until=d.get("lp_valid_until"),
            document_number=d.get("document_number", ""),
            note=d["note"],
        )

    return write


@login_required
@require_POST
@web_errors
def lp_step(request: HttpRequest, case_id: uuid.UUID, lp_id: uuid.UUID, action: str) -> HttpResponse:
    """One step of an LP request's life cycle (`action` comes from the URL pattern, not the user)."""
    case = case_get(user=current_user(request), case_id=case_id)
    lp = selectors.lp_request_get(user=current_user(request), case=case, lp_request_id=lp_id)
    form_class = STEP_FORMS[action]

    def fresh(data: Any) -> BaseForm:
        current = LpRequest.objects.get(pk=lp.pk)
        return form_class(with_version(data, form_class(lp=current), current.version), lp=current)

    return _submit(
        request,
        case.pk,
        f"{lp.pk}:{action}",
        form_class(request.POST, lp=lp),
        _lp_write(request, lp, action),
        str(DONE[action]),
        fresh,
    )


# --- country requirements (reference data) -------------------------------------------------------


@login_required
@require_GET
@web_errors
def country_requirements(request: HttpRequest) -> HttpResponse:
    """The table of country requirements; team leads and administrators also get 'add a country'."""
    user = current_user(request)
    if not (user.role in selectors.REQUIREMENT_READERS and user.is_active):
        raise PermissionDenied("U hebt geen toegang tot de landeneisen.")
    context = {
        "requirements": selectors.country_requirement_list(user=user),
        "can_keep": selectors.can_keep_requirements(user),
        "new_form": NewCountryForm(),
    }
    return render(request, "travel_documents/country_requirements.html", context)


@login_required
@require_GET
@web_errors
def country_requirement_new(request: HttpRequest) -> HttpResponse:
    """'Add a country': the chosen code leads to that country's form (a code is no personal data)."""
    if not selectors.can_keep_requirements(current_user(request)):
        raise PermissionDenied(services.KEEPERS_ONLY)
    form = NewCountryForm(request.GET)
    if form.is_valid():
        return redirect("travel_documents:country_requirement", country=form.cleaned_data["land"])
    context = {
        "requirements": selectors.country_requirement_list(user=current_user(request)),
        "can_keep": True,
        "new_form": form,
        "errors": error_summary(form),
    }
    return render(request, "travel_documents/country_requirements.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def country_requirement(request: HttpRequest, country: str) -> HttpResponse:
    """One country's requirements: read for case workers, edit for team leads and administrators."""
    user = current_user(request)
    country = country.upper()
    if not is_country(country) or country == "XX":
        raise Http404
    try:
        current = selectors.country_requirement_get(user=user, country=country)
    except NotFound:
        if not selectors.can_keep_requirements(user):
            raise
        current = None
    can_keep = selectors.can_keep_requirements(user)
    initial = (
        {"version": current.version, **{name: getattr(current, name) for name in services.REQUIREMENT_FIELDS}}
        if current
        else None
    )
    form = CountryRequirementForm(initial=initial) if can_keep else None
    status = 200
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied(services.KEEPERS_ONLY)
        form = CountryRequirementForm(request.POST, initial=initial)
        status = 400
        if form.is_valid():
            try:
                services.country_requirement_save(
                    actor=web_actor(request),
                    country=country,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.values(),
                )
            except ConcurrentEdit as exc:
                data = request.POST.copy()
                fresh = selectors.country_requirement_get(user=user, country=country)
                data[form.add_prefix("version")] = str(fresh.version)
                form = CountryRequirementForm(data, initial=initial)
                form.is_valid()
                form.add_error(None, exc.message)
                current, status = fresh, 409
            except ValidationFailed as exc:
                add_errors(form, exc.errors)
            else:
                messages.success(request, _("De landeneisen zijn opgeslagen."))
                return redirect("travel_documents:country_requirement", country=country)
    context = {
        "country": country,
        "requirement": current,
        "form": form,
        "errors": error_summary(form) if form is not None else [],
        "history": selectors.country_requirement_history(user=user, requirement=current) if current else [],
        "field_labels": {f.name: f.verbose_name for f in CountryRequirement._meta.concrete_fields},
    }
    return render(request, "travel_documents/country_requirement.html", context, status=status)


@login_required
@require_GET
@web_errors
def lp_overview(request: HttpRequest) -> HttpResponse:
    """'LP-aanvragen per land': the specialist's view of every team's LP requests in flight, their age
    and the median response time per country."""
    countries = selectors.lp_overview_per_country(actor=web_actor(request))
    return render(request, "travel_documents/lp_overview.html", {"countries": countries})
