from django.urls import path

from . import domain, views

app_name = "travel_documents"

# The Dutch address of each step of an LP request (names: `lp_sign`, `lp_refuse_signing`, ...).
STEP_PATHS = {
    domain.SIGN: "ondertekend",
    domain.REFUSE_SIGNING: "weigering",
    domain.SEND: "verzonden",
    domain.PRESENT: "gepresenteerd",
    domain.CLOSE: "uitkomst",
}

urlpatterns = [
    path("dossiers/<uuid:case_id>/reisdocumenten/", views.travel_documents_page, name="page"),
    path("dossiers/<uuid:case_id>/reisdocumenten/documenten/", views.document_record, name="document_record"),
    path("dossiers/<uuid:case_id>/reisdocumenten/lp-aanvragen/", views.lp_prepare, name="lp_prepare"),
    *(
        path(
            f"dossiers/<uuid:case_id>/reisdocumenten/lp-aanvragen/<uuid:lp_id>/{slug}/",
            views.lp_step,
            {"action": action},
            name=f"lp_{action}",
        )
        for action, slug in STEP_PATHS.items()
    ),
    path("lp-aanvragen-per-land/", views.lp_overview, name="lp_overview"),
    path("landeneisen/", views.country_requirements, name="country_requirements"),
    path("landeneisen/nieuw/", views.country_requirement_new, name="country_requirement_new"),
    path("landeneisen/<str:country>/", views.country_requirement, name="country_requirement"),
]
