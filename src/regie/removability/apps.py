from django.apps import AppConfig


class RemovabilityConfig(AppConfig):
    name = "regie.removability"
    label = "removability"
