"""Seed the deadline rule table from the defaults in deadlines.domain (editable afterwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    from regie.deadlines.seed import rules_seed

    rules_seed(apps.get_model("deadlines", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
