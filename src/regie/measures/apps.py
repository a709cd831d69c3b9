from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "regie.measures"
    label = "measures"

    def ready(self) -> None:
        """Tell the dossier and the deadline engine what this app contributes."""
        from regie.cases.registry import (
            DossierSection,
            register_departure_effect,
            register_dossier_section,
            register_running_measures,
        )
        from regie.deadlines.registry import register_facts

        from .facts import measures_facts
        from .selectors import measures_dossier_section, running_measure_words
        from .services import measures_end_on_departure

        register_facts("measures", measures_facts)
        register_running_measures("measures", running_measure_words)
        register_departure_effect("measures", measures_end_on_departure)
        register_dossier_section(
            DossierSection(
                app_label="measures",
                order=50,
                template="measures/_dossier_section.html",
                context=lambda user, case: {"section": measures_dossier_section(user=user, case=case)},
            )
        )
