from django.apps import AppConfig


class TravelDocumentsConfig(AppConfig):
    name = "regie.travel_documents"
    label = "travel_documents"
