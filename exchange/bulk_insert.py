"""Fast set-based INSERT for the CWR import's hot tables: rows as plain tuples, ids returned in order.

bulk_create builds a model instance per row and prepares every value through the ORM, which costs more than the
database does at tens of thousands of shares per second. On PostgreSQL the ids are taken from the table's sequence
in one query and the rows go in with COPY; elsewhere (SQLite in tests and small installs) bulk_create does it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.db import connection
from django.db.models import Model

NULL = r"\N"


def insert_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> list[int]:
    """Insert `rows` (values in the order of `columns`, field attnames such as 'work_id'); returns their ids."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create(model(**dict(zip(columns, row, strict=True))) for row in rows)
        return [obj.pk for obj in objs]
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in ("id", *columns))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows((pk, *(NULL if v is None else v for v in row)) for pk, row in zip(ids, rows, strict=True))
        buffer.seek(0)
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')", buffer
        )
    return ids


def insert(objs: Sequence[Model]) -> None:
    """Insert unsaved model instances (all fields but the id) and set their pk."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for f in fields:  # auto_now / auto_now_add values, as the ORM would set them (defaults are set already)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                f.pre_save(obj, add=True)
    columns = [f.attname for f in fields]
    ids = insert_rows(model, columns, [tuple(getattr(obj, c) for c in columns) for obj in objs])
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
