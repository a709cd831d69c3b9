"""The placeholder language and the facts in words: pure, no database."""

from __future__ import annotations

import datetime as dt

from regie.letters import domain
from regie.letters.seed import seed_templates


def test_only_listed_placeholders_and_no_template_code() -> None:
    refusals = domain.template_refusals(
        subject="Over {{ case.number }}", body="{{ person.family_name }} {{ person.secret_field }} {% load x %}"
    )
    assert [(r.field, r.message) for r in refusals] == [
        ("body", domain.NO_TEMPLATE_CODE),
        ("body", "Onbekende plaatshouder: {{ person.secret_field }}."),
    ]
    assert domain.template_refusals(subject="{{case.number}}", body="{{ letter.reference }}") == []


def test_every_seeded_template_uses_listed_placeholders_only() -> None:
    rows = seed_templates()
    assert len(rows) == 8 * 4
    assert {(r["kind"], r["language"]) for r in rows} == {
        (k, lang) for k in domain.KIND_CODES for lang in domain.LANGUAGES
    }
    for row in rows:
        assert domain.template_refusals(subject=row["subject"], body=row["body"]) == [], (row["kind"], row["language"])


def test_fill_names_what_the_dossier_cannot_fill() -> None:
    text, missing = domain.fill(
        "{{ person.full_name }}: {{ interview.date }} {{ interview.date }} {{ plan.strategy }}",
        {"person.full_name": "Amal Haddad", "interview.date": None, "plan.strategy": ""},
    )
    assert missing == ["interview.date", "plan.strategy"]
    assert text.startswith("Amal Haddad: {{ interview.date }}")
    assert domain.unfilled_refusals(missing) == {
        "interview.date": "Het dossier kan {{ interview.date }} niet invullen.",
        "plan.strategy": "Het dossier kan {{ plan.strategy }} niet invullen.",
    }


def test_the_language_of_a_letter_by_default() -> None:
    everything = {"nl", "en", "fr", "ar"}
    assert domain.default_languages(["ti", "ara", "fr"], everything) == ("ar",)
    assert domain.default_languages(["fra"], everything) == ("fr",)
    assert domain.default_languages(["ti", "fa"], everything) == ("nl", "en")
    assert domain.default_languages(["ar"], {"nl", "en"}) == ("nl", "en")
    assert domain.direction("ar") == "rtl" and domain.direction("fr") == "ltr"


def test_dates_amounts_and_bases_in_words() -> None:
    day = dt.date(2026, 12, 1)
    assert domain.date_in_words(day, "nl", weekday=True) == "dinsdag 1 december 2026"
    assert domain.date_in_words(day, "fr") == "1er décembre 2026"
    assert domain.date_in_words(day, "ar") == "1 ديسمبر 2026"
    assert domain.euro_in_words(261500, "nl") == "€ 2.615,00"
    assert domain.euro_in_words(261500, "en") == "€2,615.00"
    assert domain.euro_in_words(261500, "fr") == "2\u202f615,00 €"
    assert domain.time_in_words(dt.time(7, 5), "fr") == "7h05"
    assert domain.legal_basis("art54", "nl") == "artikel 54 Vreemdelingenwet 2000 (meldplicht)"
    assert domain.reference("RG-2026-000123", "vbl_placement", 2) == "RG-2026-000123/B03-v2"
    assert domain.country_name("MA", "fr") == "Maroc" and domain.country_name("XX", "nl") is None
