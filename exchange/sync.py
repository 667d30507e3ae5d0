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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from exchange.feed_payloads import PARTY_FIELDS, WORK_FIELDS, party_state
from exchange.models import ChangeLog, SyncLink, SyncSource
from rightowners.models import InterestedParty
from rightowners.services import save_party
from works.models import Work
from works.services import save_work, share_data_of
from works.share_rules import ShareData

Fetch = Callable[[str], dict]
WORK_NAMES = (*WORK_FIELDS, "alternate_titles")
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
    """Applies one page; links of the page's codes are loaded in one query."""

    def __init__(self, source: SyncSource, entries: list[dict]):
        self.source = source
        codes = {e["code"] for e in entries} | {
            s["party"]["code"] for e in entries if e["kind"] == Kind.SHARES and e["data"] for s in e["data"]["shares"]
        }
        self.links = {
            (link.kind, link.remote_code): link.local_id
            for link in SyncLink.objects.filter(source=source, remote_code__in=codes)
        }

    def apply(self, entry: dict) -> str:
        if entry["action"] == ChangeLog.Action.DELETE:
            return self.delete(entry)
        if entry["data"] is None:  # deleted at the source since: its delete entry follows
            return "unchanged"
        return {Kind.PARTY: self.party, Kind.WORK: self.work, Kind.SHARES: self.shares}[entry["kind"]](entry["data"])[1]

    def _link(self, kind: str, code: str, local_id: int) -> None:
        SyncLink.objects.update_or_create(
            source=self.source, kind=kind, remote_code=code, defaults={"local_id": local_id}
        )
        self.links[(kind, code)] = local_id

    def party(self, state: dict) -> tuple[InterestedParty, str]:
        local_id = self.links.get((Kind.PARTY, state["code"]))
        party = InterestedParty.objects.filter(pk=local_id).first() if local_id else None
        if party is None and state["ipi_name"]:
            party = InterestedParty.objects.filter(ipi_name=state["ipi_name"]).first()
        fields = {name: state[name] for name in PARTY_FIELDS if name != "code"}
        if party is not None and _same(party_state(party), state, PARTY_FIELDS):
            outcome = "unchanged"
        else:
            outcome = "updated" if party else "created"
            party = save_party(party=party, fields=fields)
        if local_id != party.pk:
            self._link(Kind.PARTY, state["code"], party.pk)
        return party, outcome

    def work(self, state: dict) -> tuple[Work | None, str]:
        work = self._local_work(state)
        fields = {name: state[name] for name in WORK_FIELDS if name != "code"}
        titles = state["alternate_titles"]
        if work is not None and _same(_work_state(work), {**state, "alternate_titles": sorted(titles)}, WORK_NAMES):
            outcome = "unchanged"
        else:
            outcome = "updated" if work else "created"
            work = save_work(work=work, fields=fields, alternate_titles=titles)
        if self.links.get((Kind.WORK, state["code"])) != work.pk:
            self._link(Kind.WORK, state["code"], work.pk)
        return work, outcome

    def _local_work(self, state: dict) -> Work | None:
        local_id = self.links.get((Kind.WORK, state["code"]))
        work = Work.objects.filter(pk=local_id).first() if local_id else None
        if work is None and state["iswc"]:
            work = Work.objects.filter(iswc=state["iswc"]).first()
        return work

    def shares(self, picture: dict) -> tuple[Work | None, str]:
        work = self._local_work(picture)
        if work is None:
            raise ValidationError({"work": [f"work {picture['code']} is not here yet: its work change is missing"]})
        wanted = [
            ShareData(
                party_id=self.party(s["party"])[0].pk,
                role=s["role"],
                pr_share=_dec(s["pr_share"]),
                mr_share=_dec(s["mr_share"]),
                sr_share=_dec(s["sr_share"]),
                chain=s["chain"],
                controlled=s["controlled"],
                publisher=s["publisher"],
                territories=[
                    {k: _dec(v) if k.endswith("_collection") else v for k, v in t.items()} for t in s["territories"]
                ],
            )
            for s in picture["shares"]
        ]
        if share_data_of(work) == wanted:
            return work, "unchanged"
        return save_work(work=work, fields={}, shares=wanted), "updated"

    def delete(self, entry: dict) -> str:
        model = Work if entry["kind"] == Kind.WORK else InterestedParty
        local_id = self.links.get((entry["kind"], entry["code"]))
        deleted, _ = model.objects.filter(pk=local_id).delete() if local_id else (0, None)
        SyncLink.objects.filter(source=self.source, kind=entry["kind"], remote_code=entry["code"]).delete()
        return "deleted" if deleted else "unchanged"


def _work_state(work: Work) -> dict:
    state = {name: getattr(work, name) for name in WORK_FIELDS}
    state["alternate_titles"] = sorted(work.alternate_titles.values_list("title", flat=True))
    return state


def _same(local: dict, remote: dict, names) -> bool:
    """Equal on `names` (never the code: ours and theirs differ), blank and None alike."""
    return all(_norm(local.get(n)) == _norm(remote.get(n)) for n in names if n != "code")


def _norm(value):
    return None if value in ("", None) else value


def _dec(value) -> Decimal:
    return Decimal(str(value))
