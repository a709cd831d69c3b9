"""The site's URLs with single sign-on switched on (settings read at start-up decide it in regie.urls)."""

from django.urls import include, path

from regie.urls import urlpatterns as site

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *site]
