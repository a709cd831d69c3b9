"""Seed the deadline rule table from the defaults in deadlines.domain (editable afterwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    from regie.deadlines.domain import DEFAULT_RULES

    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for r in DEFAULT_RULES:
        DeadlineRule.objects.get_or_create(
            code=r.code, variant=r.variant, valid_from=r.valid_from,
            defaults={"label": r.label, "basis": r.basis, "amount": r.amount, "unit": r.unit,
                      "valid_until": r.valid_until},
        )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
