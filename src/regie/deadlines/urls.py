from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("werklijst/", views.worklist, name="worklist"),
    path("werklijst/punt/", views.worklist_item, name="worklist_item"),
    path("agenda/", views.agenda, name="agenda"),
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications_read"),
]
