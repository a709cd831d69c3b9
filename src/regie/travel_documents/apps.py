from django.apps import AppConfig


class TravelDocumentsConfig(AppConfig):
    name = "regie.travel_documents"
    label = "travel_documents"

    def ready(self) -> None:
        """Tell the dossier and the deadline engine what this app contributes."""
        from regie.cases.registry import DossierSection, register_dossier_section
        from regie.deadlines.registry import register_facts

        from .facts import travel_documents_facts
        from .selectors import travel_documents_dossier_section

        register_facts("travel_documents", travel_documents_facts)
        register_dossier_section(
            DossierSection(
                app_label="travel_documents",
                order=30,
                template="travel_documents/_dossier_section.html",
                context=lambda user, case: {"section": travel_documents_dossier_section(user=user, case=case)},
            )
        )
