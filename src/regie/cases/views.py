"""The case pages: caseload, search, dossier, intake, assignment. Thin: services and selectors do the work."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseForm, Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from regie.accounts.choices import Role
from regie.audit.choices import AccessPurpose
from regie.core import clock
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.core.i18n import translate
from regie.core.replica import reading_from_replica
from regie.deadlines.domain import departure_term_end
from regie.deadlines.selectors import rules_in_force, worklist_counts
from regie.people import services as people_services
from regie.people.choices import DuplicateStatus, NationalityStatus
from regie.people.models import Nationality, Person
from regie.web.helpers import (
    add_errors,
    arguments,
    case_url_template,
    current_user,
    error_summary,
    is_htmx,
    submit,
    to_dossier,
    vary_on_htmx,
    web_actor,
    web_errors,
    with_version,
)
from regie.web.templatetags.regie_web import country_name, deadline_badge

from . import permissions, services
from .choices import Phase
from .forms import (
    AppointmentForm,
    AssignForm,
    BulkAssignForm,
    CaseloadFilterForm,
    CircumstanceForm,
    DuplicateDecisionForm,
    FamilyLinkForm,
    IntakeForms,
    LanguageSetForm,
    MedicalBackgroundForm,
    NationalityEstablishForm,
    NoteForm,
    PersonCorrectionForm,
    SavedFilterForm,
    SearchForm,
    TransitionForm,
)
from .intake import validate_intake
from .models import Case
from .registry import approvals_for, dossier_reads_start, dossier_sections, summary_for
from .selectors import (
    SEARCH_TIERS,
    case_get,
    case_list,
    case_timeline,
    case_visibility,
    caseload_page_cases,
    dossier_read,
    duplicate_candidate_get,
    next_deadline_visible,
    person_search,
    record_cases_shown,
    team_overview,
    timeline_changes,
    upcoming_appointments,
)

PAGE_SIZE = 50


@login_required
@web_errors
def caseload(request: HttpRequest) -> HttpResponse:
    """Visible cases, next actionable deadline first or in the chosen column's order; the filters apply
    when submitted (htmx then refreshes only the table)."""
    user = current_user(request)
    form = CaseloadFilterForm(request.GET, user=user)
    filters = form.filters()
    cases = caseload_page_cases(user=user, filters=filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("pagina"))
    # Names and V-numbers of everyone on the page are shown: one access record per person.
    record_cases_shown(actor=web_actor(request), cases=page.object_list, purpose=AccessPurpose.CASELOAD)
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "rows": caseload_rows(page.object_list, user),
        # At a million cases a team's caseload has thousands of pages: the first, the last and those near.
        "page_links": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "query": query.urlencode(),
        "order": filters.order,
        # One's own cases: the team and case manager columns would say the same on every row.
        "own": filters.assigned_to_me,
        "saved_filters": list(user.saved_filters.all()),
        "save_form": SavedFilterForm(initial={"query": query.urlencode()}),
        "bulk_form": BulkAssignForm(user=user) if user.role == Role.TEAM_LEAD else None,
    }
    if not is_htmx(request) and user.role in (Role.CASE_MANAGER, Role.TEAM_LEAD):
        # The first question of the day, in numbers (no person shown): what is late, today, this week.
        context["counts"] = worklist_counts(user=user)
    template = "cases/_caseload_results.html" if is_htmx(request) else "cases/caseload.html"
    return vary_on_htmx(render(request, template, context))


@dataclass(frozen=True)
class CaseloadRow:
    """One row of the caseload, its cells worked out here once: the template only places them."""

    case: Case
    pk: str
    url: str
    number: str
    name: str
    v_number: str
    phase: str
    team: str
    assignee: SafeString
    nationalities: SafeString
    next_action: SafeString
    term: SafeString
    select_label: SafeString  # the label of the row's checkbox (a team lead's bulk assignment)


def caseload_rows(cases: Any, user: Any) -> list[CaseloadRow]:
    """The caseload's rows. Every cell that needs a lookup, a translation, a date calculation or a choice
    is built in Python (a variable, tag or filter per cell per row made the template the slowest part of
    the page); the same deadline date is rendered once a page."""
    phases = {code: str(label) for code, label in Phase.choices}
    dossier_url = case_url_template("cases:dossier")
    muted_unknown = format_html('<span class="regie-muted">{}</span>', _("onbekend"))
    claimed = format_html(' <span class="regie-muted">({})</span>', _("gesteld"))
    shielded = format_html('<span class="regie-muted">{}</span>', _("termijn (details afgeschermd)"))
    nobody = format_html('<span class="regie-muted">{}</span>', _("nog niemand"))
    select = _("Dossier %(number)s selecteren")
    no_deadline = format_html('<span class="regie-nowrap">{}</span>', deadline_badge(None))
    next_actions: dict[Any, SafeString] = {}
    terms: dict[Any, SafeString] = {}
    nationalities: dict[tuple[str, bool], SafeString] = {}

    def nationality(code: str, is_claimed: bool) -> SafeString:
        shown = nationalities.get((code, is_claimed))
        if shown is None:
            shown = nationalities[code, is_claimed] = format_html(
                "{}{}", country_name(code), claimed if is_claimed else ""
            )
        return shown

    rows = []
    for case in cases:
        person = case.person
        countries = [nationality(n.country, n.status == NationalityStatus.CLAIMED) for n in person.nationalities.all()]
        if not next_deadline_visible(user, case):
            next_action = shielded
        elif case.next_deadline:
            key = (case.next_deadline_label or "", case.next_deadline)
            next_action = next_actions.get(key) or next_actions.setdefault(
                key,
                format_html('{}<br><span class="regie-nowrap">{}</span>', translate(key[0]), deadline_badge(key[1])),
            )
        else:
            next_action = no_deadline
        ends = case.departure_term_ends
        if ends:
            term = terms.get(ends) or terms.setdefault(ends, deadline_badge(ends, code="departure_term"))
        else:
            term = muted_unknown
        assignee = case.assigned_to
        rows.append(
            CaseloadRow(
                case=case,
                pk=str(case.pk),
                url=dossier_url(case.pk),
                number=case.number,
                v_number=person.v_number,
                name=f"{person.family_name}, {person.given_names}" if person.given_names else person.family_name,
                phase=phases.get(case.phase, case.phase),
                team=(case.team.name if case.team else "") or "–",
                assignee=conditional_escape(assignee.display_name) if assignee else nobody,
                nationalities=SafeString(", ".join(countries)) if countries else muted_unknown,
                next_action=next_action,
                term=term,
                select_label=SafeString(select % {"number": conditional_escape(case.number)}),
            )
        )
    return rows


EXPORT_MAX_ROWS = 50_000
EXPORT_COLUMNS = (
    gettext_lazy("Dossier"),
    gettext_lazy("V-nummer"),
    gettext_lazy("Achternaam"),
    gettext_lazy("Voornamen"),
    gettext_lazy("Nationaliteit"),
    gettext_lazy("Fase"),
    gettext_lazy("Doelgroep"),
    gettext_lazy("Instroom"),
    gettext_lazy("Team"),
    gettext_lazy("Regievoerder"),
    gettext_lazy("Eerstvolgende actie"),
    gettext_lazy("Datum eerstvolgende actie"),
    gettext_lazy("Einde vertrektermijn"),
)


@login_required
@web_errors
def caseload_export(request: HttpRequest) -> HttpResponse:
    """The caseload with its filters and order as CSV (UTF-8 with BOM and semicolons, as spreadsheets in
    the Netherlands read it), at most EXPORT_MAX_ROWS rows. Every person in it gets an access record
    (purpose: export) before the file is sent. The rows are read from the streaming replica when one is
    configured (regie.core.replica); the access records are written to the primary."""
    user = current_user(request)
    form = CaseloadFilterForm(request.GET, user=user)
    with reading_from_replica():
        cases = list(
            case_list(user=user, filters=form.filters()).prefetch_related("person__nationalities")[:EXPORT_MAX_ROWS]
        )
    record_cases_shown(actor=web_actor(request), cases=cases, purpose=AccessPurpose.EXPORT)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(c) for c in EXPORT_COLUMNS])
    for case in cases:
        person = case.person
        writer.writerow(
            [
                case.number,
                person.v_number,
                person.family_name,
                person.given_names,
                ", ".join(n.country for n in person.nationalities.all()),
                case.get_phase_display(),
                case.get_target_group_display(),
                case.get_source_display(),
                case.team.name if case.team else "",
                case.assigned_to.display_name if case.assigned_to else "",
                *(
                    (case.next_deadline_label, case.next_deadline.isoformat() if case.next_deadline else "")
                    if next_deadline_visible(user, case)
                    else (_("termijn (details afgeschermd)"), "")
                ),
                case.departure_term_ends.isoformat() if case.departure_term_ends else "",
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    # No personal data in the file name: the date only.
    response["Content-Disposition"] = f'attachment; filename="werkvoorraad-{clock.today().isoformat()}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _refusal_messages(request: HttpRequest, exc: ValidationFailed) -> None:
    """A refusal of an action that has no form of its own to show it next to: one message per reason."""
    for field_messages in exc.errors.values():
        for message in field_messages:
            messages.error(request, translate(message))


@login_required
@web_errors
def team(request: HttpRequest) -> HttpResponse:
    """The team lead's page: each case manager's workload, and what waits for the lead's decision."""
    user = current_user(request)
    rows, figures, unassigned = team_overview(user=user)
    approvals = approvals_for(user)
    # The inbox names the dossiers (number) of the requests: shown persons, so access-logged.
    record_cases_shown(actor=web_actor(request), cases=[a.case for a in approvals], purpose=AccessPurpose.WORKLIST)
    context = {"rows": rows, "figures": figures, "unassigned": unassigned, "approvals": approvals}
    return render(request, "cases/team.html", context)


