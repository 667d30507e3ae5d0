"""`sync_from`: pull another instance's change feed into this one, idempotently, resuming from the stored cursor.

Remote objects are matched to local ones by the link kept from an earlier sync, else by ISWC (works) or IPI name
number (parties), else created with a local code. An object whose state equals ours is not written, so running
the sync again (even from the start) changes nothing. Each page is applied with its cursor in one transaction:
a sync killed mid-way resumes after the last page it applied.
"""

import json
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, Q
from django.utils import timezone

from exchange.feed_payloads import PARTY_FIELDS, WORK_FIELDS, party_state
from exchange.models import SyncLink, SyncSource
from rightowners.models import InterestedParty
from rightowners.services import save_party
from wipoconnect.core.models import ChangeLog
from works.models import Work, WorkShare
from works.services import save_work
from works.share_rules import ShareData

Fetch = Callable[[str], dict]
WORK_NAMES = (*WORK_FIELDS, "alternate_titles")
HUNDREDTH = Decimal("0.01")
Kind = ChangeLog.Kind


@dataclass
class SyncReport:
    pages: int = 0
    entries: int = 0
    counts: Counter = field(default_factory=Counter)  # created, updated, unchanged, deleted, skipped
    errors: list[str] = field(default_factory=list)
    cursor: str = ""

    def summary(self, url: str) -> str:
        c = self.counts
        return (
            f"sync {url}: {self.entries} changes, {c['created']} created, {c['updated']} updated, "
            f"{c['unchanged']} unchanged, {c['deleted']} deleted, {len(self.errors)} errors"
        )


def feed_url(url: str) -> str:
    """The instance's base URL (`https://cmo.example`) or the feed's own URL."""
    url = url.rstrip("/") + "/"
    return url if url.endswith("/changes/") else urllib.parse.urljoin(url, "api/v1/changes/")


