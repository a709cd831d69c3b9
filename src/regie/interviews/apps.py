from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "regie.interviews"
    label = "interviews"
