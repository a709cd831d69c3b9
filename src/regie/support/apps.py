from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "regie.support"
    label = "support"

    def ready(self) -> None:
        """Tell the dossier what this app contributes."""
        from regie.cases.registry import DossierSection, register_dossier_section

        from .selectors import support_dossier_section

        register_dossier_section(
            DossierSection(
                app_label="support",
                order=40,
                template="support/_dossier_section.html",
                context=lambda user, case: support_dossier_section(user=user, case=case),
            )
        )
