from django.urls import path

from . import views

app_name = "interviews"
urlpatterns = [
    path("dossiers/<uuid:case_id>/vertrekgesprekken/plannen/", views.interview_plan, name="plan"),
    path("dossiers/<uuid:case_id>/vertrekgesprekken/vastleggen/", views.interview_record, name="record"),
    path(
        "dossiers/<uuid:case_id>/vertrekgesprekken/<uuid:interview_id>/vastleggen/",
        views.interview_record,
        name="record_planned",
    ),
    path(
        "dossiers/<uuid:case_id>/vertrekgesprekken/<uuid:interview_id>/afmelden/",
        views.interview_end,
        name="end",
    ),
    path("dossiers/<uuid:case_id>/vertrekplan/", views.departure_plan, name="departure_plan"),
]
