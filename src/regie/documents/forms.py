"""Forms of the documents page. They convert types; the rules (type from the bytes, size, kinds) live in
`documents.domain` and the services, so a refusal reads the same in the web UI as in the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.web.fields import Form, VersionedForm, blank, date_field, text_field

from . import domain


class DocumentUploadForm(Form):
    file = forms.FileField(
        label=_("Bestand"),
        allow_empty_file=True,  # the service refuses an empty file, naming the field, as the API does
        help_text=_("PDF, JPEG, PNG, TIFF of WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(domain.ACCEPTED))}),
    )
    kind = forms.ChoiceField(label=_("Soort document"))
    description = text_field(_("Omschrijving"), 300, required=False)
    document_date = date_field(_("Datum van het document"), required=False)

    def __init__(self, data: Any = None, files: Any = None, *, kinds: list[tuple[str, Any]]) -> None:
        super().__init__(data, files, prefix="upload")
        self.fields["kind"].choices = blank(kinds)  # type: ignore[attr-defined]


class DocumentWithdrawForm(VersionedForm):
    reason = text_field(
        _("Reden van intrekken"), 2000, rows=3, help_text=_("Bijvoorbeeld: verkeerd bestand of verkeerd dossier.")
    )

    def __init__(self, data: Any = None, initial: Any = None) -> None:
        super().__init__(data, prefix="withdraw", initial=initial)
