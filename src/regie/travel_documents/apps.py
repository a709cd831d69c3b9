from regie.cases import registry


class TravelDocumentsConfig(registry.ProcessAppConfig):
    name = "regie.travel_documents"
    label = "travel_documents"
    dossier_order = 30
