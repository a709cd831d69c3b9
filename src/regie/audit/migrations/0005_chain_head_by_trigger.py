"""The chain head is kept by the database itself, once per transaction (decision 0003).

Until now every `audit_record` updated the one head row. Inside one long transaction PostgreSQL keeps
every version of that row, so each update walked a longer chain of versions: quadratic. From here on
the application appends records under a transaction-level lock and reads the previous hash from the
newest record by its primary key; the head row is written by a trigger:

- PostgreSQL: a deferred constraint trigger, fired at commit, that advances the head only for the
  newest record, so the row is written once per transaction whatever the number of records;
- SQLite: an AFTER INSERT trigger (SQLite updates the row in place, so each update costs the same).

`regie audit verify` compares the head with the end of the chain, so a removed last record is found.
"""

from django.db import migrations

POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION audit_chain_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.id = (SELECT max(id) FROM audit_auditevent) THEN
            INSERT INTO audit_auditchainhead (id, last_id, last_hash) VALUES (1, NEW.id, NEW.hash)
            ON CONFLICT (id) DO UPDATE SET last_id = EXCLUDED.last_id, last_hash = EXCLUDED.last_hash;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE CONSTRAINT TRIGGER audit_chain_head AFTER INSERT ON audit_auditevent
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_head_advance()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_chain_head ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_chain_head_advance()",
]
SQLITE_UP = [
    """
    CREATE TRIGGER audit_chain_head AFTER INSERT ON audit_auditevent
    BEGIN
        INSERT INTO audit_auditchainhead (id, last_id, last_hash) VALUES (1, NEW.id, NEW.hash)
        ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash;
    END
    """,
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_chain_head"]
STATEMENTS = {"postgresql": (POSTGRES_UP, POSTGRES_DOWN), "sqlite": (SQLITE_UP, SQLITE_DOWN)}


def _run(schema_editor, index: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"the audit chain head needs a trigger for {vendor}: add it to this migration")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement)


def up(apps, schema_editor) -> None:
    _run(schema_editor, 0)
    # Start the head at the end of the chain as it stands (the old code kept it there already).
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if last is not None:
        AuditChainHead.objects.update_or_create(id=1, defaults={"last_id": last[0], "last_hash": last[1]})


def down(apps, schema_editor) -> None:
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_privacy_review_purpose")]

    operations = [migrations.RunPython(up, down, elidable=False)]
