from django.utils.translation import gettext_lazy

from regie.cases import registry


class InterviewsConfig(registry.ProcessAppConfig):
    name = "regie.interviews"
    label = "interviews"
    dossier_order = 10
    dossier_title = gettext_lazy("Vertrekgesprekken")
    dossier_anchor = "h-vertrekgesprekken"
