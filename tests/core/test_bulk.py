"""Set-based writes (wipoconnect/core/bulk.py): COPY on PostgreSQL (in the background inside
copies_in_background(), errors raised as Django's, queries seeing every row queued before them), executemany
on SQLite, with the same results."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from exchange.models import CwrLink
from wipoconnect.core.bulk import (
    append_rows,
    copies_in_background,
    copy_lines,
    copy_text,
    insert_rows,
    reserve_ids,
    temporary_ids,
    update_rows,
)
from works.models import AlternateTitle, Work

pytestmark = pytest.mark.django_db
COLUMNS = ("code", "title", "iswc", "language", "version_type", "submitter_id", "created_at", "updated_at")
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="COPY's text format")


def _work_rows(*codes: str) -> list[tuple]:
    now = timezone.now()
    return [(code, f"TITLE {code}", None, "", "ORI", "", now, now) for code in codes]


def test_rows_are_inserted_with_their_ids_and_seen_by_the_next_query():
    with transaction.atomic(), copies_in_background():
        ids = insert_rows(Work, COLUMNS, _work_rows("W00000001", "W00000002"))
        insert_rows(AlternateTitle, ("work_id", "title", "title_type", "language"), [(ids[1], "OTHER", "AT", "")])
        append_rows(CwrLink, ("partner", "kind", "number", "local_id"), [("052", "work", "X1", ids[0])])
        assert Work.objects.filter(pk__in=ids).count() == 2  # the query waits for the COPYs queued before it
    assert dict(Work.objects.values_list("code", "pk")) == {"W00000001": ids[0], "W00000002": ids[1]}
    assert AlternateTitle.objects.get().work_id == ids[1]
    assert CwrLink.objects.get().local_id == ids[0]


def test_a_failing_copy_raises_a_django_error_and_rolls_the_transaction_back():
    with pytest.raises(IntegrityError), transaction.atomic(), copies_in_background():
        insert_rows(Work, COLUMNS, _work_rows("W00000001"))
        insert_rows(Work, COLUMNS, _work_rows("W00000001"))  # the same code again: unique violation
    assert not Work.objects.exists()


def test_empty_text_stays_empty_and_none_is_null_and_datetimes_read_back():
    (pk,) = insert_rows(Work, COLUMNS, _work_rows("W00000001"))
    work = Work.objects.get(pk=pk)
    assert (work.iswc, work.language, work.submitter_id) == (None, "", "")
    assert Work.objects.filter(created_at__lte=timezone.now(), pk=pk).exists()


def test_reserved_ids_are_fresh_and_never_given_twice():
    with transaction.atomic():
        first = reserve_ids(Work, 3)
        second = reserve_ids(Work, 2)
        (inserted,) = insert_rows(Work, COLUMNS, _work_rows("W00000001"))
    assert first == sorted(first) and len(set(first + second + [inserted])) == 6


def test_update_rows_sets_the_columns_of_the_rows_named_by_id():
    ids = insert_rows(Work, COLUMNS, _work_rows("W00000001", "W00000002", "W00000003"))
    update_rows(Work, ("title", "language"), [(ids[0], "NEW ONE", "EN"), (ids[2], "NEW THREE", "")])
    assert list(Work.objects.order_by("pk").values_list("title", "language")) == [
        ("NEW ONE", "EN"),
        ("TITLE W00000002", ""),
        ("NEW THREE", ""),
    ]


def test_temporary_ids_can_be_joined_and_are_dropped():
    ids = insert_rows(Work, COLUMNS, _work_rows("W00000001", "W00000002"))
    with connection.cursor() as cursor:
        with temporary_ids(cursor, "chosen", [ids[1]]):
            cursor.execute(f"SELECT w.code FROM {Work._meta.db_table} w JOIN chosen c ON c.id = w.id")
            assert cursor.fetchall() == [("W00000002",)]
        with temporary_ids(cursor, "chosen", []):  # the name is free again
            pass


@postgresql_only
def test_rows_in_copy_text_format_keep_separators_and_nulls():
    now = timezone.now()
    title = "A\tB\\C\nD"
    row = ("W00000001", title, None, "", "ORI", "", now, now)
    with transaction.atomic(), copies_in_background():
        copy_lines(Work, COLUMNS, ["\t".join(map(copy_text, row))])
    work = Work.objects.get()
    assert (work.title, work.iswc, work.language) == (title, None, "")
