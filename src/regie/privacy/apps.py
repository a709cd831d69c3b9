from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Retention and the rights of the person. Reads what every app holds through `cases.registry`, so it
    imports no process app."""

    name = "regie.privacy"
    label = "privacy"

    def ready(self) -> None:
        from regie.cases.registry import register_held_data, register_summary

        from .models import HELD_DATA
        from .selectors import privacy_summary

        register_held_data(*HELD_DATA)
        register_summary("privacy", privacy_summary)
