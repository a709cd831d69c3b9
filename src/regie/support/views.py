"""The support pages: apply, the grant with its actions, and the partner organisation's view.
Thin: services and selectors do the work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.selectors import record_cases_shown
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.web.helpers import add_errors, arguments, current_user, error_summary, submit, web_actor, web_errors

from . import selectors, services
from .choices import SupportStatus
from .forms import (
    FIELD_ALIASES,
    ApplyForm,
    ConsentForm,
    ConsentWithdrawalForm,
    DecisionForm,
    DeliverForm,
    PartnerReportForm,
    ReferForm,
    RejectForm,
)
from .models import SupportGrant

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def apply(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Apply for support for the case's person or a household member; the rules compute the amount."""
    user = current_user(request)
    case = selectors.support_case_get(user=user, case_id=case_id)
    if not (permissions.can_work_on(user, case) and case.is_open):
        raise PermissionDenied("U mag geen ondersteuning aanvragen in dit dossier.")
    persons = selectors.household_for(case)
    form = ApplyForm(request.POST if request.method == "POST" else None, persons=persons)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                grant = services.support_grant_apply(
                    actor=web_actor(request),
                    case=case,
                    programme=d["programme"],
                    person=d["person"],
                    decided_on=d["decided_on"],
                    cash_requested_cents=form.cash_requested_cents(),
                    country=d["country"] or None,
                )
            except ValidationFailed as exc:
                add_errors(form, exc.errors, aliases=FIELD_ALIASES)
            else:
                if grant.status == SupportStatus.AWAITING_APPROVAL:
                    messages.success(
                        request, _("De ondersteuning is aangevraagd en wacht op akkoord van de teamleider.")
                    )
                else:
                    messages.success(request, _("De ondersteuning is toegekend."))
                return redirect("support:grant", case_id=case.pk, grant_id=grant.pk)
    access_record(
        actor=web_actor(request),
        person_ids=[p.pk for p in persons],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids=dict.fromkeys((p.pk for p in persons), case.pk),
    )
    context = {"case": case, "form": form, "errors": error_summary(form)}
    return render(request, "support/apply.html", context, status=status)


