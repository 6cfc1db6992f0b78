"""The full-text index behind disclosures/search.py, one per database vendor, and its backfill.

PostgreSQL: a generated tsvector column (config ``simple``; the title part weighted A) with a GIN
index. It follows search_title/search_text by itself, on save, bulk_create, bulk_update and COPY.
SQLite: an FTS5 table over the same two columns (external content), kept in step by triggers.
"""

from django.db import migrations

TABLES = ["disclosures_disclosure", "disclosures_administrativedecision"]

PG_FORWARD = """
ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, search_title), 'A')
    || setweight(to_tsvector('simple'::regconfig, search_text), 'D')
) STORED;
CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector);
"""
PG_BACKWARD = "DROP INDEX IF EXISTS {table}_search_idx; ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector;"

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE {table}_fts USING fts5(search_title, search_text, content='{table}', content_rowid='id')",
    """CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
        INSERT INTO {table}_fts(rowid, search_title, search_text) VALUES (new.id, new.search_title, new.search_text);
    END""",
    """CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
        INSERT INTO {table}_fts({table}_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
    END""",
    """CREATE TRIGGER {table}_fts_update AFTER UPDATE OF search_title, search_text ON {table} BEGIN
        INSERT INTO {table}_fts({table}_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
        INSERT INTO {table}_fts(rowid, search_title, search_text) VALUES (new.id, new.search_title, new.search_text);
    END""",
    "INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS {table}_fts_insert",
    "DROP TRIGGER IF EXISTS {table}_fts_delete",
    "DROP TRIGGER IF EXISTS {table}_fts_update",
    "DROP TABLE IF EXISTS {table}_fts",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            _run(schema_editor, [PG_FORWARD.format(table=table)])
        elif vendor == "sqlite":
            _run(schema_editor, [s.format(table=table) for s in SQLITE_FORWARD])


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            _run(schema_editor, [PG_BACKWARD.format(table=table)])
        elif vendor == "sqlite":
            _run(schema_editor, [s.format(table=table) for s in SQLITE_BACKWARD])


def backfill(apps, schema_editor):
    from disclosures import search

    from disclosures.textextract import extract_missing_attachment_text

    Disclosure = apps.get_model("disclosures", "Disclosure")
    Decision = apps.get_model("disclosures", "AdministrativeDecision")
    Attachment = apps.get_model("disclosures", "Attachment")
    extract_missing_attachment_text(Attachment.objects.all())
    texts = {}
    for disclosure_id, text in Attachment.objects.exclude(text="").values_list("disclosure_id", "text").iterator():
        texts.setdefault(disclosure_id, []).append(text)
    batch = []
    for item in Disclosure.objects.iterator(chunk_size=500):
        item.search_title, item.search_text = search.disclosure_document(item, texts.get(item.pk, ()))
        batch.append(item)
        if len(batch) >= 500:
            Disclosure.objects.bulk_update(batch, ["search_title", "search_text"])
            batch = []
    Disclosure.objects.bulk_update(batch, ["search_title", "search_text"])
    batch = []
    for decision in Decision.objects.iterator(chunk_size=1000):
        decision.search_title, decision.search_text = search.decision_document(decision)
        batch.append(decision)
        if len(batch) >= 1000:
            Decision.objects.bulk_update(batch, ["search_title", "search_text"])
            batch = []
    Decision.objects.bulk_update(batch, ["search_title", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0005_search_document_and_list_indexes")]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
