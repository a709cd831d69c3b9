from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "regie.measures"
    label = "measures"
