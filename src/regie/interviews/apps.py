from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "regie.interviews"
    label = "interviews"

    def ready(self) -> None:
        """Tell the dossier and the deadline engine what this app contributes."""
        from regie.cases.registry import DossierSection, register_dossier_section
        from regie.deadlines.registry import register_facts

        from .facts import interviews_facts
        from .selectors import interviews_dossier_section

        register_facts("interviews", interviews_facts)
        register_dossier_section(
            DossierSection(
                app_label="interviews",
                order=10,
                template="interviews/_dossier_section.html",
                context=lambda user, case: {"section": interviews_dossier_section(user=user, case=case)},
            )
        )
