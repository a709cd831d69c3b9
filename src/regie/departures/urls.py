from django.urls import path

from . import views

app_name = "departures"
urlpatterns = [
    path("dossiers/<uuid:case_id>/vertrek/", views.page, name="page"),
    path("dossiers/<uuid:case_id>/vertrek/plannen/", views.plan, name="plan"),
    path("dossiers/<uuid:case_id>/vertrek/<uuid:departure_id>/wijzigen/", views.update, name="update"),
    path("dossiers/<uuid:case_id>/vertrek/<uuid:departure_id>/controle/", views.check, name="check"),
    path("dossiers/<uuid:case_id>/vertrek/<uuid:departure_id>/overdracht/", views.handover, name="handover"),
    path("dossiers/<uuid:case_id>/vertrek/<uuid:departure_id>/bevestigen/", views.confirm, name="confirm"),
    path("dossiers/<uuid:case_id>/vertrek/<uuid:departure_id>/annuleren/", views.cancel, name="cancel"),
    path("dossiers/<uuid:case_id>/afsluiten-zonder-vertrek/", views.close, name="close"),
]
