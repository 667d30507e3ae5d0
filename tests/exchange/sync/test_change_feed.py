"""The change feed: every write path leaves an entry; the feed serves current states after a cursor."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from exchange.changes import feed_page
from exchange.partners.keys import create_key
from rightowners.services import merge_parties, save_party
from tests.factories import SocietyFactory, WorkFactory, valid_ipi
from wipoconnect.core.changes import record_changes
from wipoconnect.core.models import ChangeLog
from works.models import Work
from works.services import save_work
from works.share_rules import ShareData

pytestmark = pytest.mark.django_db


def writer(n: int, name: str = "Writer"):
    return save_party(fields={"last_name": f"{name}{n}", "first_name": "Ann", "ipi_name": valid_ipi(400_000_000 + n)})


def song(title: str, *parties, iswc: str | None = None) -> Work:
    shares = [ShareData(party_id=p.pk, role="CA", pr_share=Decimal(100) / len(parties)) for p in parties]
    return save_work(fields={"title": title, "iswc": iswc}, alternate_titles=[f"{title} (live)"], shares=shares)


def test_services_feed_parties_works_and_share_pictures_in_order():
    ann = writer(1)
    work = song("Rain", ann, iswc="T0345246801")
    page = feed_page("")
    assert [(e["kind"], e["code"]) for e in page["results"]] == [
        ("party", ann.code),
        ("work", work.code),
        ("shares", work.code),
    ]
    party, work_state, picture = (e["data"] for e in page["results"])
    assert party["ipi_name"] == ann.ipi_name and party["last_name"] == "Writer1"
    assert work_state["iswc"] == "T0345246801" and work_state["alternate_titles"] == ["Rain (live)"]
    assert [(s["party"]["code"], s["role"], s["pr_share"]) for s in picture["shares"]] == [(ann.code, "CA", "100.00")]


def test_the_cursor_resumes_after_what_was_read():
    ann = writer(1)
    first = feed_page("")
    assert feed_page(first["next"])["results"] == []
    save_party(party=ann, fields={"last_name": "Renamed"})
    later = feed_page(first["next"])
    assert [(e["kind"], e["data"]["last_name"]) for e in later["results"]] == [("party", "Renamed")]
    assert later["next"] != first["next"]


def test_pages_stop_at_the_limit_and_say_there_is_more():
    for n in range(5):
        writer(n)
    page = feed_page("", limit=3)
    assert len(page["results"]) == 3 and page["more"]
    rest = feed_page(page["next"], limit=3)
    assert len(rest["results"]) == 2 and not rest["more"]


def test_deleting_a_work_leaves_a_tombstone():
    work = song("Gone", writer(1))
    code = work.code
    Work.objects.filter(pk=work.pk).delete()  # a queryset delete: the signal still fires
    last = feed_page("")["results"][-1]
    assert (last["kind"], last["action"], last["code"], last["data"]) == ("work", "delete", code, None)


def test_merging_parties_feeds_both_parties_and_the_pictures_that_changed():
    keep, dup = writer(1), writer(2, "Dup")
    work = song("Duo", dup)
    cursor = feed_page("")["next"]
    merge_parties(keep=keep, duplicate=dup)
    entries = [(e["kind"], e["code"]) for e in feed_page(cursor)["results"]]
    assert entries == [("party", keep.code), ("party", dup.code), ("shares", work.code)]


def test_bulk_writers_record_a_whole_batch_in_a_few_queries(django_assert_max_num_queries):
    works = [WorkFactory() for _ in range(50)]
    with django_assert_max_num_queries(4):  # savepoint, transaction id, one insert, release
        assert record_changes(ChangeLog.Kind.WORK, works) == 50


def test_the_feed_endpoint_serves_pages_to_a_partner_key_and_refuses_a_bad_cursor():
    SocietyFactory(code="052")
    writer(1)
    client = APIClient()
    key = create_key(name="k", society_code="052", scopes=["read_works", "read_parties"])
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    body = client.get("/api/v1/changes/", {"since": ""}).json()
    assert [e["kind"] for e in body["results"]] == ["party"]
    assert client.get("/api/v1/changes/", {"since": body["next"]}).json()["results"] == []
    assert client.get("/api/v1/changes/", {"since": "yesterday"}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_transaction_still_writing_holds_the_feed_back_so_no_cursor_skips_it():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite commits one writer at a time: there is no late commit to wait for")
    import psycopg2

    db = connection.settings_dict
    slow = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
    )
    try:
        with slow.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()")  # an earlier transaction, still open
        ann = writer(1)  # committed after it began
        assert feed_page("")["results"] == []  # served only once every older writer has ended
        slow.rollback()
        assert [e["code"] for e in feed_page("")["results"]] == [ann.code]
    finally:
        slow.close()
