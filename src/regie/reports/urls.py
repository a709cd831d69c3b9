from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("cijfers/", views.dashboard, name="dashboard"),
    path("cijfers/statistiek/", views.statistics, name="statistics"),
    path("cijfers/statistiek/<slug:code>.svg", views.chart, name="chart"),
    path("cijfers/statistiek/<slug:code>.<str:fmt>", views.download, name="download"),
]
