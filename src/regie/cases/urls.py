from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("dossiers/", views.caseload, name="caseload"),
    path("dossiers/export/", views.caseload_export, name="caseload_export"),
    path("dossiers/toewijzen/", views.bulk_assign, name="bulk_assign"),
    path("team/", views.team, name="team"),
    path("dossiers/filters/", views.saved_filter_save, name="saved_filter_save"),
    path("dossiers/filters/<int:saved_filter_id>/verwijderen/", views.saved_filter_delete, name="saved_filter_delete"),
    path("dossiers/zoeken/", views.search, name="search"),
    path("dossiers/intake/", views.intake, name="intake"),
    path("dossiers/<uuid:case_id>/", views.dossier, name="dossier"),
    path("dossiers/<uuid:case_id>/fase/", views.transition, name="transition"),
    path("dossiers/<uuid:case_id>/toewijzen/", views.assign, name="assign"),
    path("dossiers/<uuid:case_id>/notities/", views.note_add, name="note_add"),
    path("dossiers/<uuid:case_id>/afspraken/", views.appointment_plan, name="appointment_plan"),
    path(
        "dossiers/<uuid:case_id>/afspraken/<uuid:appointment_id>/annuleren/",
        views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("dossiers/<uuid:case_id>/persoon/", views.person_correct, name="person_correct"),
    path("dossiers/<uuid:case_id>/persoon/talen/", views.language_set, name="language_set"),
    path(
        "dossiers/<uuid:case_id>/persoon/talen/<str:code>/verwijderen/", views.language_remove, name="language_remove"
    ),
    path("dossiers/<uuid:case_id>/persoon/familie/", views.family_link_add, name="family_link_add"),
    path(
        "dossiers/<uuid:case_id>/persoon/familie/<uuid:relative_id>/verwijderen/",
        views.family_link_remove,
        name="family_link_remove",
    ),
    path("dossiers/<uuid:case_id>/bijzonder/omstandigheden/", views.circumstance_set, name="circumstance_set"),
    path(
        "dossiers/<uuid:case_id>/bijzonder/omstandigheden/<str:kind>/verwijderen/",
        views.circumstance_remove,
        name="circumstance_remove",
    ),
    path("dossiers/<uuid:case_id>/bijzonder/medisch/", views.medical_background, name="medical_background"),
    path(
        "dossiers/<uuid:case_id>/dubbele-personen/<uuid:candidate_id>/beslissen/",
        views.duplicate_resolve,
        name="duplicate_resolve",
    ),
    path(
        "dossiers/<uuid:case_id>/persoon/nationaliteiten/<uuid:nationality_id>/vaststellen/",
        views.nationality_establish,
        name="nationality_establish",
    ),
]