@login_required
@require_POST
@web_errors
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Reassign the cases selected on the caseload to one case manager; back to the same list."""
    user = current_user(request)
    form = BulkAssignForm(request.POST, user=user)
    back = reverse("cases:caseload") + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    if not form.is_valid():
        messages.error(request, _("Kies de dossiers en de regievoerder aan wie u ze toewijst."))
        return redirect(back)
    cases = [case_get(user=user, case_id=case_id) for case_id in form.cleaned_data["dossiers"]]
    assignee = form.cleaned_data["assigned_to"]
    try:
        done = services.case_assign_many(actor=web_actor(request), cases=cases, assigned_to=assignee)
    except ValidationFailed as exc:
        _refusal_messages(request, exc)
    else:
        messages.success(
            request,
            _("%(count)d dossiers toegewezen aan %(name)s.") % {"count": len(done), "name": assignee.display_name},
        )
    return redirect(back)


@login_required
@require_POST
@web_errors
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    url = reverse("cases:caseload")
    query = request.POST.get("query", "")
    if form.is_valid():
        try:
            services.saved_filter_save(actor=web_actor(request), **form.cleaned_data)
        except ValidationFailed as exc:
            _refusal_messages(request, exc)
        else:
            messages.success(request, _("Het filter is bewaard."))
    else:
        messages.error(request, _("Geef het filter een naam (hoogstens 60 tekens)."))
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_POST
@web_errors
def saved_filter_delete(request: HttpRequest, saved_filter_id: int) -> HttpResponse:
    services.saved_filter_delete(actor=web_actor(request), saved_filter_id=saved_filter_id)
    messages.success(request, _("Het bewaarde filter is verwijderd."))
    return redirect(reverse("cases:caseload"))


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def search(request: HttpRequest) -> HttpResponse:
    """Search is a POST: names and V-numbers stay out of URLs, logs and browser history."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    hits = None
    if form.is_valid():
        hits = person_search(
            user=current_user(request),
            query=form.cleaned_data["q"],
            include_closed=form.cleaned_data["include_closed"],
        )
        record_cases_shown(actor=web_actor(request), cases=[h.case for h in hits], purpose=AccessPurpose.SEARCH)
    context = {"form": form, "hits": hits, "errors": error_summary(form), "tiers": SEARCH_TIERS}
    if is_htmx(request):
        # htmx swaps only 2xx answers: the fragment carries the error next to the field itself.
        return vary_on_htmx(render(request, "cases/_search_area.html", context))
    return vary_on_htmx(render(request, "cases/search.html", context, status=400 if form.errors else 200))


