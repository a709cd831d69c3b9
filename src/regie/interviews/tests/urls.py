"""Test-only URLconf: the whole site plus this app's pages, and /api/v1 with this app's router.

Until the lead mounts them (regie.api.api `_register_routers`, regie.urls), the app's tests still run
the real stack: the same API class, authentication and problem handlers, the same templates.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from regie.api import errors
from regie.api.api import DESCRIPTION, TAGS, RegieAPI
from regie.api.auth import SessionAuth, TokenAuth
from regie.api.versioning import API_VERSION
from regie.cases.api import router as cases_router
from regie.cases.selectors import case_get
from regie.interviews.api import router as interviews_router
from regie.interviews.selectors import interviews_dossier_section
from regie.urls import urlpatterns as site_urlpatterns

# The tag description the lead adds to regie.api.api.TAGS with the router.
INTERVIEWS_TAG = {
    "name": "interviews",
    "description": "Departure interviews (planning, report, checks of special circumstances) and the departure "
    "plan with its versions.",
}

api = RegieAPI(
    title="Regie API",
    version=API_VERSION,
    urls_namespace="api",
    servers=[{"url": settings.REGIE_API_SERVER_URL, "description": "This installation"}],
    description=DESCRIPTION,
    auth=[TokenAuth(), SessionAuth()],
    openapi_extra={"info": {"contact": dict(settings.REGIE_API_CONTACT)}, "tags": [*TAGS, INTERVIEWS_TAG]},
)
errors.install(api)
api.add_router("", cases_router)
api.add_router("", interviews_router)

# The dossier section as the dossier page will include it, on a page of its own (browser and axe tests).
SECTION_PAGE = """{% extends "web/base.html" %}{% block content %}<h1 class="utrecht-heading-1">{{ case.number }}</h1>
{% include "interviews/_dossier_section.html" with section=interviews_section %}{% endblock %}"""


@login_required
def section_page(request: HttpRequest, case_id: str) -> HttpResponse:
    case = case_get(user=request.user, case_id=case_id)  # type: ignore[arg-type]
    context = {"case": case, "interviews_section": interviews_dossier_section(user=request.user, case=case)}  # type: ignore[arg-type]
    return HttpResponse(engines["django"].from_string(SECTION_PAGE).render(context, request))


urlpatterns = [
    path("test/dossier-section/<uuid:case_id>/", section_page, name="test-dossier-section"),
    path("api/v1/", api.urls),
    path("", include("regie.interviews.urls")),
    *site_urlpatterns,
]
