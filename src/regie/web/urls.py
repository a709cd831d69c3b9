from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/code/", views.mfa_verify, name="mfa_verify"),
    path("inloggen/authenticator/", views.mfa_enrol, name="mfa_enrol"),
    path("beveiliging/", views.security, name="security"),
    path("beveiliging/herstelcodes/", views.recovery_codes_new, name="recovery_codes_new"),
    path("beveiliging/verwijderen/", views.second_factor_delete, name="second_factor_delete"),
    path("privacy/toegang/", views.privacy, name="privacy"),
]
