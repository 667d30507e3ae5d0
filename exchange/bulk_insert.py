"""Fast set-based INSERT for the CWR import's hot tables: rows as plain tuples, ids returned in order.

bulk_create builds a model instance per row and prepares every value through the ORM, which costs more than the
database does at tens of thousands of shares per second. On PostgreSQL the ids are taken from the table's sequence
in one query and the rows go in with COPY; elsewhere (SQLite in tests and small installs) bulk_create does it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from functools import cache

from django.db import connection
from django.db.models import Model

TEXT_TYPES = frozenset(("CharField", "TextField", "SlugField", "EmailField", "URLField"))


def insert_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> list[int]:
    """Insert `rows` (values in the order of `columns`, field attnames such as 'work_id'); returns their ids."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create(model(**dict(zip(columns, row, strict=True))) for row in rows)
        return [obj.pk for obj in objs]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [_sequence(model), len(rows)])
        ids = [pk for (pk,) in cursor.fetchall()]
    _copy(model, ("id", *columns), [(pk, *row) for pk, row in zip(ids, rows, strict=True)])
    return ids


@cache
def _sequence(model: type[Model]) -> str:
    """The id sequence of the model's table (named once: pg_get_serial_sequence per row costs 5x the nextval)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        return cursor.fetchone()[0]


def append_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert `rows` whose ids nobody needs back: the table's sequence numbers them in the order given."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(model(**dict(zip(columns, row, strict=True))) for row in rows)
        return
    _copy(model, columns, rows)


def _copy(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """COPY in CSV form: an empty cell is NULL, except in text columns that allow no NULL (empty strings there)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(_copy_statement(model, tuple(columns)), buffer)


@cache
def _copy_statement(model: type[Model], columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(c) for c in columns]
    names = ", ".join(quote(f.column) for f in fields)
    text = ", ".join(quote(f.column) for f in fields if not f.null and f.get_internal_type() in TEXT_TYPES)
    options = f"FORMAT csv, FORCE_NOT_NULL ({text})" if text else "FORMAT csv"
    return f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN WITH ({options})"


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
