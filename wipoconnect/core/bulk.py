"""Set-based writes for the hot paths (CWR import, usage import, runs): COPY on PostgreSQL, executemany elsewhere.

Rows are plain tuples in the order of `columns` (field attnames such as 'work_id'), with values the database takes
as they are: None is NULL, JSON is text. bulk_create would build a model instance per row and prepare every value
through the ORM, which costs more than the database does at tens of thousands of rows per second. Writes happen in
the caller's transaction; ids are reserved up front (`reserve_ids`, `insert_rows`) so rows can reference each other.

Inside `copies_in_background()` (PostgreSQL) each COPY runs on a background thread, on the caller's connection and
so inside its transaction, while the caller prepares the next rows; ids then come from a second connection
(sequences are not transactional). Any query of the caller first waits for the COPYs queued before it, and the
block ends only when all of them are done (their errors are raised there, as Django's database errors).
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache

from django.db import connection
from django.db.models import DateTimeField, Model

COPY_CHUNK = 1 << 20  # characters handed to the server at a time (psycopg2's default, 8 KB, costs many calls)
# Characters queued at most in the background: a caller outrunning the server waits for the oldest COPYs, so memory
# stays bounded (a usage import's batch of lines is about this size; a CWR transaction batch's COPYs all fit).
MAX_PENDING = 8 << 20
NEXT_IDS = "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)"  # one row: cheaper to fetch
TEXT_TYPES = frozenset(("CharField", "TextField", "SlugField", "EmailField", "URLField"))


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """`count` fresh primary keys of the model's table, in increasing order."""
    if count <= 0:
        return []
    if connection.vendor != "postgresql":
        return _reserve_sqlite(model._meta.db_table, count)
    copier = _background.copier
    if copier is not None:
        return copier.ids(_sequence(model), count)
    with connection.cursor() as cursor:
        cursor.execute(NEXT_IDS, [_sequence(model), count])
        return cursor.fetchone()[0]


def _reserve_sqlite(table: str, count: int) -> list[int]:
    """The transaction holds SQLite's write lock, so nobody takes ids meanwhile; AUTOINCREMENT's promise never to
    reuse an id is kept by starting above sqlite_sequence, which claims the block for later reservations too."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT MAX(id) FROM "{table}"')
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        last = start + count - 1
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last, table])
        if not cursor.rowcount:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last])
    return list(range(start, last + 1))


@cache
def _sequence(model: type[Model]) -> str:
    """The id sequence of the model's table (named once: pg_get_serial_sequence per call costs 5x the nextval)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        return cursor.fetchone()[0]


def insert_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> list[int]:
    """Insert `rows` (without their id); returns their ids, in the order of the rows."""
    if not rows:
        return []
    ids = reserve_ids(model, len(rows))
    append_rows(model, ("id", *columns), [(pk, *row) for pk, row in zip(ids, rows, strict=True)])
    return ids


def append_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert `rows` whose ids nobody needs back (or that carry reserved ids in an 'id' column)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        _insert_many(model, tuple(columns), rows)
        return
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    _copy(_copy_statement(model, tuple(columns)), buffer)


def insert_objects(objs: Sequence[Model]) -> None:
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


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: object) -> str:
    """One value in COPY's text format: None is \\N, backslashes and line or column separators escaped."""
    if value is None:
        return "\\N"
    if value.__class__ is str:
        special = "\\" in value or "\t" in value or "\n" in value or "\r" in value
        return value.translate(_TEXT_ESCAPES) if special else value
    return str(value)


def copy_lines(model: type[Model], columns: Sequence[str], lines: list[str]) -> None:
    """PostgreSQL only: COPY rows already in text format (values tab-separated, each escaped by `copy_text`)."""
    if lines:
        _copy(_text_statement(model, tuple(columns)), io.StringIO("\n".join(lines) + "\n"))


