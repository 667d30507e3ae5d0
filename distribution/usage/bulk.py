"""Set-based writes for usage data: COPY on PostgreSQL, executemany on SQLite; id blocks reserved up front.

Rows are tuples in the order of `columns`; None is SQL NULL. Used inside the caller's transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection, models


def _table(model: type[models.Model]) -> str:
    return model._meta.db_table


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys of the model's table, so rows can reference each other before insertion."""
    if count <= 0:
        return []
    table = _table(model)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _reserve(cursor, table, count)
        # SQLite: the transaction holds the write lock, so nobody else takes ids meanwhile; keep AUTOINCREMENT's
        # promise never to reuse an id by starting above sqlite_sequence too.
        cursor.execute(f'SELECT MAX(id) FROM "{table}"')
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        ids = list(range(start, start + count))
        # Claim the block at once so a later reservation in this transaction starts after it.
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [ids[-1], table])
        if not cursor.rowcount:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, ids[-1]])
        return ids


def _reserve(cursor, table: str, count: int) -> list[int]:
    """PostgreSQL: ids from the table's sequence (taken for good: nextval is not undone by a rollback)."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
    return [row[0] for row in cursor.fetchall()]


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: object) -> str:
    """One value in COPY's text format: None is \\N, backslashes and line or column separators escaped."""
    if value is None:
        return "\\N"
    if value.__class__ is str:
        special = "\\" in value or "\t" in value or "\n" in value or "\r" in value
        return value.translate(_TEXT_ESCAPES) if special else value
    return str(value)


def copy_lines(cursor, model: type[models.Model], columns: Sequence[str], lines: list[str]) -> None:
    """COPY of rows already in text format (tab-separated, escaped with `copy_text`), one string per row."""
    _copy_lines(cursor, _table(model), columns, lines)


def _copy_lines(cursor, table: str, columns: Sequence[str], lines: list[str]) -> None:
    buffer = io.StringIO("\n".join(lines) + "\n")
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    getattr(cursor, "cursor", cursor).copy_expert(f'COPY "{table}" ({names}) FROM STDIN', buffer, size=1 << 20)


def _copy(cursor, table: str, columns: Sequence[str], rows: list[tuple], text_columns: Sequence[str]) -> None:
    """COPY in CSV form: an unquoted empty cell is NULL except in `text_columns` (empty strings there).

    `cursor` is a psycopg2 cursor (Django's wrapper exposes it as `.cursor`)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    quote = connection.ops.quote_name
    force = ", ".join(quote(c) for c in text_columns)
    options = f"FORMAT csv, FORCE_NOT_NULL ({force})" if force else "FORMAT csv"
    names = ", ".join(quote(c) for c in columns)
    getattr(cursor, "cursor", cursor).copy_expert(f'COPY "{table}" ({names}) FROM STDIN WITH ({options})', buffer)


class BackgroundInserts:
    """Inserts batches while the caller prepares the next one.

    On PostgreSQL each batch is COPYed by one background thread on the caller's own connection (so inside its
    transaction): the server stores batch n while Python parses batch n+1, which uses the second core. The caller
    must call `wait()` before using the connection itself, and `close()` at the end. Elsewhere it inserts inline.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1) if connection.vendor == "postgresql" else None
        self._pending: list[Future] = []

    def insert(self, model: type[models.Model], columns: Sequence[str], rows: list[tuple], text: Sequence[str]) -> None:
        self.wait()
        if not rows:
            return
        if self._pool is None:
            insert_rows(model, columns, rows, text)
            return
        connection.ensure_connection()
        raw = connection.connection  # psycopg2 connections may be shared by threads, one call at a time
        self._pending.append(self._pool.submit(self._copy_with, raw, _table(model), columns, rows, text))

    def copy_text(self, model: type[models.Model], columns: Sequence[str], lines: list[str]) -> None:
        """PostgreSQL only: COPY rows already in text format (see `copy_text`) in the background."""
        self.wait()
        if not lines:
            return
        connection.ensure_connection()
        self._pending.append(
            self._pool.submit(self._copy_lines_with, connection.connection, _table(model), columns, lines)
        )

    def reserve_ids(self, model: type[models.Model], count: int) -> Future:
        """`reserve_ids` after the writes already queued; the Future gives the ids. `wait()` waits for it too."""
        if self._pool is None:
            done: Future = Future()
            done.set_result(reserve_ids(model, count))
            return done
        connection.ensure_connection()
        future = self._pool.submit(self._reserve_with, connection.connection, _table(model), count)
        self._pending.append(future)
        return future

    @staticmethod
    def _reserve_with(raw, table: str, count: int) -> list[int]:
        with raw.cursor() as cursor:
            return _reserve(cursor, table, count)

    @staticmethod
    def _copy_lines_with(raw, table: str, columns: Sequence[str], lines: list[str]) -> None:
        with raw.cursor() as cursor:
            _copy_lines(cursor, table, columns, lines)

    @staticmethod
    def _copy_with(raw, table: str, columns: Sequence[str], rows: list[tuple], text: Sequence[str]) -> None:
        with raw.cursor() as cursor:
            _copy(cursor, table, columns, rows, text)

    def wait(self) -> None:
        """Until everything queued is done (the first failure is raised)."""
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown()


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple], text_columns: Sequence[str] = ()
) -> None:
    """Insert rows; `text_columns` are NOT NULL text columns whose empty values stay empty strings on COPY."""
    rows = list(rows)
    if not rows:
        return
    table = _table(model)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, table, columns, rows, text_columns)
        else:
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)


def update_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple], text_columns: Sequence[str] = ()
) -> None:
    """Set `columns` of rows given as (id, *values): one UPDATE … FROM a COPY-filled temp table on PostgreSQL."""
    rows = list(rows)
    if not rows:
        return
    table = _table(model)
    names = [connection.ops.quote_name(c) for c in columns]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            temp = f"tmp_{table}"
            cursor.execute(f'DROP TABLE IF EXISTS "{temp}"')
            cursor.execute(f'CREATE TEMP TABLE "{temp}" AS SELECT id, {", ".join(names)} FROM "{table}" WITH NO DATA')
            _copy(cursor, temp, ["id", *columns], rows, text_columns)
            assignments = ", ".join(f"{n} = t.{n}" for n in names)
            # The id range lets the join read only the rows concerned (callers update in id order), whatever the
            # statistics of a freshly loaded table say, rather than hash the whole table for every batch.
            ids = [row[0] for row in rows]
            cursor.execute(
                f'UPDATE "{table}" SET {assignments} FROM "{temp}" t WHERE "{table}".id = t.id '
                f'AND "{table}".id BETWEEN %s AND %s',
                [min(ids), max(ids)],
            )
            cursor.execute(f'DROP TABLE "{temp}"')
        else:
            assignments = ", ".join(f"{n} = %s" for n in names)
            cursor.executemany(
                f'UPDATE "{table}" SET {assignments} WHERE id = %s', [(*row[1:], row[0]) for row in rows]
            )
