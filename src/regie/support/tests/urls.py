"""The project's URLs with the support pages included, whether or not regie.urls includes them yet,
and a test page that shows the dossier section on its own (browser and axe tests).

(The API needs nothing here: regie.api.api registers every app's `api.router` itself.)
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import URLPattern, URLResolver, include, path

from regie import urls as project
from regie.support.selectors import support_case_get, support_dossier_section

SECTION_PAGE = """{% extends "web/base.html" %}{% block content %}<h1 class="utrecht-heading-1">{{ case.number }}</h1>
{% include "support/_dossier_section.html" %}{% endblock %}"""


@login_required
def section_page(request: HttpRequest, case_id: str) -> HttpResponse:
    user = request.user
    case = support_case_get(user=user, case_id=case_id)  # type: ignore[arg-type]
    context = {"case": case, **support_dossier_section(user=user, case=case)}  # type: ignore[arg-type]
    return HttpResponse(engines["django"].from_string(SECTION_PAGE).render(context, request))


urlpatterns: list[URLPattern | URLResolver] = [
    path("test/support-section/<uuid:case_id>/", section_page, name="test-support-section"),
    *project.urlpatterns,
]
if not any(getattr(p, "namespace", None) == "support" for p in urlpatterns):
    urlpatterns.insert(0, path("", include("regie.support.urls")))
