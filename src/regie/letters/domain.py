"""Letters to the person: the placeholder language of the templates and how facts are put in words.

Pure: no ORM, no request. A template's text is plain text with placeholders `{{ person.family_name }}`
from one closed list (`PLACEHOLDERS`), never template code: an administrator edits texts, not programs.
A placeholder the dossier cannot fill refuses the letter with its name; nothing is sent with a gap.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as gettext_module
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import pycountry
from django.utils.translation import gettext_noop

from regie.core.domain import Refusal, message_template

RTL_LANGUAGES = frozenset({"ar"})
NARROW_SPACE = "\u202f"  # between thousands in French
LANGUAGES = ("nl", "en", "fr", "ar")
# A person's languages are ISO 639 codes of two or three letters; these name the same languages.
LANGUAGE_ALIASES = {
    "nld": "nl", "dut": "nl", "nl": "nl",
    "eng": "en", "en": "en",
    "fra": "fr", "fre": "fr", "fr": "fr",
    "ara": "ar", "arb": "ar", "ar": "ar",
}  # fmt: skip
FALLBACK_LANGUAGES = ("nl", "en")  # the person reads none of the template languages: Dutch with English

# {{ name }}: the whole of what an administrator may write besides plain text.
PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
TEMPLATE_CODE = re.compile(r"\{%|%\}|\{#|#\}")

PLACEHOLDERS: dict[str, str] = {
    # the person and the dossier
    "person.full_name": gettext_noop("voornamen en achternaam van de persoon"),
    "person.given_names": gettext_noop("voornamen van de persoon"),
    "person.family_name": gettext_noop("achternaam van de persoon"),
    "person.v_number": gettext_noop("V-nummer"),
    "case.number": gettext_noop("dossiernummer"),
    "case.manager": gettext_noop("naam van de regievoerder"),
    "letter.date": gettext_noop("datum van de brief"),
    "letter.reference": gettext_noop("kenmerk van de brief"),
    # the return decision and the departure term (art. 62 Vw)
    "return_decision.date": gettext_noop("datum van het terugkeerbesluit"),
    "departure_term.end": gettext_noop("einde van de vertrektermijn"),
    "departure_term.basis": gettext_noop("grondslag van de vertrektermijn, in woorden"),
    # the next planned departure interview
    "interview.date": gettext_noop("datum van het volgende geplande vertrekgesprek"),
    "interview.time": gettext_noop("tijd van het volgende geplande vertrekgesprek"),
    "interview.place": gettext_noop("plaats van het volgende geplande vertrekgesprek"),
    # the reporting duty in force
    "reporting.start": gettext_noop("ingangsdatum van de meldplicht"),
    "reporting.frequency": gettext_noop("hoe vaak de persoon zich meldt"),
    "reporting.location": gettext_noop("meldplaats"),
    "reporting.basis": gettext_noop("grondslag van de meldplicht, in woorden"),
    # the placement in a freedom-restricting location in force
    "vbl.location": gettext_noop("vrijheidsbeperkende locatie"),
    "vbl.start": gettext_noop("ingangsdatum van de plaatsing"),
    "vbl.review_date": gettext_noop("datum waarop het verblijf wordt beoordeeld"),
    "vbl.basis": gettext_noop("grondslag van de plaatsing, in woorden"),
    # the latest decision on support (granted: amounts; refused: the reason)
    "support.programme": gettext_noop("programma van de ondersteuning"),
    "support.decision_date": gettext_noop("datum van het besluit over de ondersteuning"),
    "support.amount": gettext_noop("toegekend bedrag"),
    "support.cash": gettext_noop("waarvan contant"),
    "support.in_kind": gettext_noop("waarvan in natura"),
    "support.reason": gettext_noop("reden van de afwijzing"),
    # the laissez-passer request
    "lp.country": gettext_noop("land van de LP-aanvraag"),
    "lp.photos": gettext_noop("aantal pasfoto's dat het land vraagt"),
    # the planned departure
    "departure.date": gettext_noop("datum van het geplande vertrek"),
    "departure.time": gettext_noop("tijd van het geplande vertrek"),
    "departure.flight": gettext_noop("vluchtnummer"),
    "departure.from_airport": gettext_noop("luchthaven van vertrek"),
    "departure.to_airport": gettext_noop("luchthaven van aankomst"),
    "departure.destination": gettext_noop("land van bestemming"),
    "departure.basis": gettext_noop("grondslag van het vertrek, in woorden"),
    # the departure plan, latest version
    "plan.version": gettext_noop("versienummer van het vertrekplan"),
    "plan.date": gettext_noop("datum van de laatste versie van het vertrekplan"),
    "plan.strategy": gettext_noop("strategie van het vertrekplan"),
    "plan.next_steps": gettext_noop("afgesproken vervolgstappen"),
}

UNKNOWN_PLACEHOLDER = message_template(gettext_noop("Onbekende plaatshouder: %(placeholder)s."))
NO_TEMPLATE_CODE = gettext_noop("Alleen tekst en plaatshouders zoals {{ person.family_name }}; geen sjablooncode.")
UNFILLED = message_template(gettext_noop("Het dossier kan %(placeholder)s niet invullen."))


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in `text`, in order of first use."""
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(text)))


