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
        from regie.core.storedfiles import register_stored_files

        from .models import Document
        from .selectors import document_files

        registry.register_dossier_files(self.label, document_files)
        # The backup copies the stored file of every row (docs/operations.md).
        register_stored_files(Document, name_field="storage_name", sha256_field="sha256")
