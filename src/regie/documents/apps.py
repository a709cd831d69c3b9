from django.utils.translation import gettext_lazy

from regie.cases import registry


class DocumentsConfig(registry.ProcessAppConfig):
    name = "regie.documents"
    label = "documents"
    dossier_order = 35
    dossier_title = gettext_lazy("Documenten")
    dossier_anchor = "h-documenten"

    def ready(self) -> None:
        super().ready()
        from .selectors import document_files

        registry.register_dossier_files(self.label, document_files)
