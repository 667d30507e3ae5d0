"""Identification of a usage report over its distinct keys (Matches), and the staff decisions of the review queue.

A key decided by staff (confirmed work, or not in the repertoire) is remembered in KeyDecision and applied again
whenever the key comes back, before the matching engine is asked. Matches are updated in batches, each in its
own transaction, with the job's progress: running identification again gives the same result, so a run killed
half-way is simply started again.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
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
UPDATE_COLUMNS = ("work_id", "method", "score", "status", "candidates")
IDENTIFIED = (Match.Status.AUTO, Match.Status.CONFIRMED)
NOT_IDENTIFIED = (Match.Status.UNIDENTIFIED, Match.Status.REJECTED)


@dataclass(frozen=True)
class Counts:
    """Lines of a report per outcome: auto (and confirmed), review, unidentified (and rejected by staff)."""

    auto: int
    review: int
    unidentified: int

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
    return json.dumps(
        [{"work": w, "key": index.keys[w], "title": index.display[w], "score": score} for w, score in result.candidates]
    )


def _decided(decision: tuple[int | None, str]) -> tuple:
    work_id, status = decision
    if status == KeyDecision.Status.CONFIRMED:
        return (work_id, Match.Method.MANUAL, 100.0, Match.Status.CONFIRMED, "[]")
    return (None, Match.Method.MANUAL, None, Match.Status.REJECTED, "[]")


_ENGINE: Engine | None = None  # the engine of the running identification, inherited by forked workers


def _identify_rows(rows: list[tuple]) -> list[tuple]:
    """Match updates (id, work, method, score, status, candidates) for rows of undecided keys."""
    engine = _ENGINE
    updates = []
    for match_id, _key, title, writers, artists, iswc, isrc, work_ref in rows:
        result = engine.identify(UsageKey(title, _split(writers), _split(artists), iswc, isrc, work_ref))
        updates.append(
            (match_id, result.work_id, result.method, result.score, result.status, _candidates(engine.index, result))
        )
    return updates


def _batches(report: UsageReport) -> list[list[tuple]]:
    """All keys of the report in id order, in batches (a million-line report has a few hundred thousand keys)."""
    fields = ("id", "key", "norm_title", "norm_writers", "norm_artists", "iswc", "isrc", "work_ref")
    rows = Match.objects.filter(report=report).order_by("id").values_list(*fields)
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


def identify_report(*, report: UsageReport, job: Job | None = None, index: RepertoireIndex | None = None) -> Counts:
    with gc_paused():  # the index is millions of long-lived objects: no collection walks them over and over
        return _identify_report(report, job, index)


def _identify_report(report: UsageReport, job: Job | None, index: RepertoireIndex | None) -> Counts:
    global _ENGINE
    UsageReport.objects.filter(pk=report.pk).update(status=UsageReport.Status.IDENTIFYING)
    _ENGINE = Engine(index or load_index())
    keys = Match.objects.filter(report=report).values("key")
    decisions = {
        key: (work_id, status)
        for key, work_id, status in KeyDecision.objects.filter(key__in=keys).values_list("key", "work_id", "status")
    }
    batches = _batches(report)
    done = 0
    jobs.progress(job, 0, sum(map(len, batches)))
    try:
        for updates in _results(batches, decisions):
            with transaction.atomic():
                update_rows(Match, UPDATE_COLUMNS, updates)
            done += len(updates)
            jobs.progress(job, done)
    finally:
        _ENGINE = None
    UsageReport.objects.filter(pk=report.pk).update(status=UsageReport.Status.IDENTIFIED)
    return report_counts(report)


def report_counts(report: UsageReport) -> Counts:
    lines = dict(
        Match.objects.filter(report=report)
        .values_list("status")
        .annotate(lines=Sum("line_count"))
        .values_list("status", "lines")
    )
    return Counts(
        auto=sum(lines.get(s, 0) for s in IDENTIFIED),
        review=lines.get(Match.Status.REVIEW, 0),
        unidentified=sum(lines.get(s, 0) for s in NOT_IDENTIFIED),
    )


# Review queue: staff decisions, remembered per key.


def _remember(match: Match, *, work: Work | None, status: str, method: str, score: float | None, user) -> Match:
    now = timezone.now()
    match.work, match.status, match.method, match.score = work, status, method, score
    match.decided_by, match.decided_at = (user if getattr(user, "is_authenticated", False) else None), now
    match.save(update_fields=["work", "status", "method", "score", "decided_by", "decided_at"])
    KeyDecision.objects.update_or_create(
        key=match.key,
        defaults={
            "work": work,
            "status": KeyDecision.Status.CONFIRMED if work else KeyDecision.Status.REJECTED,
            "decided_by": match.decided_by,
            "decided_at": now,
        },
    )
    return match


def _locked(match_id: int) -> Match:
    match = Match.objects.select_for_update().filter(pk=match_id).first()
    if match is None:
        raise ValidationError({"match": f"no usage match {match_id}"})
    return match


def accept_candidate(*, match_id: int, work_id: int | None = None, user=None) -> Match:
    """Confirm a work for the key: the best candidate by default, a listed candidate, or any other work (picked
    by search: method `manual`)."""
    with transaction.atomic():
        match = _locked(match_id)
        listed = {c["work"]: c["score"] for c in match.candidates}
        if work_id is None:
            work_id = match.candidates[0]["work"] if match.candidates else match.work_id
        if work_id is None:
            raise ValidationError({"work": "this usage has no candidate: pick a work"})
        work = Work.objects.filter(pk=work_id).first()
        if work is None:
            raise ValidationError({"work": f"no work with id {work_id}"})
        if work_id in listed or work_id == match.work_id:
            score = listed.get(work_id, float(match.score) if match.score is not None else 100.0)
            method = match.method or Match.Method.MANUAL
        else:
            score, method = 100.0, Match.Method.MANUAL
        return _remember(match, work=work, status=Match.Status.CONFIRMED, method=method, score=score, user=user)


def mark_unidentifiable(*, match_id: int, user=None) -> Match:
    """The key is not a work of the repertoire: its lines stay unidentified, now and in later reports."""
    with transaction.atomic():
        match = _locked(match_id)
        return _remember(
            match, work=None, status=Match.Status.REJECTED, method=Match.Method.MANUAL, score=None, user=user
        )


BULK_ACTIONS = ("accept", "unidentifiable")


def bulk_review(*, match_ids: list[int], action: str, user=None) -> int:
    """Accept the best candidate of, or mark unidentifiable, several keys at once (one transaction)."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": f"must be one of {', '.join(BULK_ACTIONS)}"})
    with transaction.atomic():
        for match_id in match_ids:
            if action == "accept":
                accept_candidate(match_id=match_id, user=user)
            else:
                mark_unidentifiable(match_id=match_id, user=user)
    return len(match_ids)
