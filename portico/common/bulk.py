"""Writing many rows in one statement, and reading with plans made for the values asked.

Django's ``bulk_update`` writes ``SET f = CASE WHEN id = 1 THEN ... WHEN id = 2 THEN ... END`` for every field and
builds an expression object per row and field: for the 600 claim lines of an adjudication batch it spent 8 seconds
of CPU in the ORM (``bench/adjudication.py``; docs/performance.md, "Adjudicating claims"). ``rows_update`` sends
``UPDATE t SET f = v.column2, ... FROM (VALUES (...), ...) AS v WHERE t.id = v.column1`` instead, which
PostgreSQL and SQLite (3.33 and later) both run, with the values as parameters prepared by each field as the ORM
prepares them. Rows are written as they are; no signals are sent and ``auto_now`` fields are not touched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Field, Model

# Parameters per statement stay well under SQLite's limit (32,766) and PostgreSQL's (65,535).
MAX_PARAMS = 30_000


def _fields(model: type[Model], names: Sequence[str]) -> list[Field[Any, Any]]:
    return [cast(Field, model._meta.get_field(name)) for name in names]


def rows_update(model: type[Model], objs: Sequence[Model], fields: Sequence[str]) -> int:
    """Write ``fields`` of each of ``objs`` (saved instances of ``model``) to its row; return the rows updated."""
    if not objs:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    concrete = _fields(model, fields)
    columns = [pk.column] + [f.column for f in concrete]
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"

    def placeholder(field: object) -> str:
        # PostgreSQL types a VALUES column from its rows; an all-NULL column would be text, so each is cast to its
        # column's type. SQLite has no such types (and a cast to "jsonb" would turn JSON text into a number).
        return f"CAST(%s AS {field.db_type(connection)})" if postgres else "%s"  # type: ignore[attr-defined]

    row_sql = "(" + ", ".join(placeholder(f) for f in [pk, *concrete]) + ")"
    per_statement = max(1, MAX_PARAMS // len(columns))
    table = quote(meta.db_table)
    # A VALUES list's columns are column1, column2, ... in both databases.
    sets = ", ".join(f"{quote(c)} = v.column{n}" for n, c in enumerate(columns[1:], start=2))
    key = quote(pk.column)
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_statement):
            chunk = objs[start : start + per_statement]
            params: list[Any] = []
            for obj in chunk:
                params.append(pk.get_db_prep_value(obj.pk, connection))
                for f in concrete:
                    params.append(f.get_db_prep_save(getattr(obj, f.attname), connection))
            values = ", ".join([row_sql] * len(chunk))
            # Names come from the model and are quoted; every value is a parameter.
            sql = f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS v WHERE {table}.{key} = v.column1"  # noqa: S608
            cursor.execute(sql, params)
            updated += cursor.rowcount
    return updated


def rows_insert(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert ``rows`` (one value per name in ``fields``, each as the model's attribute holds it: a foreign key by
    its id) without making model instances: ``bulk_create`` spent 240 µs of CPU per claim adjustment making and
    preparing them, and a multi-row INSERT still 200 µs in the driver's handling of its parameters
    (bench/adjudication.py). PostgreSQL gets the rows by COPY, SQLite by ``executemany`` of a one-row INSERT.
    Defaults, ``auto_now_add`` and ids are not filled in here: give every field the row needs. Returns the rows
    inserted."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    concrete = _fields(model, fields)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in concrete)
    prepared = ([f.get_db_prep_save(value, connection) for f, value in zip(concrete, row, strict=True)] for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(concrete))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(prepared))  # noqa: S608
    return len(rows)


@contextmanager
def custom_plans(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Plan each query inside for its own values. With server-side binding, PostgreSQL switches a statement run
    five times to a generic plan, which cannot see how selective a range of values is: the claim list filtered by
    charge $500-750 for an organization of 1.5 million claims got a plan that sorted 224,000 rows (130 ms) instead
    of walking the newest-first index (0.2 ms). Planning afresh costs well under a millisecond. Elsewhere (the
    eligibility lookup) the generic plan is what we want, so this is per transaction, not a server setting."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield
        # Inside a transaction begun earlier the setting would outlive the block: put it back. (On an error the
        # block's rollback puts it back.)
        cursor.execute("SET LOCAL plan_cache_mode = DEFAULT")