def _deadlines(case: Case, stored: list[Any]) -> list[Any]:
    """The case's computed deadlines and flags, each with its explanation; nearest first."""
    if stored or not case.return_decision_date:
        return stored
    # Not computed yet (the engine runs after save): at least the departure term, explained.
    return [
        departure_term_end(
            decision_date=case.return_decision_date,
            term_days=case.departure_term_days if case.departure_term_reason else None,
            rules=rules_in_force(),
        )
    ]


def _render_dossier(
    request: HttpRequest, case_id: uuid.UUID, *, forms: dict[str, BaseForm] | None = None, status: int = 200
) -> HttpResponse:
    """The dossier page. Reading it writes the access record (in `dossier_read`)."""
    dossier = dossier_read(actor=web_actor(request), case_id=case_id)
    case, user = dossier.case, current_user(request)
    # The sections and summary lines read what they share once (cases.registry.read_once).
    dossier_reads_start(case)
    forms = forms or {}
    can_work = permissions.can_work_on(user, case) and case.is_open
    can_special = can_work and permissions.can_see_special_categories(user, case)
    context: dict[str, Any] = {
        "dossier": dossier,
        "case": case,
        "person": dossier.person,
        "timeline": case_timeline(user=user, case=case),
        "deadlines": _deadlines(case, dossier.deadlines),
        "on_hold": case.phase == Phase.ON_HOLD,
        "primary_names": [n for n in dossier.names if n.kind == "primary"],
        "other_names": [n for n in dossier.names if n.kind != "primary"],
        "can_work": can_work,
        "transition_form": forms.get("transition") or (TransitionForm(case=case) if can_work else None),
        "assign_form": forms.get("assign")
        or (AssignForm(user=user, case=case) if can_work and permissions.can_assign(user, case) else None),
        "note_form": forms.get("note") or (NoteForm() if can_work else None),
        "appointment_form": forms.get("appointment") or (AppointmentForm() if can_work else None),
        "appointments": upcoming_appointments(case),
        "person_form": forms.get("person") or (PersonCorrectionForm(person=dossier.person) if can_work else None),
        "nationality_forms": [
            forms.get(f"nationality:{n.pk}") or NationalityEstablishForm(nationality=n)
            for n in dossier.nationalities
            if can_work and n.status == NationalityStatus.CLAIMED
        ],
        "language_form": forms.get("language") or (LanguageSetForm() if can_work else None),
        "family_form": forms.get("family") or (FamilyLinkForm() if can_work else None),
        "family": _family(request, dossier.family),
        # Special-category data: forms only for who may see it (the assigned case manager, the team lead).
        "circumstance_form": forms.get("circumstance") or (CircumstanceForm() if can_special else None),
        "medical_form": forms.get("medical") or (MedicalBackgroundForm(case=case) if can_special else None),
        "duplicate_forms": [
            _failed_for(forms.get("duplicate"), c) or DuplicateDecisionForm(candidate=c)
            for c in dossier.duplicate_candidates
            if c.status == DuplicateStatus.OPEN and user.role == Role.TEAM_LEAD and case.is_open
        ],
        # A correction that failed shows its form open, next to what it corrects.
        "person_open": any(key in ("person", "language", "family") or key.startswith("nationality:") for key in forms),
        "special_open": any(key in ("circumstance", "medical") for key in forms),
    }
    context["errors"] = error_summary(*forms.values())
    context["process_sections"] = _process_sections(request, context, user, case)
    context["summary"] = summary_for(user, case)
    context["changes"] = timeline_changes(context["timeline"])
    context["page_nav"] = [
        ("h-persoon", _("Persoon")),
        ("h-termijn", _("Termijnen")),
        ("h-dossier", _("Dossier")),
        ("h-bijzonder", _("Bijzonder")),
        *((s.anchor, s.title) for s in dossier_sections() if s.anchor),
        ("h-afspraken", _("Afspraken")),
        ("h-notities", _("Notities")),
        ("h-tijdlijn", _("Tijdlijn")),
        ("h-acties", _("Acties")),
    ]
    return render(request, "cases/dossier.html", context, status=status)


