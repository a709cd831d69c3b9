from django.utils.translation import gettext_lazy

from regie.cases import registry


class TravelDocumentsConfig(registry.ProcessAppConfig):
    name = "regie.travel_documents"
    label = "travel_documents"
    dossier_order = 30
    dossier_title = gettext_lazy("Reisdocumenten")
    dossier_anchor = "h-reisdocumenten"
