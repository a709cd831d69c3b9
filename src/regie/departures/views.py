"""The departure page of a case: plan, change, checklist, handover, confirm, cancel, close without departure.

Thin: services and selectors do the work. Every form carries the version the user saw; a refusal is
shown next to the field it names (or above the form when it names a fact, such as the checklist).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regie.cases import permissions
from regie.cases.selectors import case_get
from regie.core.errors import ConcurrentEdit, IllegalTransition, ValidationFailed
from regie.web.helpers import add_errors, arguments, current_user, error_summary, web_actor, web_errors

from . import selectors, services
from .choices import CHECKLIST_ITEMS
from .forms import CancelForm, CheckForm, CloseForm, ConfirmForm, HandoverForm, PlanForm, UpdateForm
from .models import Departure


def _render_page(
    request: HttpRequest, case_id: uuid.UUID, *, forms: dict[str, BaseForm] | None = None, status: int = 200
) -> HttpResponse:
    """The departure page. Reading it writes the access record (in `departures_page_read`)."""
    page = selectors.departures_page_read(actor=web_actor(request), case_id=case_id)
    forms = forms or {}
    case, planned = page.case, page.planned
    context: dict[str, Any] = {"page": page, "case": case, "person": case.person, "planned": planned}
    if page.can_work:
        context["close_form"] = forms.get("close") or CloseForm(case_version=case.version)
        if planned is None:
            context["plan_form"] = forms.get("plan") or PlanForm()
        else:
            d = planned.departure
            context["update_form"] = forms.get("update") or UpdateForm(departure=d)
            context["check_rows"] = [
                (row, forms.get(f"check:{row.item}") or CheckForm(departure=d, item=row.item))
                for row in planned.checklist
            ]
            context["handover_form"] = forms.get("handover") or HandoverForm(
                departure=d, medical_visible=page.medical_visible
            )
            context["confirm_form"] = forms.get("confirm") or ConfirmForm(departure=d)
            context["cancel_form"] = forms.get("cancel") or CancelForm(departure=d)
    context["errors"] = error_summary(*forms.values())
    return render(request, "departures/departure.html", context, status=status)


@login_required
@require_GET
@web_errors
def page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _render_page(request, case_id)


def _submit(
    request: HttpRequest,
    case_id: uuid.UUID,
    key: str,
    build: Callable[[Any], BaseForm],
    action: Callable[[BaseForm], Any],
    *,
    success: str,
    current_version: Callable[[], int],
    done: str = "departures:page",
) -> HttpResponse:
    """Validate, call the service, and answer: a redirect on success, else the page with the errors.

    After a conflict the form shows the user's input again carrying the version they are about to
    see: submitting again is then a deliberate choice over the other person's change.
    """
    form = build(request.POST)
    status = 400
    if form.is_valid():
        try:
            action(form)
        except ConcurrentEdit as exc:
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(current_version())
            form = build(data)
            form.is_valid()
            form.add_error(None, exc.message)
            status = 409
        except IllegalTransition as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = 409
        except ValidationFailed as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, success)
            return redirect(done, case_id=case_id)
    return _render_page(request, case_id, forms={key: form}, status=status)


def _departure(request: HttpRequest, case_id: uuid.UUID, departure_id: uuid.UUID) -> Departure:
    case = case_get(user=current_user(request), case_id=case_id)
    return selectors.departure_get(user=current_user(request), case=case, departure_id=departure_id)


def _departure_version(departure: Departure) -> Callable[[], int]:
    return lambda: Departure.objects.values_list("version", flat=True).get(pk=departure.pk)


@login_required
@require_POST
@web_errors
def plan(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)

    def action(form: Any) -> Any:
        kind = form.cleaned_data["kind"]
        return services.departure_plan(actor=web_actor(request), case=case, kind=kind, **form.plan_values())

    return _submit(
        request, case_id, "plan", PlanForm, action, success=_("Het vertrek is gepland."), current_version=lambda: 1
    )


@login_required
@require_POST
@web_errors
def update(request: HttpRequest, case_id: uuid.UUID, departure_id: uuid.UUID) -> HttpResponse:
    departure = _departure(request, case_id, departure_id)

    def action(form: Any) -> Any:
        changes = form.changes()
        if not changes:
            raise ValidationFailed({"__all__": [_("Er is niets gewijzigd.")]})
        return services.departure_update(
            actor=web_actor(request), departure=departure, expected_version=form.cleaned_data["version"], **changes
        )

    return _submit(
        request,
        case_id,
        "update",
        lambda data: UpdateForm(data, departure=departure),
        action,
        success=_("Het vertrek is gewijzigd."),
        current_version=_departure_version(departure),
    )


@login_required
@require_POST
@web_errors
def check(request: HttpRequest, case_id: uuid.UUID, departure_id: uuid.UUID) -> HttpResponse:
    departure = _departure(request, case_id, departure_id)
    # Each item has its own small form (prefix `controle-<item>`): the one that was sent names the item.
    item = next((i for i in CHECKLIST_ITEMS if f"controle-{i}-item" in request.POST), CHECKLIST_ITEMS[0])

    def action(form: Any) -> Any:
        d = form.cleaned_data
        return services.departure_check(actor=web_actor(request), departure=departure, **arguments(d))

    return _submit(
        request,
        case_id,
        f"check:{item}",
        lambda data: CheckForm(data, departure=departure, item=item),
        action,
        success=_("De controle is bijgewerkt."),
        current_version=_departure_version(departure),
    )


@login_required
@require_POST
@web_errors
def handover(request: HttpRequest, case_id: uuid.UUID, departure_id: uuid.UUID) -> HttpResponse:
    departure = _departure(request, case_id, departure_id)
    medical_visible = permissions.can_see_special_categories(current_user(request), departure.case)

    def action(form: Any) -> Any:
        d = form.cleaned_data
        return services.departure_handover(
            actor=web_actor(request),
            departure=departure,
            belongings=d["belongings"],
            physical_features=d["physical_features"],
            medical=d["medical"] if medical_visible else None,
            complete=d["complete"],
            expected_version=d["version"],
        )

    return _submit(
        request,
        case_id,
        "handover",
        lambda data: HandoverForm(data, departure=departure, medical_visible=medical_visible),
        action,
        success=_("De overdracht is vastgelegd."),
        current_version=_departure_version(departure),
    )


@login_required
@require_POST
@web_errors
def confirm(request: HttpRequest, case_id: uuid.UUID, departure_id: uuid.UUID) -> HttpResponse:
    departure = _departure(request, case_id, departure_id)

    def action(form: Any) -> Any:
        d = form.cleaned_data
        return services.departure_confirm(actor=web_actor(request), departure=departure, **arguments(d))

    return _submit(
        request,
        case_id,
        "confirm",
        lambda data: ConfirmForm(data, departure=departure),
        action,
        success=_("Het vertrek is bevestigd en het dossier is afgesloten."),
        current_version=_departure_version(departure),
        done="cases:dossier",
    )


@login_required
@require_POST
@web_errors
def cancel(request: HttpRequest, case_id: uuid.UUID, departure_id: uuid.UUID) -> HttpResponse:
    departure = _departure(request, case_id, departure_id)

    def action(form: Any) -> Any:
        d = form.cleaned_data
        return services.departure_cancel(actor=web_actor(request), departure=departure, **arguments(d))

    return _submit(
        request,
        case_id,
        "cancel",
        lambda data: CancelForm(data, departure=departure),
        action,
        success=_("Het vertrek is geannuleerd."),
        current_version=_departure_version(departure),
    )


@login_required
@require_POST
@web_errors
def close(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)

    def action(form: Any) -> Any:
        d = form.cleaned_data
        return services.case_close_without_departure(actor=web_actor(request), case=case, **arguments(d))

    return _submit(
        request,
        case_id,
        "close",
        lambda data: CloseForm(data, case_version=case.version),
        action,
        success=_("Het dossier is afgesloten."),
        current_version=lambda: case_get(user=current_user(request), case_id=case_id).version,
        done="cases:dossier",
    )
