from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "regie.cases"
    label = "cases"

    def ready(self) -> None:
        """The dossier's own appointments (the embassy, the court) in the agenda."""
        from regie.deadlines.registry import register_agenda

        from .selectors import appointments_agenda

        register_agenda("cases", appointments_agenda)
