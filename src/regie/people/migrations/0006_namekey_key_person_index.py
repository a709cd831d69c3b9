"""The name keys indexed by (key, person): a search's key lookup reads the persons from the index alone.

At a million persons a common key ("md") has 62,000 rows; reading them from the table cost a team lead's
search 58 ms of its 133 ms statement, and 20 ms a case manager's whole search (docs/performance.md,
2026-12-01). The new index serves every lookup by key the old one did, so that one goes.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_nationality_country_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="namekey",
            index=models.Index(fields=["key", "person"], name="namekey_key_person_idx"),
        ),
        migrations.RemoveIndex(
            model_name="namekey",
            name="namekey_key_idx",
        ),
    ]
