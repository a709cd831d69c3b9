from django.apps import AppConfig


class RemovabilityConfig(AppConfig):
    name = "regie.removability"
    label = "removability"

    def ready(self) -> None:
        """Tell the dossier and the deadline engine what this app contributes."""
        from regie.cases.registry import DossierSection, register_dossier_section
        from regie.deadlines.registry import register_facts

        from .facts import removability_facts
        from .selectors import removability_dossier_section

        register_facts("removability", removability_facts)
        register_dossier_section(
            DossierSection(
                app_label="removability",
                order=20,
                template="removability/_dossier_section.html",
                context=lambda user, case: {"section": removability_dossier_section(user=user, case=case)},
            )
        )
