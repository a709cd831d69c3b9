from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "regie.cases"
    label = "cases"

    def ready(self) -> None:
        """The dossier's own appointments (the embassy, the court) in the agenda; what it holds about a person."""
        from regie.deadlines.registry import register_agenda

        from .models import HELD_DATA
        from .registry import register_held_data
        from .selectors import appointments_agenda

        register_agenda("cases", appointments_agenda)
        register_held_data(*HELD_DATA)
