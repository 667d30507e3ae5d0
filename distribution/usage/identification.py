"""Identification of a usage report's distinct keys to a target of the repertoire (works, or recordings for related
rights), and the staff decisions of its review queue.

A `Target` says what a key is identified to: the model holding one row per key and report (Match for works,
RecordingMatch for recordings), the decisions remembered per key (KeyDecision, RecordingKeyDecision) and the index
of the repertoire the matching engine searches. Everything else is the same for both: a key decided by staff
(confirmed, or not in the repertoire) is applied again whenever the key comes back, before the engine is asked;
rows are updated in batches, each in its own transaction, with the job's progress, so running identification again
gives the same result and a run killed half-way is simply started again.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum, Value
from django.utils import timezone

from distribution.usage.matching.engine import Engine, Result
from distribution.usage.matching.index import RepertoireIndex, WorkEntry
from distribution.usage.matching.keys import UsageKey
from distribution.usage.matching.memory import gc_paused
from distribution.usage.models import KeyDecision, Match, UsageReport
from wipoconnect.core import jobs
from wipoconnect.core.bulk import update_rows
from wipoconnect.core.codes import WRITER_ROLES
from wipoconnect.core.models import Job
from works.models import AlternateTitle, Recording, Work, WorkShare

BATCH_SIZE = 10_000
PROCESSES = 2  # identification workers at most (the cores of a small server)
PARALLEL_MIN = 20_000  # fewer undecided keys than this are identified in-process (forking costs more)
CHUNK = 20_000  # rows per database round trip when loading the repertoire
IDENTIFIED = (Match.Status.AUTO, Match.Status.CONFIRMED)
NOT_IDENTIFIED = (Match.Status.UNIDENTIFIED, Match.Status.REJECTED)
DECIDED = (Match.Status.CONFIRMED, Match.Status.REJECTED)  # by staff
ACCEPT, UNIDENTIFIABLE = "accept", "unidentifiable"
BULK_ACTIONS = (ACCEPT, UNIDENTIFIABLE)
KEY_FIELDS = ("key", "norm_title", "norm_writers", "norm_artists", "iswc", "isrc", "work_ref")


@dataclass(frozen=True)
class Target:
    """What the keys of a report are identified to.

    `name` is the target's field on the rows (`work`, `recording`), on the decisions and in the candidates;
    `usage` is the path from a row to its Match and `from_match` the way back ("" when the row is the Match);
    `keys` are the key's parts the engine reads (the others are blank); `prepare` makes the rows of a report that
    has none yet; with `tracks_report_status` the report's own status follows this identification (works)."""

    name: str
    model: type[models.Model]
    decisions: type[models.Model]
    repertoire: type[models.Model]
    load_index: Callable[[], RepertoireIndex]
    job_kind: str
    usage: str = ""
    from_match: str = ""
    keys: tuple[str, ...] = KEY_FIELDS
    prepare: Callable[[UsageReport], None] | None = None
    tracks_report_status: bool = False
    related: tuple[str, ...] = ()  # what a row is read with

    def lookup(self, name: str) -> str:
        """A Match field seen from the target's rows."""
        return f"{self.usage}__{name}" if self.usage else name

    def match_of(self, row) -> Match:
        return getattr(row, self.usage) if self.usage else row

    def rows(self, report: UsageReport | None = None) -> models.QuerySet:
        rows = self.model.objects.select_related(*self.related)
        return rows if report is None else rows.filter(**{self.lookup("report"): report})

    @property
    def update_columns(self) -> tuple[str, ...]:
        return (f"{self.name}_id", "method", "score", "status", "candidates")


@dataclass(frozen=True)
class Counts:
    """Lines of a report per outcome: auto (and confirmed), review, unidentified (and rejected by staff);
    `started` is false while no key of the report was identified to the target."""

    auto: int
    review: int
    unidentified: int
    started: bool = field(default=True, compare=False)

    def summary(self, report_id: int) -> str:
        return f"report {report_id}: {self.auto} auto, {self.review} review, {self.unidentified} unidentified"


def load_index() -> RepertoireIndex:
    """The whole repertoire as a candidate index: a few streamed queries, no per-work query."""
    with gc_paused():
        return _load_index()


