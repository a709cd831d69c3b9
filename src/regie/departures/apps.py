from django.utils.translation import gettext_lazy

from regie.cases import registry


class DeparturesConfig(registry.ProcessAppConfig):
    name = "regie.departures"
    label = "departures"
    dossier_order = 60
    dossier_title = gettext_lazy("Vertrek")
    dossier_anchor = "h-vertrek"
    section_is_context = True

    def ready(self) -> None:
        """Besides facts and section: the team page's "departures this week", and the flights in the agenda."""
        super().ready()
        from regie.deadlines.registry import register_agenda

        from .selectors import departures_agenda, departures_this_week

        register_agenda("departures", departures_agenda)
        registry.register_team_figure(
            registry.TeamFigure("departures_this_week", gettext_lazy("Vertrek deze week"), departures_this_week)
        )