def http_fetch(token: str) -> Fetch:
    def fetch(url: str) -> dict:
        request = urllib.request.Request(
            url, headers={"Authorization": f"Api-Key {token}", "Accept": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=settings.NETWORK_TIMEOUT) as response:
            return json.load(response)

    return fetch


def sync_from(url: str, fetch: Fetch, *, max_pages: int | None = None) -> SyncReport:
    source, _ = SyncSource.objects.get_or_create(url=feed_url(url))
    report = SyncReport(cursor=source.cursor)
    while max_pages is None or report.pages < max_pages:
        page = fetch(f"{source.url}?{urllib.parse.urlencode({'since': source.cursor})}")
        _apply_page(source, page, report)
        report.pages += 1
        if not page["more"]:
            break
    report.cursor = source.cursor
    return report


@transaction.atomic
def _apply_page(source: SyncSource, page: dict, report: SyncReport) -> None:
    applier = _Applier(source, page["results"])
    for entry in page["results"]:
        try:
            with transaction.atomic():  # one bad entry is reported, the rest of the page still applies
                outcome = applier.apply(entry)
        except (ValidationError, ProtectedError) as exc:
            outcome = "skipped"
            report.errors.append(f"{entry['kind']} {entry['code']} ({entry['cursor']}): {_message(exc)}")
            applier = _Applier(source, page["results"])  # forget what the rolled-back entry had created
        report.counts[outcome] += 1
    report.entries += len(page["results"])
    source.cursor = page["next"]
    source.last_synced_at = timezone.now()
    source.save(update_fields=["cursor", "last_synced_at"])


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return str(exc)


class _Applier:
    """Applies one page. The links, parties and works (with titles and shares) the page names are loaded up front
    in a few queries; the services are called only for objects that differ."""

    def __init__(self, source: SyncSource, entries: list[dict]):
        self.source = source
        live = [e for e in entries if e["data"]]
        parties = [e["data"] for e in live if e["kind"] == Kind.PARTY]
        parties += [s["party"] for e in live if e["kind"] == Kind.SHARES for s in e["data"]["shares"]]
        works = [e["data"] for e in live if e["kind"] in (Kind.WORK, Kind.SHARES)]
        codes = {e["code"] for e in entries} | {p["code"] for p in parties}
        self.links = {
            (link.kind, link.remote_code): link.local_id
            for link in SyncLink.objects.filter(source=source, remote_code__in=codes)
        }
        linked = {kind: [i for (k, _), i in self.links.items() if k == kind] for kind in (Kind.PARTY, Kind.WORK)}
        ipis = {p["ipi_name"] for p in parties if p["ipi_name"]}
        iswcs = {w["iswc"] for w in works if w["iswc"]}
        self.parties = _Index(
            InterestedParty.objects.filter(Q(pk__in=linked[Kind.PARTY]) | Q(ipi_name__in=ipis)), "ipi_name"
        )
        self.works = _Index(_works_with_content().filter(Q(pk__in=linked[Kind.WORK]) | Q(iswc__in=iswcs)), "iswc")

    def apply(self, entry: dict) -> str:
        if entry["action"] == ChangeLog.Action.DELETE:
            return self.delete(entry)
        if entry["data"] is None:  # deleted at the source since: its delete entry follows
            return "unchanged"
        return {Kind.PARTY: self.party, Kind.WORK: self.work, Kind.SHARES: self.shares}[entry["kind"]](entry["data"])[1]

    def _link(self, kind: str, code: str, local_id: int) -> None:
        if self.links.get((kind, code)) == local_id:
            return
        SyncLink.objects.update_or_create(
            source=self.source, kind=kind, remote_code=code, defaults={"local_id": local_id}
        )
        self.links[(kind, code)] = local_id

    def party(self, state: dict) -> tuple[InterestedParty, str]:
        party = self.parties.find(
            self.links.get((Kind.PARTY, state["code"])), state["ipi_name"], InterestedParty.objects.all()
        )
        if party is not None and _same(party_state(party), state, PARTY_FIELDS):
            outcome = "unchanged"
        else:
            outcome = "updated" if party else "created"
            party = save_party(party=party, fields={name: state[name] for name in PARTY_FIELDS if name != "code"})
            self.parties.add(party)
        self._link(Kind.PARTY, state["code"], party.pk)
        return party, outcome

    def _local_work(self, state: dict) -> Work | None:
        return self.works.find(self.links.get((Kind.WORK, state["code"])), state["iswc"], _works_with_content())

    def work(self, state: dict) -> tuple[Work, str]:
        work = self._local_work(state)
        titles = state["alternate_titles"]
        if work is not None and _same(_work_state(work), {**state, "alternate_titles": sorted(titles)}, WORK_NAMES):
            outcome = "unchanged"
        else:
            outcome = "updated" if work else "created"
            fields = {name: state[name] for name in WORK_FIELDS if name != "code"}
            work = save_work(work=work, fields=fields, alternate_titles=titles)
            self.works.forget(work)  # its prefetched titles and shares are stale now
        self._link(Kind.WORK, state["code"], work.pk)
        return work, outcome

    def shares(self, picture: dict) -> tuple[Work, str]:
        work = self._local_work(picture)
        if work is None:
            raise ValidationError({"work": [f"work {picture['code']} is not here yet: its work change is missing"]})
        party_ids = [self.party(s["party"])[0].pk for s in picture["shares"]]
        if _local_picture(work) == _remote_picture(picture["shares"], party_ids):
            return work, "unchanged"
        wanted = [_share_data(s, party_id) for s, party_id in zip(picture["shares"], party_ids, strict=True)]
        work = save_work(work=work, fields={}, shares=wanted)
        self.works.forget(work)
        return work, "updated"

    def delete(self, entry: dict) -> str:
        model = Work if entry["kind"] == Kind.WORK else InterestedParty
        local_id = self.links.get((entry["kind"], entry["code"]))
        deleted, _ = model.objects.filter(pk=local_id).delete() if local_id else (0, None)
        SyncLink.objects.filter(source=self.source, kind=entry["kind"], remote_code=entry["code"]).delete()
        return "deleted" if deleted else "unchanged"


class _Index:
    """Objects of one page by id and by identifier (IPI name number or ISWC), with a one-query fallback."""

    def __init__(self, rows, key: str):
        self.key = key
        self.by_pk: dict = {}
        self.by_key: dict = {}
        for row in rows:
            self.add(row)

    def add(self, row) -> None:
        self.by_pk[row.pk] = row
        if getattr(row, self.key):
            self.by_key[getattr(row, self.key)] = row

    def forget(self, row) -> None:
        self.by_pk.pop(row.pk, None)
        self.by_key.pop(getattr(row, self.key), None)

    def find(self, pk: int | None, key: str | None, query):
        found = self.by_pk.get(pk) if pk else None
        found = found or (self.by_key.get(key) if key else None)
        if found is None and (pk or key):  # created or changed earlier in this page
            found = query.filter(pk=pk).first() if pk else None
            found = found or (query.filter(**{self.key: key}).first() if key else None)
            if found is not None:
                self.add(found)
        return found


def _works_with_content():
    shares = WorkShare.objects.prefetch_related("territories")
    return Work.objects.prefetch_related("alternate_titles", Prefetch("shares", queryset=shares))


def _share_data(s: dict, party_id: int) -> ShareData:
    return ShareData(
        party_id=party_id,
        role=s["role"],
        pr_share=_dec(s["pr_share"]),
        mr_share=_dec(s["mr_share"]),
        sr_share=_dec(s["sr_share"]),
        chain=s["chain"],
        controlled=s["controlled"],
        publisher=s["publisher"],
        territories=[{k: _dec(v) if k.endswith("_collection") else v for k, v in t.items()} for t in s["territories"]],
    )


def _local_picture(work: Work) -> list[tuple]:
    """The work's shares as comparable tuples, whatever their order (databases sort NULL chains differently)."""
    rows = list(work.shares.all())
    by_pk = {row.pk: row for row in rows}
    return sorted(
        (
            _share_key(
                row.party_id,
                row.role,
                row.pr_share,
                row.mr_share,
                row.sr_share,
                row.chain,
                row.controlled,
                by_pk.get(row.publisher_id),
                [
                    (t.territory, t.included, t.pr_collection, t.mr_collection, t.sr_collection)
                    for t in row.territories.all()
                ],
            )
            for row in rows
        ),
        key=repr,
    )


def _remote_picture(shares: list[dict], party_ids: list[int]) -> list[tuple]:
    def publisher(s: dict):
        i = s["publisher"]
        return None if i is None else SimpleNamespace(party_id=party_ids[i], role=shares[i]["role"])

    return sorted(
        (
            _share_key(
                party_id,
                s["role"],
                s["pr_share"],
                s["mr_share"],
                s["sr_share"],
                s["chain"],
                s["controlled"],
                publisher(s),
                [
                    (t["territory"], t["included"], t["pr_collection"], t["mr_collection"], t["sr_collection"])
                    for t in s["territories"]
                ],
            )
            for s, party_id in zip(shares, party_ids, strict=True)
        ),
        key=repr,
    )


def _share_key(party_id, role, pr, mr, sr, chain, controlled, publisher, territories) -> tuple:
    return (
        party_id,
        role,
        _dec(pr),
        _dec(mr),
        _dec(sr),
        chain,
        controlled,
        (publisher.party_id, publisher.role) if publisher is not None else None,
        tuple((t, inc, _dec(p), _dec(m), _dec(s)) for t, inc, p, m, s in territories),
    )


def _work_state(work: Work) -> dict:
    state = {name: getattr(work, name) for name in WORK_FIELDS}
    state["alternate_titles"] = sorted(t.title for t in work.alternate_titles.all())
    return state


def _same(local: dict, remote: dict, names) -> bool:
    """Equal on `names` (never the code: ours and theirs differ), blank and None alike."""
    return all(_norm(local.get(n)) == _norm(remote.get(n)) for n in names if n != "code")


def _norm(value):
    return None if value in ("", None) else value


def _dec(value) -> Decimal:
    return Decimal(str(value)).quantize(HUNDREDTH)
