"""Forms of the shared pages (login, privacy officer)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from regie.people.domain import is_valid_v_number


class LoginForm(AuthenticationForm):
    """Django's login form with the autocomplete hints password managers and assistive tech use."""

    use_required_attribute = False

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        # No autofocus: it would skip the skip link and the page's context for screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class VNumberForm(forms.Form):
    use_required_attribute = False
    v_number = forms.CharField(
        label=_("V-nummer"),
        help_text=_("Het vreemdelingennummer: 10 cijfers."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_v_number(self) -> str:
        value = self.cleaned_data["v_number"].strip()
        if not is_valid_v_number(value):
            raise forms.ValidationError(_("Een V-nummer bestaat uit precies 10 cijfers."))
        return value
