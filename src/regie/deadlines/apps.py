from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "regie.deadlines"
    label = "deadlines"
