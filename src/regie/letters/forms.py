"""The letter form: which kind, in which language. The text comes from the template and the dossier."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import LetterKind, LetterLanguage


def language_choices() -> list[tuple[str, object]]:
    return [
        ("", _("Standaard: de eerste taal van de persoon met een sjabloon, anders Nederlands en Engels")),
        *LetterLanguage.choices,
        ("nl,en", _("Nederlands en Engels")),
    ]


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort brief"), choices=LetterKind.choices)
    language = forms.ChoiceField(label=_("Taal"), choices=language_choices, required=False)


class IssueForm(LetterForm):
    """The same choice, carried from the preview to the issue button."""

    kind = forms.ChoiceField(choices=LetterKind.choices, widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=language_choices, required=False, widget=forms.HiddenInput)
