from django.apps import AppConfig


class DeparturesConfig(AppConfig):
    name = "regie.departures"
    label = "departures"
