"""The bulk writer: row tuples straight into a model's table, by the fastest path each database offers.

PostgreSQL gets ``COPY ... FROM STDIN`` through psycopg 3; SQLite gets ``executemany`` of one prepared
INSERT. Table and column names come from the models' metadata. The caller assigns primary keys (see
``next_ids``) and calls ``finish`` afterwards so sequences continue after the rows written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connections
from django.db.models import Field, Max, Model

Row = tuple[object, ...]


class BulkWriter:
    """Writes rows into one database connection (``using``), inside the caller's transaction."""

    def __init__(self, using: str = "default") -> None:
        self.connection = connections[using]
        self.using = using
        self.vendor = self.connection.vendor

    def _table_and_columns(self, model: type[Model], fields: Sequence[str]) -> tuple[str, list[str]]:
        quote = self.connection.ops.quote_name
        meta = model._meta
        columns = []
        for name in fields:
            model_field = meta.get_field(name)
            if not isinstance(model_field, Field) or not model_field.column:
                raise TypeError(f"{meta.label}.{name} is not a concrete column")
            columns.append(quote(model_field.column))
        return quote(meta.db_table), columns

    def write(self, model: type[Model], fields: Sequence[str], rows: Iterable[Row]) -> None:
        """Insert ``rows`` (tuples in the order of ``fields``) into the model's table. No model code runs:
        no ``save()``, no defaults, no validation; the rows must be complete and valid."""
        table, columns = self._table_and_columns(model, fields)
        column_list = ", ".join(columns)
        if self.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    write_row = copy.write_row
                    for row in rows:
                        write_row(row)
        elif self.vendor == "sqlite":
            self.connection.ensure_connection()
            placeholders = ", ".join("?" for _column in columns)
            sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"  # noqa: S608 - names from model metadata
            self.connection.connection.executemany(sql, rows)
        else:
            raise NotImplementedError(f"No bulk path for the {self.vendor} database.")

    def max_id(self, model: type[Model]) -> int:
        """The largest primary key in the model's table (0 when empty)."""
        return model._default_manager.using(self.using).aggregate(top=Max("pk"))["top"] or 0

    def finish(self, models: Sequence[type[Model]]) -> None:
        """Move each table's id sequence past the rows written here, and refresh the planner's statistics
        (PostgreSQL otherwise plans queries on a million-row table as if it were empty)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models))
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            for model in models:
                cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
