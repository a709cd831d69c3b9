from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("dossiers/", views.caseload, name="caseload"),
    path("dossiers/zoeken/", views.search, name="search"),
    path("dossiers/intake/", views.intake, name="intake"),
    path("dossiers/<uuid:case_id>/", views.dossier, name="dossier"),
    path("dossiers/<uuid:case_id>/fase/", views.transition, name="transition"),
    path("dossiers/<uuid:case_id>/toewijzen/", views.assign, name="assign"),
    path("dossiers/<uuid:case_id>/notities/", views.note_add, name="note_add"),
]
