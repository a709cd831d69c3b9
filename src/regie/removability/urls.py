from django.urls import path

from . import views

app_name = "removability"
urlpatterns = [
    path("dossiers/<uuid:case_id>/verwijderbaarheid/", views.removability_page, name="page"),
    path("dossiers/<uuid:case_id>/verwijderbaarheid/procedures/", views.procedure_record, name="procedure_record"),
    path(
        "dossiers/<uuid:case_id>/verwijderbaarheid/procedures/<uuid:procedure_id>/einde/",
        views.procedure_end,
        name="procedure_end",
    ),
    path("dossiers/<uuid:case_id>/verwijderbaarheid/uitstel/", views.postponement_record, name="postponement_record"),
    path(
        "dossiers/<uuid:case_id>/verwijderbaarheid/uitstel/<uuid:postponement_id>/eerder-beeindigen/",
        views.postponement_end_early,
        name="postponement_end_early",
    ),
]
