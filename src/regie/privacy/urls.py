from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/inzage/", views.subject_access, name="subject_access"),
    path("privacy/verzoeken/", views.subject_requests, name="subject_requests"),
    path("privacy/verzoeken/nieuw/", views.subject_request_record, name="subject_request_record"),
    path("privacy/verzoeken/<uuid:request_id>/", views.subject_request, name="subject_request"),
    path(
        "privacy/verzoeken/<uuid:request_id>/behandeling/", views.subject_request_decide, name="subject_request_decide"
    ),
]
