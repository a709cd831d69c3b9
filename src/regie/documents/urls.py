from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("dossiers/<uuid:case_id>/documenten/", views.documents_page, name="page"),
    path("dossiers/<uuid:case_id>/documenten/toevoegen/", views.document_upload, name="upload"),
    path("dossiers/<uuid:case_id>/documenten/<uuid:document_id>/bestand/", views.document_download, name="download"),
    path("dossiers/<uuid:case_id>/documenten/<uuid:document_id>/intrekken/", views.document_withdraw, name="withdraw"),
]
