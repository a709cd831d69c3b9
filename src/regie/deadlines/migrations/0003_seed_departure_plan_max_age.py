"""Seed the rule for how old a departure plan may be (until now a setting, REGIE_PLAN_MAX_AGE_DAYS)."""

from django.db import migrations


def seed(apps, schema_editor) -> None:
    from regie.deadlines.seed import rules_seed

    rules_seed(apps.get_model("deadlines", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_seed_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
