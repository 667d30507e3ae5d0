"""Fast set-based INSERT for the CWR import's hot tables: rows as plain tuples, ids returned in order.

bulk_create builds a model instance per row and prepares every value through the ORM, which costs more than the
database does at tens of thousands of shares per second. On PostgreSQL the ids are taken from the table's sequence
in one query and the rows go in with COPY; elsewhere (SQLite in tests and small installs) bulk_create does it.

Inside `copies_in_background()` (PostgreSQL) each COPY runs on a background thread, on the caller's connection and
so inside its transaction, while the caller builds the next table's rows; ids then come from a second connection
(sequences are not transactional). Any query of the caller first waits for the COPYs queued before it, and the
block ends only when all of them are done (their errors are raised there).
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache

import psycopg2
from django.db import connection
from django.db.models import Model

COPY_CHUNK = 1 << 20  # characters handed to the server at a time (psycopg2's default, 8 KB, costs many calls)
NEXT_IDS = "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)"  # one row: cheaper to fetch
TEXT_TYPES = frozenset(("CharField", "TextField", "SlugField", "EmailField", "URLField"))


def insert_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> list[int]:
    """Insert `rows` (values in the order of `columns`, field attnames such as 'work_id'); returns their ids."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create(model(**dict(zip(columns, row, strict=True))) for row in rows)
        return [obj.pk for obj in objs]
    copier = _background.copier
    if copier is not None:
        ids = copier.ids(_sequence(model), len(rows))
    else:
        with connection.cursor() as cursor:
            cursor.execute(NEXT_IDS, [_sequence(model), len(rows)])
            ids = cursor.fetchone()[0]
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
    if _background.copier is not None:
        _background.copier.submit(_copy_statement(model, tuple(columns)), buffer)
        return
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(_copy_statement(model, tuple(columns)), buffer, size=COPY_CHUNK)


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


class _Background(threading.local):
    copier: _Copier | None = None


_background = _Background()


@contextmanager
def copies_in_background() -> Iterator[None]:
    """COPYs of this thread run on a background thread until the block ends (PostgreSQL; elsewhere nothing changes)."""
    if connection.vendor != "postgresql" or _background.copier is not None:
        yield
        return
    connection.ensure_connection()
    copier = _Copier(connection.connection, connection.get_connection_params())
    _background.copier = copier
    try:
        with connection.execute_wrapper(copier.before_query):
            yield
            copier.wait()
    finally:
        _background.copier = None
        copier.close()


class _Copier:
    def __init__(self, raw, params: dict):
        self.raw, self.params = raw, params
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy")
        self.pending: list[Future] = []
        self.sequences = None  # the second connection, opened on first use

    def submit(self, statement: str, buffer: io.StringIO) -> None:
        self.pending.append(self.pool.submit(self._copy, statement, buffer))

    def _copy(self, statement: str, buffer: io.StringIO) -> None:
        with self.raw.cursor() as cursor:  # psycopg2 lets threads share a connection, one statement at a time
            cursor.copy_expert(statement, buffer, size=COPY_CHUNK)

    def ids(self, sequence: str, count: int) -> list[int]:
        if self.sequences is None:
            self.sequences = psycopg2.connect(**self.params)
            self.sequences.autocommit = True
        with self.sequences.cursor() as cursor:
            cursor.execute(NEXT_IDS, [sequence, count])
            return cursor.fetchone()[0]

    def before_query(self, execute, sql, params, many, context):
        self.wait()
        return execute(sql, params, many, context)

    def wait(self) -> None:
        """Called on the caller's thread: errors come out as Django's database errors, like the caller's own."""
        pending, self.pending = self.pending, []
        with connection.wrap_database_errors:
            for future in pending:
                future.result()

    def close(self) -> None:
        """Let every queued COPY finish (the transaction is rolled back or committed after them), then clean up."""
        for future in self.pending:
            future.exception()
        self.pool.shutdown()
        if self.sequences is not None:
            self.sequences.close()
