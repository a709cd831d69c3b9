from django.conf import settings
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
    path("", include("regie.documents.urls")),
    path("", include("regie.support.urls")),
    path("", include("regie.measures.urls")),
    path("", include("regie.departures.urls")),
    path("", include("regie.letters.urls")),
    path("", include("regie.reports.urls")),
    path("", include("regie.privacy.urls")),
    path("", include("regie.web.urls")),
]

if settings.OIDC_ENABLED:
    # Single sign-on (docs/security/login.md): /oidc/authenticate/, /oidc/callback/, /oidc/logout/.
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
# A body found too big while a middleware reads the form answers 413 (regie.web.limits), not 400.
handler400 = "regie.web.limits.bad_request"
