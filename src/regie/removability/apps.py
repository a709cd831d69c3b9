from django.utils.translation import gettext_lazy

from regie.cases import registry


class RemovabilityConfig(registry.ProcessAppConfig):
    name = "regie.removability"
    label = "removability"
    dossier_order = 20
    dossier_title = gettext_lazy("Verwijderbaarheid")
    dossier_anchor = "h-verwijderbaarheid"

    def ready(self) -> None:
        """Besides facts and section: the caseload filter "removable now?"."""
        super().ready()
        from .selectors import REMOVABLE_FILTER_CHOICES, removable_filter

        registry.register_case_filter(
            registry.CaseFilter(
                "verwijderbaar", gettext_lazy("Nu verwijderbaar"), REMOVABLE_FILTER_CHOICES, removable_filter
            )
        )
