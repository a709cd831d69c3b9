"""`LongSelect`: the HTML of `forms.Select`, rendered once and reused."""

from __future__ import annotations

from django import forms
from django.utils import translation

from regie.web.fields import LongSelect, blank

CHOICES = blank([("nl", "Nederlands"), ("ar", "Arabisch"), ("ti", "Tigrinya")])


def _both(value: str, attrs: dict[str, str]) -> tuple[str, str]:
    plain = forms.Select(choices=CHOICES).render("code", value, attrs)
    cached = LongSelect(choices=CHOICES).render("code", value, attrs)
    return plain, cached


def test_the_same_html_as_a_select_for_each_value_and_attribute() -> None:
    for value in ("", "ar", "ti"):
        for attrs in ({"id": "id_taal-code"}, {"id": "id_taal-code", "aria-invalid": "true", "class": "x"}):
            plain, cached = _both(value, attrs)
            assert cached == plain
            assert LongSelect(choices=CHOICES).render("code", value, attrs) == plain  # from the cache


def test_other_choices_or_another_language_are_rendered_anew() -> None:
    first = LongSelect(choices=CHOICES).render("code", "", {"id": "a"})
    other = LongSelect(choices=[*CHOICES, ("fa", "Perzisch")]).render("code", "", {"id": "a"})
    assert "Perzisch" in other and "Perzisch" not in first
    with translation.override("en"):
        english = LongSelect(choices=blank([("nl", "Dutch")])).render("code", "", {"id": "a"})
    assert "Dutch" in english and "Kies" not in english
