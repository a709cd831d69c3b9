from django.urls import include, path

from regie.accounts.admin import site as admin_site
from regie.api.api import api

urlpatterns = [
    path("admin/", admin_site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("regie.cases.urls")),
    path("", include("regie.deadlines.urls")),
    path("", include("regie.interviews.urls")),
    path("", include("regie.removability.urls")),
    path("", include("regie.travel_documents.urls")),
    path("", include("regie.support.urls")),
    path("", include("regie.measures.urls")),
    path("", include("regie.departures.urls")),
    path("", include("regie.reports.urls")),
    path("", include("regie.web.urls")),
]

# A body found too big while a middleware reads the form answers 413 (regie.web.limits), not 400.
handler400 = "regie.web.limits.bad_request"
