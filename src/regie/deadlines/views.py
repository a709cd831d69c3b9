"""The worklist page (overdue, today, this week, later, signals), working one of its rows, and the
notifications the worker created for the user."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from regie.audit.choices import AccessPurpose
from regie.cases.selectors import record_cases_shown
from regie.core import clock
from regie.web.helpers import case_url_template, current_user, error_summary, submit, web_actor, web_errors
from regie.web.templatetags.regie_web import deadline_badge

from . import services, texts
from .forms import WorklistMarkForm
from .selectors import SECTIONS as SECTION_KEYS
from .selectors import agenda_for, notifications_for, worklist_for, worklist_row

SECTIONS = (
    ("overdue", gettext_lazy("Te laat")),
    ("today", gettext_lazy("Vandaag")),
    ("this_week", gettext_lazy("Deze week")),
    ("later", gettext_lazy("Later")),
    ("flags", gettext_lazy("Signaleringen")),
)


@dataclass(frozen=True)
class WorklistRow:
    """One row of the worklist page with every cell built (`worklist_rows`)."""

    when: SafeString
    url: str
    number: str
    name: str
    label: str
    basis: str
    explanation: str
    task_url: str
    action: str
    mark_url: str  # empty: no link (a legal maximum due today or past cannot be snoozed)
    mark_text: str


def worklist_rows(rows: list[Any]) -> list[WorklistRow]:
    """The rows of one section. Every cell that needs a lookup, a translation, a date or an address is
    built here, addresses once per kind of page (a tag or filter per cell per row made the template the
    slowest part of a team lead's worklist); the template only places them."""
    dossier_url = case_url_template("cases:dossier")
    item_url = reverse("deadlines:worklist_item")
    task_urls: dict[str, Callable[[object], str]] = {}
    actions: dict[str, str] = {}
    done_or_snooze, snooze = _("Afvinken of uitstellen"), _("Uitstellen")
    built = []
    for row in rows:
        task = row.task
        task_url = task_urls.get(task.url_name)
        if task_url is None:
            task_url = task_urls[task.url_name] = case_url_template(task.url_name)
        action = actions.get(task.action) or actions.setdefault(task.action, _(task.action))
        case_id = str(row.case_id)
        markable = task.done_outside or not task.legal_maximum or row.days_left > 0
        built.append(
            WorklistRow(
                when=deadline_badge(row.due, kind=row.kind, code=row.code),
                url=dossier_url(case_id),
                number=row.case.number,
                name=row.case.person.full_name,
                label=texts.label(row),
                basis=row.basis,
                explanation=texts.explanation(row),
                task_url=task_url(case_id) + (f"#{task.anchor}" if task.anchor else ""),
                action=action,
                mark_url=(
                    f"{item_url}?dossier={case_id}&code={quote(row.code, safe='')}"
                    f"&bron={quote(row.source_id, safe='')}&datum={row.due.isoformat()}"
                    if markable
                    else ""
                ),
                mark_text=done_or_snooze if task.done_outside else snooze,
            )
        )
    return built


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """The worklist: the first rows of every section with each section's whole count, or (`onderdeel`,
    `pagina`) one page of one section."""
    on = clock.today()
    section = request.GET.get("onderdeel", "").replace("-", "_") or None
    if section is not None and section not in SECTION_KEYS:
        raise Http404
    try:
        page = max(1, int(request.GET.get("pagina", "1")))
    except ValueError:
        raise Http404 from None
    found = worklist_for(user=current_user(request), on=on, section=section, page=page)
    if section is not None and page > found.pages(section):
        raise Http404
    record_cases_shown(
        actor=web_actor(request), cases=[row.case for row in found.rows()], purpose=AccessPurpose.WORKLIST
    )
    sections: list[dict[str, Any]] = [
        {
            "key": key,
            "slug": key.replace("_", "-"),
            "title": title,
            "rows": worklist_rows(getattr(found, key)),
            "count": found.counts[key],
            "more": found.more(key),
            "pages": found.pages(key),
            "shown": section in (None, key),
        }
        for key, title in SECTIONS
    ]
    context: dict[str, Any] = {
        "on": on,
        "sections": sections,
        "section": section,
        "page": page,
        "page_size": found.page_size,
        "basis_title": _("Grondslag"),
    }
    if section is not None:
        current = next(s for s in sections if s["key"] == section)
        context["current"] = current
        context["first"] = (page - 1) * found.page_size + 1
        context["last"] = (page - 1) * found.page_size + len(current["rows"])
    return render(request, "deadlines/worklist.html", context)


@login_required
@web_errors
def worklist_item(request: HttpRequest) -> HttpResponse:
    """One row of the worklist with its legal basis, and the form to mark it done or snooze it.
    The row is named by its parts in the query (case id, code, source id, date: no personal data)."""
    params = request.GET  # a POST goes to the same address, the row named in its query
    try:
        case_id = uuid.UUID(params.get("dossier", ""))
        due = dt.date.fromisoformat(params.get("datum", ""))
    except ValueError:
        raise Http404 from None
    code, source_id = params.get("code", ""), params.get("bron", "")
    row = worklist_row(user=current_user(request), case_id=case_id, code=code, source_id=source_id, due=due)
    record_cases_shown(actor=web_actor(request), cases=[row.case], purpose=AccessPurpose.WORKLIST)
    task = row.task  # type: ignore[attr-defined]

    def page(form: WorklistMarkForm, status: int = 200) -> HttpResponse:
        context = {"row": row, "form": form, "errors": error_summary(form)}
        return render(request, "deadlines/worklist_item.html", context, status=status)

    if request.method != "POST":
        return page(WorklistMarkForm(task=task))
    form = WorklistMarkForm(request.POST, task=task)
    return submit(
        request,
        form,
        lambda d: services.worklist_mark(
            actor=web_actor(request), case=row.case, code=code, source_id=source_id, due=due, **d
        ),
        done=_("Vastgelegd; het punt staat niet meer op de werklijst."),
        success=lambda: redirect(reverse("deadlines:worklist")),
        failure=lambda failed, status: page(failed, status),  # type: ignore[arg-type]
    )


@login_required
def agenda(request: HttpRequest) -> HttpResponse:
    """Interviews, flights and the other appointments of the user's cases, per day: a day or a week
    (`weergave=dag|week`) from `datum` (default today; a week starts on its Monday)."""
    today = clock.today()
    try:
        day = dt.date.fromisoformat(request.GET.get("datum", "")) if request.GET.get("datum") else today
    except ValueError:
        day = today
    week = request.GET.get("weergave") != "dag"
    start = day - dt.timedelta(days=day.weekday()) if week else day
    days = 7 if week else 1
    per_day = agenda_for(user=current_user(request), start=start, days=days)
    record_cases_shown(
        actor=web_actor(request),
        cases=[item.case for items in per_day.values() for item in items],
        purpose=AccessPurpose.WORKLIST,
    )
    step = dt.timedelta(days=days)
    context = {
        "per_day": sorted(per_day.items()),
        "week": week,
        "today": today,
        "start": start,
        "previous": (start - step).isoformat(),
        "next": (start + step).isoformat(),
        "view": "week" if week else "dag",
    }
    return render(request, "deadlines/agenda.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The reminders the worker created for the user: unread first. Shows case numbers and what is due,
    so the cases shown are access-logged like the worklist."""
    found = notifications_for(user=current_user(request))
    record_cases_shown(actor=web_actor(request), cases=[r.case for r in found], purpose=AccessPurpose.WORKLIST)
    return render(request, "deadlines/notifications.html", {"notifications": found})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`melding`) or all unread ones read."""
    one = request.POST.get("melding")
    ids = [one] if one and one.isdigit() else None
    count = services.notifications_read(actor=web_actor(request), reminder_ids=ids)
    if count:
        messages.success(request, _("Gemarkeerd als gelezen."))
    return redirect(reverse("deadlines:notifications"))
