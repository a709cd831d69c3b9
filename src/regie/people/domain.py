"""Pure rules about persons: V-numbers, partial dates of birth, name keys for spelling variants."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from regie.core.domain import message_template

V_NUMBER_RE = re.compile(r"^[0-9]{10}$")

YEAR_BETWEEN = message_template(gettext_noop("Het jaar moet tussen %(first)s en %(last)s liggen."))


def is_valid_v_number(value: str) -> bool:
    """A V-number (vreemdelingennummer) is exactly ten digits; no check digit is published."""
    return bool(V_NUMBER_RE.fullmatch(value or ""))


@dataclass(frozen=True)
class PartialDate:
    """A date of birth that may be known only to the year, or to year and month."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def problems(self, *, today: dt.date) -> dict[str, str]:
        """Field name -> what is wrong. Empty when valid."""
        errors: dict[str, str] = {}
        if self.year is None:
            if self.month is not None or self.day is not None:
                errors["birth_year"] = gettext_noop("Een maand of dag zonder jaar kan niet.")
            return errors
        if not 1900 <= self.year <= today.year:
            errors["birth_year"] = YEAR_BETWEEN % {"first": 1900, "last": today.year}
        if self.day is not None and self.month is None:
            errors["birth_month"] = gettext_noop("Een dag zonder maand kan niet.")
        if self.month is not None and not 1 <= self.month <= 12:
            errors["birth_month"] = gettext_noop("De maand moet tussen 1 en 12 liggen.")
        if (
            not errors
            and self.day is None
            and self.month is not None
            and (self.year, self.month) > (today.year, today.month)
        ):
            # Known to the month only: refused when that month has not begun yet.
            errors["birth_month"] = gettext_noop("De geboortemaand ligt in de toekomst.")
        if not errors and self.day is not None and self.month is not None:
            try:
                if dt.date(self.year, self.month, self.day) > today:
                    errors["birth_day"] = gettext_noop("De geboortedatum ligt in de toekomst.")
            except ValueError:
                errors["birth_day"] = gettext_noop("Deze dag bestaat niet in die maand.")
        return errors

    def display(self) -> str:
        if self.year is None:
            return "onbekend"
        if self.month is None:
            return f"XX-XX-{self.year:04d}"
        if self.day is None:
            return f"XX-{self.month:02d}-{self.year:04d}"
        return f"{self.day:02d}-{self.month:02d}-{self.year:04d}"

    def earliest(self) -> dt.date | None:
        """The earliest possible date: used for age bounds (a minor or not)."""
        if self.year is None:
            return None
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date | None:
        if self.year is None:
            return None
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, self.month, self.day)


ADULT_AGE = 18


def is_minor_on(birth: PartialDate, on: dt.date) -> bool | None:
    """Minor on `on`: True when the youngest possible age is under 18, None when the year is unknown.

    A date known only in part gives a range of ages; when it straddles 18 the person counts as a minor
    (the presumption of minority in migration law), so no child is treated as an adult because a day
    or month is unknown. One definition for every rule that depends on it (support, detention).
    """
    ages = age_on(birth, on)
    if ages is None:
        return None
    return ages[0] < ADULT_AGE


def age_on(birth: PartialDate, on: dt.date) -> tuple[int, int] | None:
    """The (youngest, oldest) possible age on a date, or None if the year is unknown."""
    earliest, latest = birth.earliest(), birth.latest()
    if earliest is None or latest is None:
        return None

    def years(born: dt.date) -> int:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    return years(latest), years(earliest)


