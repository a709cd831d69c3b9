from django.utils.translation import gettext_lazy

from regie.cases import registry


class InterviewsConfig(registry.ProcessAppConfig):
    name = "regie.interviews"
    label = "interviews"
    dossier_order = 10
    dossier_title = gettext_lazy("Vertrekgesprekken")
    dossier_anchor = "h-vertrekgesprekken"

    def ready(self) -> None:
        """Besides facts and section: its appointments in the agenda."""
        super().ready()
        from regie.deadlines.registry import register_agenda

        from .selectors import interviews_agenda

        register_agenda("interviews", interviews_agenda)
