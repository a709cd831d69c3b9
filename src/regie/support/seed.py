"""Reference data every installation starts with: the support amount rules and settings.

The figures follow DOMAIN.md; their exact dates are [uncertain] and meant to be checked and edited by
an administrator: they are data with a validity period, not code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

REINTEGRATION_COUNTRIES = "AF,DZ,ER,ET,GE,GN,IQ,IR,MA,NG,PK,SD,SO,SY,TN,TR"
BASIC_HIGH_COUNTRIES = "AF,ER,ET,IQ,IR,NG,PK,SD,SO,SY"
OLD_FROM, CHANGE = dt.date(2015, 1, 1), dt.date(2024, 7, 1)

RULES = [
    # programme, beneficiary, countries, amount, cash cap, from, until, basis
    ("basic", "adult", "", 4000, 4000, OLD_FROM, None, "REAN basisvertrekondersteuning (laag bedrag)"),
    ("basic", "minor", "", 4000, 4000, OLD_FROM, None, "REAN basisvertrekondersteuning (laag bedrag)"),
    ("basic", "unaccompanied_minor", "", 4000, 4000, OLD_FROM, None, "REAN basisvertrekondersteuning (laag bedrag)"),
    (
        "basic",
        "adult",
        BASIC_HIGH_COUNTRIES,
        20000,
        20000,
        OLD_FROM,
        None,
        "REAN basisvertrekondersteuning (hoog bedrag)",
    ),
    (
        "basic",
        "minor",
        BASIC_HIGH_COUNTRIES,
        20000,
        20000,
        OLD_FROM,
        None,
        "REAN basisvertrekondersteuning (hoog bedrag)",
    ),
    (
        "basic",
        "unaccompanied_minor",
        BASIC_HIGH_COUNTRIES,
        20000,
        20000,
        OLD_FROM,
        None,
        "REAN basisvertrekondersteuning (hoog bedrag)",
    ),
    (
        "reintegration",
        "adult",
        REINTEGRATION_COUNTRIES,
        180000,
        30000,
        OLD_FROM,
        CHANGE,
        "Herintegratieregeling: € 1.800 per volwassene, max. € 300 contant",
    ),
    (
        "reintegration",
        "minor",
        REINTEGRATION_COUNTRIES,
        280000,
        30000,
        OLD_FROM,
        CHANGE,
        "Herintegratieregeling: € 2.800 per minderjarige, max. € 300 contant",
    ),
    (
        "reintegration",
        "unaccompanied_minor",
        REINTEGRATION_COUNTRIES,
        280000,
        30000,
        OLD_FROM,
        CHANGE,
        "Herintegratieregeling: € 2.800 per minderjarige, max. € 300 contant",
    ),
    (
        "reintegration",
        "adult",
        REINTEGRATION_COUNTRIES,
        261500,
        61500,
        CHANGE,
        None,
        "Herintegratieregeling: € 615 na aankomst + € 2.000 in natura per volwassene",
    ),
    (
        "reintegration",
        "minor",
        REINTEGRATION_COUNTRIES,
        61500,
        61500,
        CHANGE,
        None,
        "Herintegratieregeling: € 615 na aankomst per persoon",
    ),
    (
        "reintegration",
        "unaccompanied_minor",
        REINTEGRATION_COUNTRIES,
        261500,
        61500,
        CHANGE,
        None,
        "Herintegratieregeling: € 615 na aankomst + € 2.000 in natura per alleenstaande minderjarige",
    ),
]


def amount_rules_seed(amount_rule: Any = None, support_settings: Any = None) -> int:
    """Insert the default amount rules that are missing (idempotent)."""
    if amount_rule is None or support_settings is None:
        from .models import AmountRule as amount_rule
        from .models import SupportSettings as support_settings
    created = 0
    for programme, beneficiary, countries, amount, cash, start, until, basis in RULES:
        _, was_created = amount_rule.objects.get_or_create(
            programme=programme,
            beneficiary=beneficiary,
            countries=countries,
            valid_from=start,
            defaults={"amount_cents": amount, "cash_cap_cents": cash, "valid_until": until, "basis": basis},
        )
        created += was_created
    support_settings.objects.get_or_create(id=1)
    return created
