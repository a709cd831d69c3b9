from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("dossiers/<uuid:case_id>/ondersteuning/aanvragen/", views.apply, name="apply"),
    path("dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/", views.grant, name="grant"),
    path("dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/akkoord/", views.approve, name="approve"),
    path("dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/afwijzen/", views.reject, name="reject"),
    path("dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/doorverwijzen/", views.refer, name="refer"),
    path("dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/verstrekt/", views.deliver, name="deliver"),
    path("dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/vervallen/", views.cancel, name="cancel"),
    path("dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/toestemming/", views.consent, name="consent"),
    path(
        "dossiers/<uuid:case_id>/ondersteuning/<uuid:grant_id>/toestemming-intrekken/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("partner/dossiers/", views.partner_cases, name="partner_cases"),
    path("partner/dossiers/<uuid:case_id>/terugmelden/", views.partner_report, name="partner_report"),
    path("partner/dossiers/<uuid:case_id>/", views.partner_case, name="partner_case"),
]
