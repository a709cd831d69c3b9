from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data (`regie demo`): no models; it writes through the other apps' services."""

    name = "regie.demo"
    label = "demo"
