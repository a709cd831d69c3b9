from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("dossiers/<uuid:case_id>/brieven/nieuw/", views.compose, name="compose"),
    path("dossiers/<uuid:case_id>/brieven/versturen/", views.issue, name="issue"),
    path("dossiers/<uuid:case_id>/brieven/<uuid:letter_id>/pdf/", views.download, name="download"),
]