def template_refusals(**texts: str) -> list[Refusal]:
    """What is wrong with a template's texts (field name -> text): template code, or a placeholder that
    is not on the list, each named with the field."""
    refusals = []
    for field, text in texts.items():
        if TEMPLATE_CODE.search(text or ""):
            refusals.append(Refusal(field, NO_TEMPLATE_CODE))
        for name in placeholders_in(text or ""):
            if name not in PLACEHOLDERS:
                refusals.append(Refusal(field, UNKNOWN_PLACEHOLDER % {"placeholder": "{{ " + name[:60] + " }}"}))
    return refusals


def fill(text: str, values: Mapping[str, str | None]) -> tuple[str, list[str]]:
    """`text` with each placeholder replaced by its value, and the names that have no value (those stay
    as written, so a preview shows where the gap is)."""
    missing: list[str] = []

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = values.get(name)
        if found is None or found == "":
            if name not in missing:
                missing.append(name)
            return match.group(0)
        return found

    return PLACEHOLDER.sub(value, text), missing


def unfilled_refusals(missing: Iterable[str]) -> dict[str, str]:
    """field -> message for each placeholder the dossier cannot fill (the placeholder is the field)."""
    return {name: UNFILLED % {"placeholder": "{{ " + name + " }}"} for name in missing}


# -- languages ---------------------------------------------------------------------------------------------
def normalise_language(code: str) -> str:
    return LANGUAGE_ALIASES.get((code or "").strip().lower(), (code or "").strip().lower())


def default_languages(person_languages: Sequence[str], available: Iterable[str]) -> tuple[str, ...]:
    """The language(s) of a letter by default: the person's first language that has a template (in the
    order the languages were recorded), else Dutch with English."""
    have = set(available)
    for code in person_languages:
        language = normalise_language(code)
        if language in have:
            return (language,)
    return FALLBACK_LANGUAGES


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


# -- facts in words ------------------------------------------------------------------------------------------
MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
           "ديسمبر"),
}  # fmt: skip
WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}


def date_in_words(day: dt.date, language: str, *, weekday: bool = False) -> str:
    """ "maandag 2 november 2026", "Monday 2 November 2026", "lundi 2 novembre 2026", "الاثنين 2 نوفمبر 2026"."""
    first = "1er" if language == "fr" and day.day == 1 else str(day.day)
    words = f"{first} {MONTHS[language][day.month - 1]} {day.year}"
    return f"{WEEKDAYS[language][day.weekday()]} {words}" if weekday else words


def time_in_words(moment: dt.time, language: str) -> str:
    return f"{moment.hour}h{moment.minute:02d}" if language == "fr" else f"{moment.hour:02d}:{moment.minute:02d}"


def euro_in_words(cents: int, language: str) -> str:
    """ "€ 1.800,00" (nl), "€1,800.00" (en), "1 800,00 €" (fr), "1,800.00 يورو" (ar)."""
    whole, rest = divmod(cents, 100)
    grouped = f"{whole:,}"
    if language == "nl":
        return f"€ {grouped.replace(',', '.')},{rest:02d}"
    if language == "fr":
        narrow = grouped.replace(",", NARROW_SPACE)
        return f"{narrow},{rest:02d} €"
    if language == "ar":
        return f"{grouped}.{rest:02d} يورو"
    return f"€{grouped}.{rest:02d}"


