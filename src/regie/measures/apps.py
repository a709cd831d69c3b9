from django.utils.translation import gettext_lazy

from regie.cases import registry


class MeasuresConfig(registry.ProcessAppConfig):
    name = "regie.measures"
    label = "measures"
    dossier_order = 50
    dossier_title = gettext_lazy("Maatregelen")
    dossier_anchor = "h-maatregelen"

    def ready(self) -> None:
        """Besides facts and section: what runs for a case, and what a departure ends."""
        super().ready()
        from .selectors import (
            MEASURE_FILTER_CHOICES,
            detention_approvals,
            measure_in_force,
            people_in_detention,
            running_measure_words,
        )
        from .services import measures_end_on_departure

        registry.register_case_filter(
            registry.CaseFilter("maatregel", gettext_lazy("Maatregel"), MEASURE_FILTER_CHOICES, measure_in_force)
        )
        registry.register_team_figure(
            registry.TeamFigure("in_detention", gettext_lazy("In bewaring"), people_in_detention)
        )
        registry.register_running_measures("measures", running_measure_words)
        registry.register_approvals("measures", detention_approvals)
        registry.register_departure_effect("measures", measures_end_on_departure)
