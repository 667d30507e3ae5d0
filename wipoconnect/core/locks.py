"""Locks that hold across the many transactions of a long batch (an import written batch by batch)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def file_lock(checksum: str) -> Iterator[None]:
    """While held, no other process works on the file with this SHA-256: on PostgreSQL a session advisory lock (a
    second import of the same file waits here, then finds it imported); SQLite has one writer at a time anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    key = int(checksum[:15], 16)  # 60 bits of the digest: a bigint lock key
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
