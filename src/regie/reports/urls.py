from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("cijfers/", views.dashboard, name="dashboard"),
]
