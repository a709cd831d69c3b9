from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """`regie serve`, `regie backup` and `regie restore`. No models; imports only core and audit."""

    name = "regie.operations"
    label = "operations"
