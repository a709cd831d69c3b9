"""Seed amount rules. The figures follow DOMAIN.md; their exact dates are [uncertain] and meant to be
checked and edited by an administrator: they are data with a validity period, not code."""

import datetime as dt

from django.db import migrations

REINTEGRATION_COUNTRIES = "AF,DZ,ER,ET,GE,GN,IQ,IR,MA,NG,PK,SD,SO,SY,TN,TR"
BASIC_HIGH_COUNTRIES = "AF,ER,ET,IQ,IR,NG,PK,SD,SO,SY"
OLD_FROM, CHANGE = dt.date(2015, 1, 1), dt.date(2024, 7, 1)

RULES = [
    # programme, beneficiary, countries, amount, cash cap, from, until, basis
    ("basic", "adult", "", 4000, 4000, OLD_FROM, None, "REAN basisvertrekondersteuning (laag bedrag)"),
    ("basic", "minor", "", 4000, 4000, OLD_FROM, None, "REAN basisvertrekondersteuning (laag bedrag)"),
    ("basic", "unaccompanied_minor", "", 4000, 4000, OLD_FROM, None, "REAN basisvertrekondersteuning (laag bedrag)"),
    ("basic", "adult", BASIC_HIGH_COUNTRIES, 20000, 20000, OLD_FROM, None, "REAN basisvertrekondersteuning (hoog bedrag)"),
    ("basic", "minor", BASIC_HIGH_COUNTRIES, 20000, 20000, OLD_FROM, None, "REAN basisvertrekondersteuning (hoog bedrag)"),
    ("basic", "unaccompanied_minor", BASIC_HIGH_COUNTRIES, 20000, 20000, OLD_FROM, None,
     "REAN basisvertrekondersteuning (hoog bedrag)"),
    ("reintegration", "adult", REINTEGRATION_COUNTRIES, 180000, 30000, OLD_FROM, CHANGE,
     "Herintegratieregeling: € 1.800 per volwassene, max. € 300 contant"),
    ("reintegration", "minor", REINTEGRATION_COUNTRIES, 280000, 30000, OLD_FROM, CHANGE,
     "Herintegratieregeling: € 2.800 per minderjarige, max. € 300 contant"),
    ("reintegration", "unaccompanied_minor", REINTEGRATION_COUNTRIES, 280000, 30000, OLD_FROM, CHANGE,
     "Herintegratieregeling: € 2.800 per minderjarige, max. € 300 contant"),
    ("reintegration", "adult", REINTEGRATION_COUNTRIES, 261500, 61500, CHANGE, None,
     "Herintegratieregeling: € 615 na aankomst + € 2.000 in natura per volwassene"),
    ("reintegration", "minor", REINTEGRATION_COUNTRIES, 61500, 61500, CHANGE, None,
     "Herintegratieregeling: € 615 na aankomst per persoon"),
    ("reintegration", "unaccompanied_minor", REINTEGRATION_COUNTRIES, 261500, 61500, CHANGE, None,
     "Herintegratieregeling: € 615 na aankomst + € 2.000 in natura per alleenstaande minderjarige"),
]


def seed(apps, schema_editor):
    AmountRule = apps.get_model("support", "AmountRule")
    SupportSettings = apps.get_model("support", "SupportSettings")
    for programme, beneficiary, countries, amount, cash, start, until, basis in RULES:
        AmountRule.objects.get_or_create(
            programme=programme, beneficiary=beneficiary, countries=countries, valid_from=start,
            defaults={"amount_cents": amount, "cash_cap_cents": cash, "valid_until": until, "basis": basis},
        )
    SupportSettings.objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