def _load_index() -> RepertoireIndex:
    titles: dict[int, list[str]] = defaultdict(list)
    for work_id, title in AlternateTitle.objects.values_list("work_id", "title").iterator(chunk_size=CHUNK):
        titles[work_id].append(title)
    writers: dict[int, list[str]] = defaultdict(list)
    shares = WorkShare.objects.filter(role__in=list(WRITER_ROLES)).values_list("work_id", "party__last_name")
    for work_id, last_name in shares.iterator(chunk_size=CHUNK):
        writers[work_id].append(last_name)
    index = RepertoireIndex()
    works = Work.objects.values_list("id", "code", "iswc", "title")
    for work_id, code, iswc, title in works.iterator(chunk_size=CHUNK):
        index.add(
            WorkEntry(
                work_id,
                iswc or code,
                code,
                iswc or "",
                (title, *titles.pop(work_id, ())),
                tuple(writers.pop(work_id, ())),
            )
        )
    recordings = Recording.objects.filter(work__isnull=False).values_list("isrc", "work_id", "artist")
    for isrc, work_id, artist in recordings.iterator(chunk_size=CHUNK):
        index.add_recording(isrc or "", work_id, artist)
    index.freeze()
    return index


def _split(names: str) -> frozenset[str]:
    return frozenset(n for n in names.split(";") if n)


def _candidates(index: RepertoireIndex, result: Result) -> str:
    if not result.candidates:
        return "[]"
    name = _TARGET_NAME
    return json.dumps(
        [{name: w, "key": index.keys[w], "title": index.display[w], "score": score} for w, score in result.candidates]
    )


def _decided(decision: tuple[int | None, str]) -> tuple:
    target_id, status = decision
    if status == KeyDecision.Status.CONFIRMED:
        return (target_id, Match.Method.MANUAL, 100.0, Match.Status.CONFIRMED, "[]")
    return (None, Match.Method.MANUAL, None, Match.Status.REJECTED, "[]")


# The engine of the running identification and the name of its target, inherited by forked workers.
_ENGINE: Engine | None = None
_TARGET_NAME = "work"


def _identify_rows(rows: list[tuple]) -> list[tuple]:
    """Row updates (id, target, method, score, status, candidates) for rows of undecided keys."""
    engine = _ENGINE
    updates = []
    for match_id, _key, title, writers, artists, iswc, isrc, work_ref in rows:
        result = engine.identify(UsageKey(title, _split(writers), _split(artists), iswc, isrc, work_ref))
        updates.append(
            (match_id, result.work_id, result.method, result.score, result.status, _candidates(engine.index, result))
        )
    return updates


def _batches(target: Target, report: UsageReport) -> list[list[tuple]]:
    """All keys of the report in id order, in batches (a million-line report has a few hundred thousand keys)."""
    fields = [target.lookup(f) if f in target.keys else Value("") for f in KEY_FIELDS]
    rows = target.model.objects.filter(**{target.lookup("report"): report}).order_by("id").values_list("id", *fields)
    batches, batch = [], []
    for row in rows.iterator(chunk_size=BATCH_SIZE):
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            batches.append(batch)
            batch = []
    return batches + ([batch] if batch else [])


def _results(batches: list[list[tuple]], decisions: dict) -> Iterator[list[tuple]]:
    """Updates per batch, in order. Staff decisions first; the engine's work is spread over the machine's cores
    (forked workers share the index built once) when there is enough of it and this process may have children."""
    decided = [[(r[0], *_decided(decisions[r[1]])) for r in b if r[1] in decisions] for b in batches]
    todo = [[r for r in b if r[1] not in decisions] for b in batches]
    processes = min(PROCESSES, os.cpu_count() or 1)
    if processes > 1 and sum(map(len, todo)) >= PARALLEL_MIN and not multiprocessing.current_process().daemon:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for done, updates in zip(decided, pool.imap(_identify_rows, todo), strict=True):
                yield done + updates
    else:
        for done, rows in zip(decided, todo, strict=True):
            yield done + _identify_rows(rows)


