"""Seed the first version of every letter template (see regie.letters.seed)."""

from django.db import migrations


def seed(apps, schema_editor):
    from regie.letters.seed import seed_templates

    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for row in seed_templates():
        if not LetterTemplate.objects.filter(kind=row["kind"], language=row["language"]).exists():
            LetterTemplate.objects.create(**row)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
