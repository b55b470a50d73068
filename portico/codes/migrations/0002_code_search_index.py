"""Word search over codes: an SQLite FTS5 table, or on PostgreSQL a search table with a GIN index.

Both hold one row per code numbered in *search rank* order — billable codes first, then the shortest text (the
closest match among codes that hold every word typed), then system and code — so that the best matches of even
the commonest word are the first rows read. In SQLite that number is the FTS5 rowid, and FTS5 walks matches in
rowid order. In PostgreSQL it is the primary key of ``codes_code_search``, whose rows are written in that order;
whatever plan PostgreSQL picks (a scan that stops early for a common word, the GIN index for a rare one), it
meets matches best first.
``search_index_refresh`` rebuilds both after each load. The model does not know these tables.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE codes_code_fts USING fts5("
    "search_text, system, code_id UNINDEXED, tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS codes_code_fts"]

POSTGRES_FORWARD = [
    "CREATE TABLE codes_code_search ("
    "search_rank integer PRIMARY KEY, "
    "code_id bigint NOT NULL, "
    "system varchar(10) NOT NULL, "
    "document tsvector NOT NULL)",
    "CREATE INDEX codes_code_search_document ON codes_code_search USING gin (document) WITH (fastupdate = off)",
    "CREATE INDEX codes_code_search_system ON codes_code_search (system, search_rank)",
]
POSTGRES_BACKWARD = ["DROP TABLE IF EXISTS codes_code_search"]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