def identify(
    target: Target, *, report: UsageReport, job: Job | None = None, index: RepertoireIndex | None = None
) -> Counts:
    with gc_paused():  # the index is millions of long-lived objects: no collection walks them over and over
        return _identify(target, report, job, index)


def _identify(target: Target, report: UsageReport, job: Job | None, index: RepertoireIndex | None) -> Counts:
    global _ENGINE, _TARGET_NAME
    if target.tracks_report_status:
        UsageReport.objects.filter(pk=report.pk).update(status=UsageReport.Status.IDENTIFYING)
    if target.prepare is not None:
        target.prepare(report)
    _ENGINE, _TARGET_NAME = Engine(index or target.load_index()), target.name
    decisions = learned_decisions(target, report)
    batches = _batches(target, report)
    done = 0
    jobs.progress(job, 0, sum(map(len, batches)))
    try:
        for updates in _results(batches, decisions):
            with transaction.atomic():
                update_rows(target.model, target.update_columns, updates)
            done += len(updates)
            jobs.progress(job, done)
    finally:
        _ENGINE = None
    if target.tracks_report_status:
        UsageReport.objects.filter(pk=report.pk).update(status=UsageReport.Status.IDENTIFIED)
    return counts(target, report)


def learned_decisions(target: Target, report: UsageReport) -> dict[str, tuple[int | None, str]]:
    """The staff decisions remembered for the report's keys: key → (target id, status)."""
    keys = Match.objects.filter(report=report).values("key")
    rows = target.decisions.objects.filter(key__in=keys).values_list("key", f"{target.name}_id", "status")
    return {key: (target_id, status) for key, target_id, status in rows}


def counts(target: Target, report: UsageReport) -> Counts:
    return counts_by_report(target, [report.pk])[report.pk]


def counts_by_report(target: Target, report_ids: list[int]) -> dict[int, Counts]:
    """Lines per outcome for each report, in one grouped query (keys never identified to the target count as
    unidentified)."""
    rows = (
        Match.objects.filter(report_id__in=report_ids)
        .values_list("report_id", f"{target.from_match}__status" if target.from_match else "status")
        .annotate(lines=Sum("line_count"))
        .order_by()
    )
    lines: dict[int, dict[str | None, int]] = {pk: {} for pk in report_ids}
    for report_id, status, n in rows:
        lines[report_id][status] = n or 0
    return {
        pk: Counts(
            auto=sum(found.get(s, 0) for s in IDENTIFIED),
            review=found.get(Match.Status.REVIEW, 0),
            unidentified=sum(found.get(s, 0) for s in (*NOT_IDENTIFIED, None)),
            started=any(s is not None for s in found),
        )
        for pk, found in lines.items()
    }


def review_queue(target: Target, report: UsageReport | int | None = None) -> models.QuerySet:
    """Keys whose identification is to review, the most played first."""
    queue = target.rows(report).filter(status=Match.Status.REVIEW)
    return queue.order_by(f"-{target.lookup('plays')}", "id")


# Staff decisions, remembered per key.


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _locked(target: Target, ids: list[int]) -> list:
    rows = list(target.rows().select_for_update().filter(pk__in=ids).order_by("pk"))
    missing = sorted(set(ids) - {row.pk for row in rows})
    if missing:
        raise ValidationError({"match": f"no usage match {', '.join(map(str, missing))}"})
    return rows


def _set_confirmed(target: Target, row, chosen: int, listed: dict) -> None:
    """The row confirmed to `chosen`: a listed candidate or the proposed target keeps its method and score, any
    other (picked by search) is `manual` at 100."""
    field_id = f"{target.name}_id"
    if chosen in listed or chosen == getattr(row, field_id):
        row.score = listed.get(chosen, row.score if row.score is not None else 100)
        row.method = row.method or Match.Method.MANUAL
    else:
        row.score, row.method = 100, Match.Method.MANUAL
    setattr(row, field_id, chosen)
    row.status = Match.Status.CONFIRMED


def _set_rejected(target: Target, row) -> None:
    setattr(row, f"{target.name}_id", None)
    row.status, row.method, row.score = Match.Status.REJECTED, Match.Method.MANUAL, None


