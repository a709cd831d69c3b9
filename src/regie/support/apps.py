from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "regie.support"
    label = "support"
