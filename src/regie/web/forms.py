"""Forms of the shared pages (login, privacy officer)."""

from __future__ import annotations

from typing import Any

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


def _code_field(label: Any, help_text: Any, *, numeric: bool) -> forms.CharField:
    attrs = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
    if numeric:
        attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})
    return forms.CharField(label=label, help_text=help_text, max_length=20, widget=forms.TextInput(attrs=attrs))


class OneTimeCodeForm(forms.Form):
    """Login step 2, or confirming a new authenticator app: the six digits the app shows now."""

    use_required_attribute = False
    code = _code_field(_("Code"), _("De 6 cijfers die uw authenticator-app nu toont."), numeric=True)


class RecoveryCodeForm(forms.Form):
    """Login step 2 without the app: one of the recovery codes (each works once)."""

    use_required_attribute = False
    code = _code_field(
        _("Herstelcode"), _("Een van de herstelcodes die u bij het instellen hebt bewaard."), numeric=False
    )
