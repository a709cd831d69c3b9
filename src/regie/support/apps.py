from django.utils.translation import gettext_lazy

from regie.cases import registry


class SupportConfig(registry.ProcessAppConfig):
    name = "regie.support"
    label = "support"
    dossier_order = 40
    dossier_title = gettext_lazy("Ondersteuning")
    dossier_anchor = "h-ondersteuning"
    section_is_context = True

    def ready(self) -> None:
        """Besides facts and section: the team lead's inbox of grants above the threshold."""
        super().ready()
        from .selectors import support_approvals

        registry.register_approvals("support", support_approvals)