def _record(target: Target, rows: list, user) -> None:
    """Write the decided rows and remember their decisions per key (the last one wins for a repeated key)."""
    decided_by, now = _user(user), timezone.now()
    for row in rows:
        row.decided_by, row.decided_at = decided_by, now
    target.model.objects.bulk_update(rows, [target.name, "status", "method", "score", "decided_by", "decided_at"])
    field_id = f"{target.name}_id"
    by_key = {
        target.match_of(row).key: target.decisions(
            key=target.match_of(row).key,
            status="confirmed" if getattr(row, field_id) else "rejected",
            decided_by=decided_by,
            decided_at=now,
            **{field_id: getattr(row, field_id)},
        )
        for row in rows
    }
    target.decisions.objects.bulk_create(
        list(by_key.values()),
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=[target.name, "status", "decided_by", "decided_at"],
    )


def _existing(target: Target, ids) -> set[int]:
    return set(target.repertoire.objects.filter(pk__in={i for i in ids if i}).values_list("pk", flat=True))


def accept(target: Target, pk: int, chosen: int | None = None, *, user=None):
    """Confirm a target for the key: the best candidate by default, a listed candidate, or any other (picked by
    search: method `manual`)."""
    name = target.name
    with transaction.atomic():
        (row,) = _locked(target, [pk])
        if chosen is None:
            chosen = row.candidates[0][name] if row.candidates else getattr(row, f"{name}_id")
        if chosen is None:
            raise ValidationError({name: f"this usage has no candidate: pick a {name}"})
        if not _existing(target, [chosen]):
            raise ValidationError({name: f"no {name} with id {chosen}"})
        _set_confirmed(target, row, chosen, {c[name]: c["score"] for c in row.candidates})
        _record(target, [row], user)
    return row


def reject(target: Target, pk: int, *, user=None):
    """The key is not in the target's repertoire: its lines stay unidentified, now and in later reports."""
    with transaction.atomic():
        (row,) = _locked(target, [pk])
        _set_rejected(target, row)
        _record(target, [row], user)
    return row


def bulk_review(target: Target, ids: list[int], action: str, *, user=None) -> int:
    """Accept the best candidate (else the proposed target) of, or mark unidentifiable, several keys at once, in
    one transaction. Keys already decided by staff, and for `accept` keys with nothing to accept, are left as they
    are; an unknown id, or a candidate no longer in the repertoire, refuses the whole. Returns how many keys were
    decided."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": f"must be one of {', '.join(BULK_ACTIONS)}"})
    name = target.name
    with transaction.atomic():
        rows = [row for row in _locked(target, ids) if row.status not in DECIDED]
        if action == ACCEPT:
            best = {row.pk: row.candidates[0][name] if row.candidates else getattr(row, f"{name}_id") for row in rows}
            rows = [row for row in rows if best[row.pk]]
            known = _existing(target, best.values())
            usages = [target.match_of(row) for row in rows if best[row.pk] not in known]
            missing = [usage.title or usage.key for usage in usages]
            if missing:
                raise ValidationError({name: [f"no {name} to accept for: {', '.join(missing)}"]})
            for row in rows:
                _set_confirmed(target, row, best[row.pk], {c[name]: c["score"] for c in row.candidates})
        else:
            for row in rows:
                _set_rejected(target, row)
        _record(target, rows, user)
    return len(rows)


# Works: the target of authors' rights.

WORKS = Target(
    name="work",
    model=Match,
    decisions=KeyDecision,
    repertoire=Work,
    load_index=load_index,
    job_kind="identify_usage",
    tracks_report_status=True,
)


def identify_report(*, report: UsageReport, job: Job | None = None, index: RepertoireIndex | None = None) -> Counts:
    return identify(WORKS, report=report, job=job, index=index)


def report_counts(report: UsageReport) -> Counts:
    return counts(WORKS, report)


def accept_candidate(*, match_id: int, work_id: int | None = None, user=None) -> Match:
    return accept(WORKS, match_id, work_id, user=user)


def mark_unidentifiable(*, match_id: int, user=None) -> Match:
    return reject(WORKS, match_id, user=user)