def update_rows(model: type[Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Set `columns` of rows given as (id, *values): one UPDATE … FROM a COPY-filled temp table on PostgreSQL."""
    if not rows:
        return
    table = model._meta.db_table
    quote = connection.ops.quote_name
    names = [quote(model._meta.get_field(c).column) for c in columns]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{n} = %s" for n in names)
            cursor.executemany(f'UPDATE "{table}" SET {assignments} WHERE id = %s', [(*r[1:], r[0]) for r in rows])
            return
        temp = f"tmp_{table}"
        cursor.execute(f'DROP TABLE IF EXISTS "{temp}"')
        cursor.execute(f'CREATE TEMP TABLE "{temp}" AS SELECT id, {", ".join(names)} FROM "{table}" WITH NO DATA')
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        buffer.seek(0)
        cursor.cursor.copy_expert(_copy_statement(model, ("id", *columns), into=temp), buffer, size=COPY_CHUNK)
        # The id range lets the join read only the rows concerned (callers update in id order), whatever the
        # statistics of a freshly loaded table say, rather than hash the whole table for every batch.
        ids = [row[0] for row in rows]
        assignments = ", ".join(f"{n} = t.{n}" for n in names)
        cursor.execute(
            f'UPDATE "{table}" SET {assignments} FROM "{temp}" t WHERE "{table}".id = t.id '
            f'AND "{table}".id BETWEEN %s AND %s',
            [min(ids), max(ids)],
        )
        cursor.execute(f'DROP TABLE "{temp}"')


@contextmanager
def temporary_ids(cursor, name: str, ids: Iterable[int]) -> Iterator[None]:
    """A temporary table `name` of one column, `id`, holding `ids` (for joins), dropped on exit."""
    cursor.execute(f"CREATE TEMPORARY TABLE {name} (id bigint PRIMARY KEY)")
    try:
        if connection.vendor == "postgresql":
            buffer = io.StringIO("".join(f"{i}\n" for i in ids))
            cursor.cursor.copy_expert(f"COPY {name} (id) FROM STDIN", buffer, size=COPY_CHUNK)
        else:
            cursor.executemany(f"INSERT INTO {name} (id) VALUES (%s)", [(i,) for i in ids])
        yield
    finally:
        cursor.execute(f"DROP TABLE {name}")


def _copy(statement: str, buffer: io.StringIO) -> None:
    copier = _background.copier
    if copier is not None:
        copier.submit(statement, buffer)
        return
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(statement, buffer, size=COPY_CHUNK)


@cache
def _copy_statement(model: type[Model], columns: tuple[str, ...], into: str = "") -> str:
    """COPY in CSV form: an empty cell is NULL, except in text columns that allow no NULL (empty strings there).

    `into` names another table with the model's columns (a temporary one) to fill instead."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(c) for c in columns]
    names = ", ".join(quote(f.column) for f in fields)
    text = ", ".join(quote(f.column) for f in fields if not f.null and f.get_internal_type() in TEXT_TYPES)
    options = f"FORMAT csv, FORCE_NOT_NULL ({text})" if text else "FORMAT csv"
    return f"COPY {quote(into or model._meta.db_table)} ({names}) FROM STDIN WITH ({options})"


@cache
def _text_statement(model: type[Model], columns: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    return f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"


def _insert_many(model: type[Model], columns: tuple[str, ...], rows: Sequence[tuple]) -> None:
    statement, datetimes = _insert_statement(model, columns)
    if datetimes:  # aware datetimes stored as the ORM stores them (naive UTC text)
        prepare = [(i, f.get_db_prep_value) for i, f in datetimes]
        rows = [list(row) for row in rows]
        for row in rows:
            for i, prep in prepare:
                if row[i] is not None:
                    row[i] = prep(row[i], connection)
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)


@cache
def _insert_statement(model: type[Model], columns: tuple[str, ...]) -> tuple[str, list]:
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(c) for c in columns]
    names = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    datetimes = [(i, f) for i, f in enumerate(fields) if isinstance(f, DateTimeField)]
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})", datetimes


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
        self.pending: list[tuple[Future, int]] = []  # with the size of its data
        self.queued = 0  # characters in the pending COPYs
        self.sequences = None  # the second connection, opened on first use

    def submit(self, statement: str, buffer: io.StringIO) -> None:
        size = buffer.seek(0, io.SEEK_END)
        buffer.seek(0)
        with connection.wrap_database_errors:
            while self.pending and self.queued + size > MAX_PENDING:
                future, done = self.pending.pop(0)
                self.queued -= done
                future.result()
        self.pending.append((self.pool.submit(self._copy, statement, buffer), size))
        self.queued += size

    def _copy(self, statement: str, buffer: io.StringIO) -> None:
        with self.raw.cursor() as cursor:  # psycopg2 lets threads share a connection, one statement at a time
            cursor.copy_expert(statement, buffer, size=COPY_CHUNK)

    def ids(self, sequence: str, count: int) -> list[int]:
        if self.sequences is None:
            import psycopg2

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
        pending, self.pending, self.queued = self.pending, [], 0
        with connection.wrap_database_errors:
            for future, _ in pending:
                future.result()

    def close(self) -> None:
        """Let every queued COPY finish (the transaction is rolled back or committed after them), then clean up."""
        for future, _ in self.pending:
            future.exception()
        self.pool.shutdown()
        if self.sequences is not None:
            self.sequences.close()
