from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "regie.reports"
    label = "reports"