# The legal basis of each kind of letter, in words in each language (the letterhead states it).
LEGAL_BASIS: dict[str, dict[str, str]] = {
    "art61": {
        "nl": "artikel 61 Vreemdelingenwet 2000 (plicht om Nederland te verlaten)",
        "en": "Article 61 of the Aliens Act 2000 (duty to leave the Netherlands)",
        "fr": "article 61 de la loi sur les étrangers de 2000 (obligation de quitter les Pays-Bas)",
        "ar": "المادة 61 من قانون الأجانب لعام 2000 (واجب مغادرة هولندا)",
    },
    "art62": {
        "nl": "artikel 62 Vreemdelingenwet 2000 (vertrektermijn)",
        "en": "Article 62 of the Aliens Act 2000 (period for departure)",
        "fr": "article 62 de la loi sur les étrangers de 2000 (délai de départ)",
        "ar": "المادة 62 من قانون الأجانب لعام 2000 (مهلة المغادرة)",
    },
    "art54": {
        "nl": "artikel 54 Vreemdelingenwet 2000 (meldplicht)",
        "en": "Article 54 of the Aliens Act 2000 (duty to report)",
        "fr": "article 54 de la loi sur les étrangers de 2000 (obligation de se présenter)",
        "ar": "المادة 54 من قانون الأجانب لعام 2000 (واجب الحضور والإبلاغ)",
    },
    "art56": {
        "nl": "artikel 56 Vreemdelingenwet 2000 (vrijheidsbeperkende maatregel)",
        "en": "Article 56 of the Aliens Act 2000 (measure restricting freedom of movement)",
        "fr": "article 56 de la loi sur les étrangers de 2000 (mesure restrictive de liberté)",
        "ar": "المادة 56 من قانون الأجانب لعام 2000 (إجراء مقيد للحرية)",
    },
    "art63": {
        "nl": "artikel 63 Vreemdelingenwet 2000 (uitzetting)",
        "en": "Article 63 of the Aliens Act 2000 (removal)",
        "fr": "article 63 de la loi sur les étrangers de 2000 (éloignement)",
        "ar": "المادة 63 من قانون الأجانب لعام 2000 (الترحيل)",
    },
    "support": {
        "nl": "de regels voor terugkeerondersteuning van de Dienst Terugkeer en Vertrek (voorbeeld)",
        "en": "the return support rules of the Repatriation and Departure Service (example)",
        "fr": "les règles d'aide au retour du Service du retour et du départ (exemple)",
        "ar": "قواعد دعم العودة لدائرة العودة والمغادرة (مثال)",
    },
}
KIND_BASIS = {
    "interview_invitation": "art61",
    "reporting_duty": "art54",
    "vbl_placement": "art56",
    "support_granted": "support",
    "support_refused": "support",
    "lp_signing": "art61",
    "departure_notice": "art63",
    "plan_summary": "art61",
}
KIND_CODES = {
    "interview_invitation": "B01",
    "reporting_duty": "B02",
    "vbl_placement": "B03",
    "support_granted": "B04",
    "support_refused": "B05",
    "lp_signing": "B06",
    "departure_notice": "B07",
    "plan_summary": "B08",
}


def legal_basis(code: str, language: str) -> str:
    return LEGAL_BASIS[code][language]


def reference(case_number: str, kind: str, version: int) -> str:
    """The letter's reference: the dossier number, the kind's code and the version, `RG-2026-000123/B03-v2`."""
    return f"{case_number}/{KIND_CODES[kind]}-v{version}"


# The letterhead's words in each language.
SERVICE_NAME = {
    "nl": "Dienst Terugkeer en Vertrek (voorbeeld)",
    "en": "Repatriation and Departure Service (Dienst Terugkeer en Vertrek, example)",
    "fr": "Service du retour et du départ (Dienst Terugkeer en Vertrek, exemple)",
    "ar": "دائرة العودة والمغادرة (Dienst Terugkeer en Vertrek، مثال)",
}
SERVICE_ADDRESS = "Postbus 00000, 2500 AA Den Haag"  # synthetic
LABELS: dict[str, dict[str, str]] = {
    "nl": {"to": "Aan", "reference": "Kenmerk", "date": "Datum", "case": "Dossiernummer", "v_number": "V-nummer",
           "basis": "Grondslag", "subject": "Onderwerp", "ministry": "Ministerie van Justitie en Veiligheid (voorbeeld)"},
    "en": {"to": "To", "reference": "Reference", "date": "Date", "case": "Case number", "v_number": "V-number",
           "basis": "Legal basis", "subject": "Subject", "ministry": "Ministry of Justice and Security (example)"},
    "fr": {"to": "À", "reference": "Référence", "date": "Date", "case": "Numéro de dossier", "v_number": "Numéro V",
           "basis": "Base juridique", "subject": "Objet", "ministry": "Ministère de la Justice et de la Sécurité (exemple)"},
    "ar": {"to": "إلى", "reference": "المرجع", "date": "التاريخ", "case": "رقم الملف", "v_number": "رقم V",
           "basis": "الأساس القانوني", "subject": "الموضوع", "ministry": "وزارة العدل والأمن (مثال)"},
}  # fmt: skip

# The support programmes in words (support.choices.Programme codes).
PROGRAMMES: dict[str, dict[str, str]] = {
    "basic": {
        "nl": "basisvertrekondersteuning (via IOM)",
        "en": "basic departure support (through IOM)",
        "fr": "aide de base au départ (par l'OIM)",
        "ar": "دعم المغادرة الأساسي (عن طريق المنظمة الدولية للهجرة)",
    },
    "reintegration": {
        "nl": "herintegratieondersteuning",
        "en": "reintegration support",
        "fr": "aide à la réintégration",
        "ar": "دعم إعادة الإدماج",
    },
}


@functools.cache
def _country_names(language: str) -> Callable[[str], str]:
    return gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True).gettext


def country_name(code: str, language: str) -> str | None:
    """The country's name in `language` (ISO 3166-1 names with their translations), None if unknown."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return None
    names = [getattr(country, key, None) for key in ("common_name", "name", "official_name")]
    english = [name for name in names if name]
    translate = _country_names(language)
    for name in english:
        if translate(name) != name:
            return translate(name)
    return english[0]