def _render_grant(
    request: HttpRequest,
    case_id: uuid.UUID,
    grant_id: uuid.UUID,
    *,
    forms: dict[str, BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The grant page with the actions the user may take. Showing it writes the access record."""
    user = current_user(request)
    case = selectors.support_case_get(user=user, case_id=case_id)
    grant = selectors.grant_get(user=user, case=case, grant_id=grant_id)
    section = selectors.support_dossier_section(user=user, case=case)
    can_work, is_lead = section["support_can_work"], section["support_is_team_lead"]
    forms = forms or {}
    waiting = grant.status == SupportStatus.AWAITING_APPROVAL
    # Four eyes: the team lead who applied does not decide; another team lead of the team does.
    decides = is_lead and waiting and grant.applied_by_id != user.pk
    referable = grant.status in (SupportStatus.APPROVED, SupportStatus.REFERRED)
    referred = grant.partner_id is not None and grant.status in (SupportStatus.REFERRED, SupportStatus.DELIVERED)
    withdrawable = referred and grant.consent_to_share_on is not None and grant.consent_withdrawn_on is None
    open_grant = grant.status in (SupportStatus.AWAITING_APPROVAL, SupportStatus.APPROVED, SupportStatus.REFERRED)

    def form(key: str, allowed: bool, build: Callable[[], BaseForm]) -> BaseForm | None:
        return forms.get(key) or (build() if allowed else None)

    context: dict[str, Any] = {
        "case": case,
        "grant": grant,
        "approve_form": form("approve", decides, lambda: DecisionForm(grant=grant, prefix="akkoord")),
        "reject_form": form("reject", decides, lambda: RejectForm(grant=grant, prefix="afwijzen")),
        "refer_form": form("refer", can_work and referable, lambda: ReferForm(grant=grant)),
        "deliver_form": form("deliver", can_work and referable, lambda: DeliverForm(grant=grant)),
        "cancel_form": form("cancel", can_work and open_grant, lambda: DecisionForm(grant=grant, prefix="vervallen")),
        "consent_form": form("consent", can_work and referred, lambda: ConsentForm(grant=grant)),
        "withdraw_form": form("withdraw", can_work and withdrawable, lambda: ConsentWithdrawalForm(grant=grant)),
        "reports": list(grant.reports.select_related("partner").order_by("-occurred_on", "-created_at")),
        "waits_for_lead": waiting and not decides,
        "errors": error_summary(*forms.values()),
    }
    access_record(
        actor=web_actor(request),
        person_ids=[grant.person_id],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids={grant.person_id: case.pk},
    )
    return render(request, "support/grant.html", context, status=status)


@login_required
@require_GET
@web_errors
def grant(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _render_grant(request, case_id, grant_id)


def _act(
    request: HttpRequest,
    case_id: uuid.UUID,
    grant_id: uuid.UUID,
    *,
    key: str,
    build: Callable[[Any, SupportGrant], BaseForm],
    run: Callable[[SupportGrant, dict[str, Any]], SupportGrant],
    done: str,
) -> HttpResponse:
    """One action on a grant: validate the form, call the service, show errors next to the fields."""
    user = current_user(request)
    case = selectors.support_case_get(user=user, case_id=case_id)
    current = selectors.grant_get(user=user, case=case, grant_id=grant_id)
    form = build(request.POST, current)
    status = 400
    if form.is_valid():
        try:
            run(current, form.cleaned_data)
        except ConcurrentEdit as exc:
            # The user's input again, now with the version of the grant they are about to see.
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(selectors.grant_get(user=user, case=case, grant_id=grant_id).version)
            form = build(data, current)
            form.is_valid()
            form.add_error(None, exc.message)
            status = 409
        except IllegalTransition as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationFailed as exc:
            add_errors(form, exc.errors, aliases=FIELD_ALIASES)
        else:
            messages.success(request, done)
            return redirect("support:grant", case_id=case.pk, grant_id=current.pk)
    return _render_grant(request, case_id, grant_id, forms={key: form}, status=status)


@login_required
@require_POST
@web_errors
def approve(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        case_id,
        grant_id,
        key="approve",
        build=lambda data, g: DecisionForm(data, grant=g, prefix="akkoord"),
        run=lambda g, d: services.support_grant_approve(
            actor=web_actor(request), grant=g, expected_version=d["version"]
        ),
        done=_("De ondersteuning is goedgekeurd."),
    )


@login_required
@require_POST
@web_errors
def reject(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        case_id,
        grant_id,
        key="reject",
        build=lambda data, g: RejectForm(data, grant=g, prefix="afwijzen"),
        run=lambda g, d: services.support_grant_reject(actor=web_actor(request), grant=g, **arguments(d)),
        done=_("De ondersteuning is afgewezen."),
    )


@login_required
@require_POST
@web_errors
def refer(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        case_id,
        grant_id,
        key="refer",
        build=lambda data, g: ReferForm(data, grant=g),
        run=lambda g, d: services.support_grant_refer(actor=web_actor(request), grant=g, **arguments(d)),
        done=_("De ondersteuning is doorverwezen naar de partnerorganisatie."),
    )


@login_required
@require_POST
@web_errors
def deliver(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        case_id,
        grant_id,
        key="deliver",
        build=lambda data, g: DeliverForm(data, grant=g),
        run=lambda g, d: services.support_grant_deliver(actor=web_actor(request), grant=g, **arguments(d)),
        done=_("De verstrekking is vastgelegd."),
    )


@login_required
@require_POST
@web_errors
def cancel(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        case_id,
        grant_id,
        key="cancel",
        build=lambda data, g: DecisionForm(data, grant=g, prefix="vervallen"),
        run=lambda g, d: services.support_grant_cancel(
            actor=web_actor(request), grant=g, expected_version=d["version"]
        ),
        done=_("De ondersteuning is vervallen verklaard."),
    )


@login_required
@require_POST
@web_errors
def consent(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        case_id,
        grant_id,
        key="consent",
        build=lambda data, g: ConsentForm(data, grant=g),
        run=lambda g, d: services.support_consent_record(
            actor=web_actor(request),
            grant=g,
            consent_to_share_on=d["consent_to_share_on"],
            consent_scope=ConsentForm.consent_scope_of(d),
            expected_version=d["version"],
        ),
        done=_("De toestemming is vastgelegd."),
    )


@login_required
@require_POST
@web_errors
def withdraw_consent(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        case_id,
        grant_id,
        key="withdraw",
        build=lambda data, g: ConsentWithdrawalForm(data, grant=g),
        run=lambda g, d: services.support_consent_withdraw(actor=web_actor(request), grant=g, **arguments(d)),
        done=_("De intrekking is vastgelegd; de partnerorganisatie ziet het dossier niet meer."),
    )


# --- partner organisations ----------------------------------------------------------------------------


@login_required
@require_GET
@web_errors
def partner_cases(request: HttpRequest) -> HttpResponse:
    """The cases referred to the partner's organisation: dossier numbers and support, no names."""
    user = current_user(request)
    if not selectors.is_partner(user):
        raise PermissionDenied("Alleen partnerorganisaties zien doorverwezen dossiers.")
    page = Paginator(selectors.partner_case_list(user=user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    grants = selectors.partner_grants_overview(user=user, cases=list(page.object_list))
    rows = [(case, grants.get(case.pk, [])) for case in page.object_list]
    record_cases_shown(actor=web_actor(request), cases=page.object_list, purpose=AccessPurpose.PARTNER_LIST)
    return render(request, "support/partner_cases.html", {"page": page, "rows": rows})


def _render_partner_case(
    request: HttpRequest, case_id: uuid.UUID, *, form: PartnerReportForm | None = None, status: int = 200
) -> HttpResponse:
    view = selectors.partner_case_view(actor=web_actor(request), case_id=case_id)
    grants = [item.grant for item in view.grants]
    report_form = form or PartnerReportForm(grants=grants)
    context = {"view": view, "form": report_form, "errors": error_summary(report_form) if form else []}
    return render(request, "support/partner_case.html", context, status=status)


@login_required
@require_GET
@web_errors
def partner_case(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """One referred case as the partner may see it (person data only within the consent's scope), what
    the partner reported, and the form to report back."""
    return _render_partner_case(request, case_id)


@login_required
@require_POST
@web_errors
def partner_report(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The partner reports back (counselling, application, delivery, departure, reintegration)."""
    user = current_user(request)
    if not selectors.is_partner(user):
        raise PermissionDenied("Alleen partnerorganisaties zien doorverwezen dossiers.")
    case = selectors.partner_case_get(user=user, case_id=case_id)
    form = PartnerReportForm(request.POST, grants=selectors.partner_grants_of_case(user=user, case=case))
    return submit(
        request,
        form,
        lambda d: services.partner_report_record(actor=web_actor(request), case_id=case.pk, **form.arguments()),
        done=_("Uw terugmelding is vastgelegd."),
        success=lambda: redirect("support:partner_case", case_id=case.pk),
        failure=lambda failed, status: _render_partner_case(
            request, case.pk, form=cast(PartnerReportForm, failed), status=status
        ),
    )
