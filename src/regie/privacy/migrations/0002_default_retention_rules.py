"""Default retention periods: placeholders an organisation must replace with its own (its archive selection
list decides them; docs/security/retention-and-rights.md). Counted from the closure of the person's last case.
"""

import datetime as dt

from django.db import migrations

DEFAULTS = [
    ("special_category", 12, "Standaardwaarde: door de organisatie vast te stellen"),
    ("identity", 60, "Standaardwaarde: door de organisatie vast te stellen"),
    ("free_text", 60, "Standaardwaarde: door de organisatie vast te stellen"),
    ("documents", 60, "Standaardwaarde: door de organisatie vast te stellen"),
]
VALID_FROM = dt.date(2000, 1, 1)


def add_defaults(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for kind, months, basis in DEFAULTS:
        RetentionRule.objects.get_or_create(
            kind=kind, valid_from=VALID_FROM, defaults={"months": months, "basis": basis}
        )


def remove_defaults(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(valid_from=VALID_FROM, kind__in=[k for k, _, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_retention_rules_and_subject_requests")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
