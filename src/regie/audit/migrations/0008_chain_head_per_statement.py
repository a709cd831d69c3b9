"""PostgreSQL: the chain head advances once per INSERT or COPY of records, not once per record.

Migration 0005 kept the head with a deferred constraint trigger FOR EACH ROW: at commit, for every
record of the transaction, `SELECT max(id)` over the trail (since migration 0007 a merge over every
monthly partition) to find the newest one. A batch of 2,500 records paid about 27 ms at its commit for
that. Since decision 0024 a transaction's records arrive as one block at its end, under the chain lock,
so a statement-level trigger with a transition table does the same work once per block: the newest
record of the statement, if it is the newest of the trail (the same condition as before), becomes the
head. It runs at the end of the statement instead of at commit: still inside the transaction, under the
chain lock, so the head and the chain commit together.

SQLite keeps its row trigger (migration 0005): it updates the head row in place, one cheap write.
"""

from django.db import migrations

UP = [
    "DROP TRIGGER IF EXISTS audit_chain_head ON audit_auditevent",
    """
    CREATE OR REPLACE FUNCTION audit_chain_head_advance_block() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO audit_auditchainhead (id, last_id, last_hash)
        SELECT 1, n.id, n.hash FROM audit_new_records n
        WHERE n.id = (SELECT max(id) FROM audit_auditevent)
        ON CONFLICT (id) DO UPDATE SET last_id = EXCLUDED.last_id, last_hash = EXCLUDED.last_hash;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER audit_chain_head AFTER INSERT ON audit_auditevent
    REFERENCING NEW TABLE AS audit_new_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_advance_block()
    """,
]
DOWN = [
    "DROP TRIGGER IF EXISTS audit_chain_head ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_chain_head_advance_block()",
    """
    CREATE CONSTRAINT TRIGGER audit_chain_head AFTER INSERT ON audit_auditevent
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_head_advance()
    """,
]


def _run(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def up(apps, schema_editor) -> None:
    _run(schema_editor, UP)


def down(apps, schema_editor) -> None:
    _run(schema_editor, DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_monthly_partitions")]

    operations = [migrations.RunPython(up, down, elidable=False)]
