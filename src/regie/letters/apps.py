from django.utils.translation import gettext_lazy

from regie.cases import registry


class LettersConfig(registry.ProcessAppConfig):
    """Registers the dossier's "Brieven" section (its letters, and the way to write one) and what a
    letter holds about the person (retention, subject access)."""

    name = "regie.letters"
    label = "letters"
    dossier_order = 80
    dossier_title = gettext_lazy("Brieven")
    dossier_anchor = "h-brieven"
    section_is_context = True

    def ready(self) -> None:
        super().ready()
        from regie.core.storedfiles import register_stored_files

        from .models import Letter
        from .selectors import letter_files

        # Issued letters are listed with the uploaded documents (one list of the dossier's files).
        registry.register_dossier_files(self.label, letter_files)
        # The backup copies the PDF of every letter (docs/operations.md).
        register_stored_files(Letter, name_field="file", sha256_field="sha256")