def _family(request: HttpRequest, links: list[Any]) -> list[tuple[Any, Any]]:
    """Each family link with its relative when a case of the relative is visible to the user (else None:
    nothing of a person the user may not see). A relative shown by name is a person read: logged."""
    cases = list(
        Case.objects.filter(case_visibility(current_user(request)), person_id__in=[link.relative_id for link in links])
    )
    record_cases_shown(actor=web_actor(request), cases=cases, purpose=AccessPurpose.DOSSIER_VIEW)
    visible = {c.person_id for c in cases}
    return [(link, link.relative if link.relative_id in visible else None) for link in links]


def _failed_for(form: BaseForm | None, candidate: Any) -> BaseForm | None:
    """The decision form that was refused, when it was about `candidate`."""
    return form if form is not None and getattr(form, "candidate", None) == candidate else None


def _process_sections(request: HttpRequest, context: dict[str, Any], user: Any, case: Case) -> list[str]:
    """The departure-process parts of the dossier, rendered: each registered by its app (cases.registry)."""
    return [
        render_to_string(section.template, {**context, **section.context(user, case)}, request=request)
        for section in dossier_sections()
    ]


@login_required
@require_http_methods(["GET"])
@web_errors
def dossier(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _render_dossier(request, case_id)


F = TypeVar("F", bound=BaseForm)


def _keep_input(request: HttpRequest, case_id: uuid.UUID, build: Callable[[Any, Case], F]) -> F:
    """The user's input again, now carrying the version of the dossier they are about to see.

    After a conflict the page shows the current dossier; submitting again is then a deliberate choice.
    """
    case = case_get(user=current_user(request), case_id=case_id)
    data = request.POST.copy()
    data[build(None, case).add_prefix("version")] = str(case.version)
    form = build(data, case)
    form.is_valid()
    return form


@login_required
@require_POST
@web_errors
def transition(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    form = TransitionForm(request.POST, case=case)
    status = 400
    if form.is_valid():
        d = {**form.cleaned_data}
        d.pop("confirm")  # the form's own question; the service has the rules
        try:
            services.case_transition(actor=web_actor(request), case=case, **arguments(d))
        except ConcurrentEdit as exc:
            form = _keep_input(request, case_id, lambda data, c: TransitionForm(data, case=c))
            form.add_error(None, exc.message)
            status = 409
        except IllegalTransition as exc:
            field = exc.field if exc.field in form.fields else "phase"
            form.add_error(field, exc.message)
            status = 409
        except ValidationFailed as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, _("De fase is gewijzigd."))
            return redirect("cases:dossier", case_id=case.pk)
    return _render_dossier(request, case_id, forms={"transition": form}, status=status)


@login_required
@require_POST
@web_errors
def assign(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Assign or reassign (team lead): a team and, optionally, a case manager in that team."""
    user = current_user(request)
    case = case_get(user=user, case_id=case_id)
    if not permissions.can_assign(user, case):
        raise PermissionDenied("Alleen de teamleider kan dit dossier toewijzen.")
    form = AssignForm(request.POST, user=user, case=case)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.case_assign(actor=web_actor(request), case=case, **arguments(d))
        except ConcurrentEdit as exc:
            form = _keep_input(request, case_id, lambda data, c: AssignForm(data, user=user, case=c))
            form.add_error(None, exc.message)
            status = 409
        except ValidationFailed as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, _("Het dossier is toegewezen."))
            return redirect("cases:dossier", case_id=case.pk)
    return _render_dossier(request, case_id, forms={"assign": form}, status=status)


@login_required
@require_POST
@web_errors
def note_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.case_note_add(actor=web_actor(request), case=case, text=form.cleaned_data["text"])
        except ValidationFailed as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, _("De notitie is toegevoegd."))
            return redirect("cases:dossier", case_id=case.pk)
    return _render_dossier(request, case_id, forms={"note": form}, status=400)


def _dossier_action(
    key: str | Callable[..., str],
    form: Callable[..., BaseForm],
    write: Callable[..., Any],
    done: Any,
    section: str = "persoon",
    fresh: Callable[..., BaseForm] | None = None,
) -> Callable[..., HttpResponse]:
    """A view that records one thing on the dossier page itself: `form(request, case, **url_kwargs)` is
    submitted to `write(actor, case, cleaned_data, **url_kwargs)`; success goes back to the dossier at
    `section`, a refusal shows the dossier again with that form (under `key`, or `key(**url_kwargs)`)
    and its errors; after a conflict, `fresh(data, case)` rebuilds the form on the current version."""

    @login_required
    @require_POST
    @web_errors
    def view(request: HttpRequest, case_id: uuid.UUID, **kwargs: Any) -> HttpResponse:
        case = case_get(user=current_user(request), case_id=case_id)
        name = key(**kwargs) if callable(key) else key
        return submit(
            request,
            form(request, case, **kwargs),
            lambda d: write(web_actor(request), case, d, **kwargs),
            done=str(done),
            success=lambda: to_dossier(case.pk, section),
            failure=lambda failed, status: _render_dossier(request, case.pk, forms={name: failed}, status=status),
            fresh=(lambda data: fresh(data, case)) if fresh is not None else None,
        )

    return view


def _person_form_on_current_version(data: Any, case: Case) -> BaseForm:
    """After a conflict: the user's corrections on the person as it is now (saving again is deliberate)."""
    person = Person.objects.get(pk=case.person_id)
    return PersonCorrectionForm(with_version(data, PersonCorrectionForm(person=person), person.version), person=person)


person_correct = _dossier_action(
    "person",
    lambda request, case: PersonCorrectionForm(request.POST, person=case.person),
    lambda actor, case, d: services.person_correct(actor=actor, case=case, **arguments(d)),
    gettext_lazy("De persoonsgegevens zijn gecorrigeerd."),
    fresh=_person_form_on_current_version,
)
nationality_establish = _dossier_action(
    lambda nationality_id: f"nationality:{nationality_id}",
    lambda request, case, nationality_id: NationalityEstablishForm(
        request.POST, nationality=get_object_or_404(Nationality, pk=nationality_id, person_id=case.person_id)
    ),
    lambda actor, case, d, nationality_id: services.nationality_establish(
        actor=actor, case=case, nationality_id=nationality_id, **d
    ),
    gettext_lazy("De nationaliteit is vastgesteld."),
)


appointment_plan = _dossier_action(
    "appointment",
    lambda request, case: AppointmentForm(request.POST),
    lambda actor, case, d: services.appointment_plan(actor=actor, case=case, **d),
    gettext_lazy("De afspraak is gepland en staat in de agenda."),
    section="h-afspraken",
)
appointment_cancel = _dossier_action(
    "remove",
    lambda request, case, appointment_id: Form({}),
    lambda actor, case, d, appointment_id: services.appointment_cancel(
        actor=actor, case=case, appointment_id=appointment_id
    ),
    gettext_lazy("De afspraak is geannuleerd."),
    section="h-afspraken",
)


# A removal has no fields: its form is empty, and a refusal shows in the error summary on top.
language_set = _dossier_action(
    "language",
    lambda request, case: LanguageSetForm(request.POST),
    lambda actor, case, d: services.language_set(actor=actor, case=case, **d),
    gettext_lazy("De taal is vastgelegd."),
)
language_remove = _dossier_action(
    "remove",
    lambda request, case, code: Form({}),
    lambda actor, case, d, code: services.language_remove(actor=actor, case=case, code=code),
    gettext_lazy("De taal is verwijderd."),
)
family_link_add = _dossier_action(
    "family",
    lambda request, case: FamilyLinkForm(request.POST),
    lambda actor, case, d: services.family_link_add(actor=actor, case=case, **d),
    gettext_lazy("De gezinsrelatie is vastgelegd."),
)
family_link_remove = _dossier_action(
    "remove",
    lambda request, case, relative_id: Form({}),
    lambda actor, case, d, relative_id: services.family_link_remove(actor=actor, case=case, relative_id=relative_id),
    gettext_lazy("De gezinsrelatie is verwijderd."),
)
circumstance_set = _dossier_action(
    "circumstance",
    lambda request, case: CircumstanceForm(request.POST),
    lambda actor, case, d: services.special_circumstance_record(actor=actor, case=case, **d),
    gettext_lazy("De bijzondere omstandigheid is vastgelegd."),
    section="bijzonder",
)
circumstance_remove = _dossier_action(
    "remove",
    lambda request, case, kind: Form({}),
    lambda actor, case, d, kind: services.special_circumstance_remove(actor=actor, case=case, kind=kind),
    gettext_lazy("De bijzondere omstandigheid is verwijderd."),
    section="bijzonder",
)
medical_background = _dossier_action(
    "medical",
    lambda request, case: MedicalBackgroundForm(request.POST, case=case),
    lambda actor, case, d: services.medical_background_update(actor=actor, case=case, **arguments(d)),
    gettext_lazy("De medische achtergrond is opgeslagen."),
    section="bijzonder",
)
duplicate_resolve = _dossier_action(
    "duplicate",
    lambda request, case, candidate_id: DuplicateDecisionForm(
        request.POST, candidate=duplicate_candidate_get(case=case, candidate_id=candidate_id)
    ),
    lambda actor, case, d, candidate_id: people_services.duplicate_resolve(
        actor=actor, candidate=duplicate_candidate_get(case=case, candidate_id=candidate_id), **d
    ),
    gettext_lazy("De beslissing is vastgelegd."),
)


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def intake(request: HttpRequest) -> HttpResponse:
    """Record a dossier by hand: the same `case_intake` as the API and the importer."""
    user = current_user(request)
    if not permissions.can_deliver(user):
        raise PermissionDenied("U mag geen dossiers aanmelden.")
    if request.method == "POST" and request.POST.get("rij"):
        # "Nog een rij": the same page with one more empty row of that kind, nothing judged yet.
        forms = IntakeForms.with_row(request.POST, user=user, kind=request.POST["rij"])
        context = {"forms": forms, "errors": [], "phase_intake": Phase.INTAKE, "focus_row": request.POST["rij"]}
        return render(request, "cases/intake.html", context)
    forms = IntakeForms(request.POST if request.method == "POST" else None, user=user)
    status = 200
    if request.method == "POST":
        status = 400
        if forms.is_valid():
            try:
                result = services.case_intake(actor=web_actor(request), data=forms.build())
            except ValidationFailed as exc:
                forms.apply_errors(exc.errors)
            else:
                if not result.created:
                    messages.info(request, _("Dit dossier was al aangemeld (zelfde bron en kenmerk)."))
                else:
                    messages.success(request, _("Het dossier is aangemaakt."))
                if result.duplicates:
                    messages.warning(
                        request,
                        _(
                            "Let op: er is mogelijk al een dossier van dezelfde persoon (zelfde naam, geboortedatum en nationaliteit)."
                        ),
                    )
                return redirect("cases:dossier", case_id=result.case.pk)
        else:
            # Show every problem at once: the intake rules too, for fields the form could read.
            forms.apply_errors(validate_intake(forms.build(), today=clock.today()), skip_fields_with_errors=True)
    context = {"forms": forms, "errors": error_summary(*forms.all_forms()), "phase_intake": Phase.INTAKE}
    return render(request, "cases/intake.html", context, status=status)
