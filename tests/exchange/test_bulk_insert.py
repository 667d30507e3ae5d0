"""Set-based inserts of the CWR import: COPY (on PostgreSQL) in the caller's transaction, on a background thread
inside copies_in_background(), with errors raised as Django's and queries seeing every row queued before them."""

import pytest
from django.db import IntegrityError, transaction

from exchange.bulk_insert import append_rows, copies_in_background, insert_rows
from exchange.models import CwrLink
from works.models import AlternateTitle, Work

pytestmark = pytest.mark.django_db
COLUMNS = ("code", "title", "iswc", "language", "version_type", "submitter_id", "created_at", "updated_at")


def _work_rows(*codes: str) -> list[tuple]:
    from django.utils import timezone

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
