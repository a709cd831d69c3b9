"""Dossier numbers a person can read out on the phone: `RG-2026-004217`, counted per year.

Taken from `CaseNumberSequence` (a row per year, locked for the moment the numbers are taken), so they
never collide, whatever the number of cases; the same on SQLite and PostgreSQL. An intake takes one, a
batch of an import or the demo's bulk path takes its whole block at once.
"""

from __future__ import annotations

import re

from django.db.models import F

from regie.core.transactions import atomic

from .models import CaseNumberSequence

NUMBER = re.compile(r"^RG-(\d{4})-(\d{6,})$")
LEGACY_NUMBER = re.compile(r"^RG-[0-9A-F]{10}$")


def format_number(year: int, n: int) -> str:
    return f"RG-{year}-{n:06d}"


def take_numbers(year: int, count: int = 1) -> list[str]:
    """`count` new numbers of `year`, in order. Inside the caller's transaction (the year's row stays
    locked until it ends: numbers are given out in commit order)."""
    if count <= 0:
        return []
    with atomic(savepoint=False):  # part of the caller's transaction, or one of its own
        if not CaseNumberSequence.objects.filter(year=year).update(last=F("last") + count):
            CaseNumberSequence.objects.get_or_create(year=year)  # the year's first number
            CaseNumberSequence.objects.filter(year=year).update(last=F("last") + count)
        last = CaseNumberSequence.objects.select_for_update().get(year=year).last
    return [format_number(year, n) for n in range(last - count + 1, last + 1)]


def looks_like_a_number(text: str) -> bool:
    """The query is a dossier number, in the current or the old form (case-insensitive)."""
    text = text.strip().upper()
    return bool(NUMBER.match(text) or LEGACY_NUMBER.match(text))