def fold(text: str) -> str:
    """Lowercase, strip diacritics, keep letters and spaces only."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z ]+", " ", ascii_only.lower()).strip()


_PREFIXES = {"al", "el", "abd", "abu", "ben", "bin", "ibn", "van", "de", "der", "den"}
_SUBSTITUTIONS = [
    (r"ou", "u"),
    (r"oo", "u"),
    (r"ee", "i"),
    (r"ph", "f"),
    (r"kh", "h"),
    (r"gh", "g"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"c", "k"),
    (r"dj", "j"),
    (r"dsch", "j"),
    (r"tsch", "c"),
    (r"sch", "s"),
    (r"sh", "s"),
    (r"ch", "s"),
    (r"z", "s"),
    (r"w", "v"),
    (r"y", "i"),
    (r"x", "ks"),
]


@functools.lru_cache(maxsize=1 << 16)
def name_key(token: str) -> str:
    """A coarse phonetic key so that spelling variants meet: Mohammed, Muhammad, Mohamed -> 'mhmd'.

    Transliteration from Arabic, Tigrinya or Farsi varies mostly in vowels, doubled consonants and
    a few digraphs, so the key keeps the first letter and the consonant skeleton after folding those.
    Cached: names repeat their tokens (given and family names are few), and twenty substitutions per
    token cost more than the lookup (intake batches, imports, the demo).
    """
    word = fold(token).replace(" ", "")
    if not word:
        return ""
    for pattern, repl in _SUBSTITUTIONS:
        word = re.sub(pattern, repl, word)
    first, rest = word[0], word[1:]
    rest = re.sub(r"[aeiouh]", "", rest)
    key = first + rest
    key = re.sub(r"(.)\1+", r"\1", key)
    if first in "aeiou":
        # Leading vowels vary too (Omar / Umar, Ibrahim / Ebrahim): keep that there was one.
        key = "a" + key[1:]
    return key


def name_keys(text: str) -> list[str]:
    """Keys for every meaningful token of a name; article-like prefixes (al-, el-, van) are dropped."""
    tokens = [t for t in fold(text).split() if t]
    meaningful = [t for t in tokens if t not in _PREFIXES] or tokens
    return [k for k in dict.fromkeys(name_key(t) for t in meaningful) if k]


def is_country(code: str) -> bool:
    """ISO 3166-1 alpha-2, plus XX (unknown / stateless as used on travel documents)."""
    import pycountry

    code = code or ""
    return code == "XX" or (len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None)


def country_name(code: str) -> str:
    import pycountry

    if code == "XX":
        return "onbekend / staatloos"
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def is_language(code: str) -> bool:
    """ISO 639-1 (two letters) or ISO 639-3 (three letters)."""
    import pycountry

    code = code or ""
    if not code.isascii() or not code.islower():
        return False
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code) is not None
    if len(code) == 3:
        return pycountry.languages.get(alpha_3=code) is not None
    return False


def language_name(code: str) -> str:
    import pycountry

    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return lang.name if lang else code


def name_fold(given_names: str, family_name: str) -> str:
    """The comparable form of a full name, for flagging possible duplicates."""
    return " ".join(fold(f"{given_names} {family_name}").split())


# -- the characters a name may hold --------------------------------------------------------------------
# Invisible characters that reorder or hide text (a name that shows one thing and searches or prints as
# another: "Trojan Source", CVE-2021-42574), and control characters. ZERO WIDTH NON-JOINER (U+200C) is
# allowed: Persian and other scripts need it inside real names (see docs/security/input.md).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200d\u2060\ufeff")
NAME_HAS_BIDI_CONTROL = gettext_noop("Bevat een onzichtbaar teken voor de schrijfrichting; dat is niet toegestaan.")
NAME_HAS_ZERO_WIDTH = gettext_noop("Bevat een onzichtbaar teken zonder breedte; dat is niet toegestaan.")
NAME_HAS_CONTROL = gettext_noop("Bevat een stuurteken (zoals NUL, tab of regeleinde); dat is niet toegestaan.")


def name_text(value: str) -> str:
    """A name as it is stored: Unicode NFC, so that one name has one spelling in bytes (search, keys,
    duplicate flags and the database's equality all see the same text)."""
    return unicodedata.normalize("NFC", value)


def name_problem(value: str) -> str | None:
    """What kind of character makes `value` unfit for a name, or None. Never quotes the value."""
    if value.isprintable():
        return None  # every character refused below is of a category str.isprintable() excludes
    for char in value:
        if char in BIDI_CONTROLS:
            return NAME_HAS_BIDI_CONTROL
        if char in ZERO_WIDTH:
            return NAME_HAS_ZERO_WIDTH
        # Cc: C0/C1 controls incl. NUL, tab, CR, LF; Cs: lone surrogates; Zl/Zp: line and paragraph separators.
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            return NAME_HAS_CONTROL
    return None
