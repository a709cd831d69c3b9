from django.apps import AppConfig


class DeparturesConfig(AppConfig):
    name = "regie.departures"
    label = "departures"

    def ready(self) -> None:
        """Tell the dossier and the deadline engine what this app contributes."""
        from regie.cases.registry import DossierSection, register_dossier_section
        from regie.deadlines.registry import register_facts

        from .facts import departures_facts
        from .selectors import departures_dossier_section

        register_facts("departures", departures_facts)
        register_dossier_section(
            DossierSection(
                app_label="departures",
                order=60,
                template="departures/_dossier_section.html",
                context=lambda user, case: departures_dossier_section(user=user, case=case),
            )
        )
