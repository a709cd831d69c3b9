from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "regie.core"
    label = "core"
    verbose_name = "Regie core"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
