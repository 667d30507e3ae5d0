"""Applying feed pages: matching by ISWC and IPI, deletions, errors reported per entry, resuming after a stop."""

import pytest

from exchange.models import SyncSource
from exchange.sync import sync_from
from rightowners.models import InterestedParty
from tests.factories import valid_ipi
from works.models import Work
from works.services import save_work

pytestmark = pytest.mark.django_db
URL = "https://source.example"


def party(code: str, n: int, name: str = "Okafor") -> dict:
    return {
        "code": code,
        "kind": "person",
        "last_name": name,
        "first_name": "Ada",
        "ipi_name": valid_ipi(n),
        "ipi_base": "",
        "isni": "",
    }


def work(code: str, title: str, iswc: str | None = None) -> dict:
    return {
        "code": code,
        "title": title,
        "iswc": iswc,
        "language": "EN",
        "duration": 180,
        "version_type": "ORI",
        "submitter_id": "",
        "alternate_titles": [],
    }


def picture(code: str, iswc: str | None, *parties: dict) -> dict:
    share = {
        "role": "CA",
        "pr_share": "50.00",
        "mr_share": "50.00",
        "sr_share": "0.00",
        "chain": None,
        "controlled": True,
        "publisher": None,
        "territories": [],
    }
    return {"code": code, "iswc": iswc, "shares": [{**share, "party": p} for p in parties]}


class Feed:
    """Serves the given entries in pages of `size`, as /api/v1/changes/ does, and counts the requests."""

    def __init__(self, entries: list[tuple[str, str, dict | None]], size: int = 2):
        self.entries = [
            {
                "cursor": f"0.{i}",
                "kind": kind,
                "action": "delete" if data is None else "upsert",
                "code": code,
                "identifier": "",
                "at": "2026-01-01T00:00:00Z",
                "data": data,
            }
            for i, (kind, code, data) in enumerate(entries, start=1)
        ]
        self.size, self.requests = size, []

    def __call__(self, url: str) -> dict:
        self.requests.append(url)
        after = int(url.rsplit("since=", 1)[1].split(".")[-1] or 0) if "since=0." in url else 0
        page = [e for e in self.entries if int(e["cursor"][2:]) > after][: self.size]
        return {"next": page[-1]["cursor"] if page else f"0.{after}", "more": len(page) == self.size, "results": page}


def test_works_match_by_iswc_and_parties_by_ipi_instead_of_being_duplicated():
    here = save_work(fields={"title": "Rain", "iswc": "T0345246801"})
    ada = party("P00000007", 1)
    sync_from(
        URL,
        Feed(
            [
                ("party", ada["code"], ada),
                ("work", "W00000009", work("W00000009", "Rain", "T0345246801")),
                ("shares", "W00000009", picture("W00000009", "T0345246801", ada)),
            ]
        ),
    )
    assert Work.objects.get() == here and here.shares.get().party.ipi_name == ada["ipi_name"]
    assert InterestedParty.objects.count() == 1


def test_a_stopped_sync_resumes_after_the_last_page_it_applied():
    feed = Feed([("party", f"P0000000{n}", party(f"P0000000{n}", n, f"Writer{n}")) for n in range(1, 6)], size=2)
    first = sync_from(URL, feed, max_pages=1)
    assert (first.entries, first.cursor, InterestedParty.objects.count()) == (2, "0.2", 2)
    rest = sync_from(URL, feed)
    assert (rest.entries, rest.cursor, InterestedParty.objects.count()) == (3, "0.5", 5)
    assert SyncSource.objects.get().cursor == "0.5"


def test_a_deletion_at_the_source_deletes_the_linked_work_here():
    feed = Feed([("work", "W00000001", work("W00000001", "Gone"))])
    sync_from(URL, feed)
    feed.entries.append({**feed.entries[0], "cursor": "0.2", "action": "delete", "data": None})
    report = sync_from(URL, feed)
    assert report.counts["deleted"] == 1 and not Work.objects.exists()


def test_a_bad_entry_is_reported_and_the_rest_of_the_page_still_applies():
    save_work(fields={"title": "Taken", "iswc": "T0345246801"})
    feed = Feed(
        [
            ("work", "W00000001", work("W00000001", "Other", None)),
            ("shares", "W00000002", picture("W00000002", None, party("P00000001", 1))),
        ],
        size=5,
    )
    report = sync_from(URL, feed)
    assert report.counts["created"] == 1 and len(report.errors) == 1
    assert report.errors[0].startswith("shares W00000002 (0.2): work: work W00000002 is not here yet")


def test_what_a_failed_entry_created_is_forgotten_by_the_entries_after_it():
    save_work(fields={"title": "Taken", "iswc": "T0345246801"})
    newcomer = party("P00000001", 1)
    bad_share = picture("W00000001", None, newcomer)
    bad_share["shares"][0]["role"] = "ZZ"  # no such role: save_work refuses the picture
    feed = Feed(
        [
            ("work", "W00000001", work("W00000001", "Song")),
            ("shares", "W00000001", bad_share),  # creates the party, then fails: rolled back
            ("shares", "W00000001", picture("W00000001", None, newcomer)),
        ],
        size=5,
    )
    report = sync_from(URL, feed)
    assert len(report.errors) == 1 and "role" in report.errors[0]
    assert Work.objects.get(title="Song").shares.get().party.ipi_name == newcomer["ipi_name"]
