"""The worklist page: overdue, due today, due this week, and flags."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regie.audit.choices import AccessPurpose
from regie.cases.selectors import record_cases_shown
from regie.core import clock
from regie.web.helpers import web_actor

from .selectors import worklist_for


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    on = clock.today()
    found = worklist_for(user=request.user, on=on)  # type: ignore[arg-type]
    rows = [*found.overdue, *found.today, *found.this_week, *found.flags]
    record_cases_shown(actor=web_actor(request), cases=[row.case for row in rows], purpose=AccessPurpose.WORKLIST)
    sections = [
        ("overdue", "Verlopen", found.overdue),
        ("today", "Vandaag", found.today),
        ("this-week", "Deze week", found.this_week),
        ("flags", "Signaleringen", found.flags),
    ]
    return render(request, "deadlines/worklist.html", {"on": on, "sections": sections})
