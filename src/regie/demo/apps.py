from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data (`regie demo`): no models; it writes through the other apps' services."""

    name = "regie.demo"
    label = "demo"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy check against demo accounts)
