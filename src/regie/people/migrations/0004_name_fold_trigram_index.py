"""Name search on PostgreSQL ranks candidates by trigram similarity (pg_trgm) of the folded name, with a
GIN index on `Person.name_fold`. PostgreSQL only: on SQLite nothing happens (search keeps the name keys).

The index is not in the model's Meta (a GIN index does not exist on SQLite): it is created here, and
`cases.selectors.person_search` uses it only on PostgreSQL.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "person_name_fold_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person USING gin (name_fold gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_anonymised_at_v_number_once_when_set")]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS pg_trgm; nothing on SQLite
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
