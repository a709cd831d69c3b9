"""Seed the support amount rules (see regie.support.seed)."""

from django.db import migrations


def seed(apps, schema_editor):
    from regie.support.seed import amount_rules_seed

    amount_rules_seed(apps.get_model("support", "AmountRule"), apps.get_model("support", "SupportSettings"))


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
