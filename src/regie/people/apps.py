from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "regie.people"
    label = "people"
