from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("dossiers/<uuid:case_id>/maatregelen/", views.measures_page, name="page"),
    path("dossiers/<uuid:case_id>/maatregelen/meldplicht/", views.reporting_duty_impose, name="reporting_duty_impose"),
    path(
        "dossiers/<uuid:case_id>/maatregelen/meldplicht/<uuid:duty_id>/beeindigen/",
        views.reporting_duty_end,
        name="reporting_duty_end",
    ),
    path("dossiers/<uuid:case_id>/maatregelen/vbl/", views.vbl_place, name="vbl_place"),
    path(
        "dossiers/<uuid:case_id>/maatregelen/vbl/<uuid:placement_id>/beoordelen/",
        views.vbl_review,
        name="vbl_review",
    ),
    path("dossiers/<uuid:case_id>/maatregelen/vbl/<uuid:placement_id>/beeindigen/", views.vbl_end, name="vbl_end"),
    path("dossiers/<uuid:case_id>/maatregelen/bewaring/", views.detention_start, name="detention_start"),
    path("dossiers/<uuid:case_id>/maatregelen/bewaring/voorstel/", views.detention_propose, name="detention_propose"),
    path(
        "dossiers/<uuid:case_id>/maatregelen/bewaring/voorstel/<uuid:proposal_id>/akkoord/",
        views.proposal_approve,
        name="proposal_approve",
    ),
    path(
        "dossiers/<uuid:case_id>/maatregelen/bewaring/voorstel/<uuid:proposal_id>/afwijzen/",
        views.proposal_refuse,
        name="proposal_refuse",
    ),
    path(
        "dossiers/<uuid:case_id>/maatregelen/bewaring/<uuid:detention_id>/beroep/",
        views.detention_appeal,
        name="detention_appeal",
    ),
    path(
        "dossiers/<uuid:case_id>/maatregelen/bewaring/<uuid:detention_id>/rechter-geinformeerd/",
        views.detention_court,
        name="detention_court",
    ),
    path(
        "dossiers/<uuid:case_id>/maatregelen/bewaring/<uuid:detention_id>/verlengen/",
        views.detention_extend,
        name="detention_extend",
    ),
    path(
        "dossiers/<uuid:case_id>/maatregelen/bewaring/<uuid:detention_id>/beeindigen/",
        views.detention_end,
        name="detention_end",
    ),
]
