"""Identification of a report's usage keys to recordings (related rights), with the review decisions of staff.

The matching engine is H3's, unchanged: it runs over an index whose entries are recordings instead of works —
ISRC exact first, then normalized title with a performer or writer in common, then fuzzy with review — and the
results are kept per Match in RecordingMatch, with the same statuses. A staff decision is remembered per usage key
(RecordingKeyDecision) and applied before the engine whenever the key comes back.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from distribution.models import Match, UsageReport
from distribution.usage.identification import IDENTIFIED, NOT_IDENTIFIED, Counts, _split
from distribution.usage.matching.engine import Engine, Result
from distribution.usage.matching.index import RepertoireIndex, WorkEntry
from distribution.usage.matching.keys import UsageKey
from distribution.usage.recording_models import RecordingKeyDecision, RecordingMatch
from wipoconnect.core import jobs
from wipoconnect.core.codes import WRITER_ROLES
from wipoconnect.core.models import Job
from works.models import Recording, WorkShare
from works.models_related import RecordingContributor, RecordingWork

BATCH_SIZE = 10_000
CHUNK = 20_000


def recording_key(isrc: str | None, pk: int) -> str:
    """The key of a recording on payout lines and statements: its ISRC, else `R` + 8 digits of its id."""
    return isrc or f"R{pk:08d}"


def load_recording_index() -> RepertoireIndex:
    """All recordings as the engine's entries: title, writers of the works recorded, artist and performers."""
    work_ids: dict[int, list[int]] = defaultdict(list)
    links = RecordingWork.objects.order_by("recording_id", "sequence").values_list("recording_id", "work_id")
    for recording_id, work_id in links.iterator(chunk_size=CHUNK):
        work_ids[recording_id].append(work_id)
    writers: dict[int, list[str]] = defaultdict(list)
    shares = WorkShare.objects.filter(role__in=list(WRITER_ROLES)).values_list("work_id", "party__last_name")
    for work_id, name in shares.iterator(chunk_size=CHUNK):
        writers[work_id].append(name)
    performers: dict[int, list[str]] = defaultdict(list)
    rows = RecordingContributor.objects.exclude(role=RecordingContributor.Role.NON_FEATURED)
    for recording_id, first, last in rows.values_list("recording_id", "party__first_name", "party__last_name"):
        performers[recording_id].append(f"{first} {last}".strip())
    index = RepertoireIndex()
    for pk, isrc, title, artist, work_id in Recording.objects.values_list("id", "isrc", "title", "artist", "work_id"):
        works = work_ids.get(pk) or ([work_id] if work_id else [])
        names = tuple(n for w in works for n in writers.get(w, ()))
        index.add(WorkEntry(pk, recording_key(isrc, pk), titles=(title,), writers=names,
                            performers=(artist, *performers.get(pk, ()))))  # fmt: skip
        if isrc:
            index.add_recording(isrc, pk)
    index.freeze()
    return index


def _candidates(index: RepertoireIndex, result: Result) -> list[dict]:
    return [
        {"recording": r, "key": index.keys[r], "title": index.display[r], "score": score}
        for r, score in result.candidates
    ]


def _row(match_id: int, engine: Engine, key: UsageKey, decision) -> RecordingMatch:
    if decision is not None:
        recording_id, status = decision
        confirmed = status == "confirmed"
        return RecordingMatch(
            match_id=match_id, recording_id=recording_id if confirmed else None, method=Match.Method.MANUAL,
            score=100 if confirmed else None, status=Match.Status.CONFIRMED if confirmed else Match.Status.REJECTED,
        )  # fmt: skip
    result = engine.identify(key)
    return RecordingMatch(
        match_id=match_id, recording_id=result.work_id, method=result.method, score=result.score,
        status=result.status, candidates=_candidates(engine.index, result) if result.candidates else [],
    )  # fmt: skip


def identify_recordings(*, report: UsageReport, job: Job | None = None, index: RepertoireIndex | None = None) -> Counts:
    """Identify every usage key of the report to a recording; running it again gives the same result."""
    engine = Engine(index or load_recording_index())
    matches = Match.objects.filter(report=report)
    decisions = {
        key: (recording_id, status)
        for key, recording_id, status in RecordingKeyDecision.objects.filter(key__in=matches.values("key")).values_list(
            "key", "recording_id", "status"
        )
    }
    total, done, last_id = matches.count(), 0, 0
    jobs.progress(job, 0, total)
    fields = ("id", "key", "norm_title", "norm_writers", "norm_artists", "isrc")
    while rows := list(matches.filter(id__gt=last_id).order_by("id").values_list(*fields)[:BATCH_SIZE]):
        found = [
            _row(pk, engine, UsageKey(title, _split(writers), _split(artists), "", isrc, ""), decisions.get(key))
            for pk, key, title, writers, artists, isrc in rows
        ]
        with transaction.atomic():  # each batch replaces its rows: a run killed half-way is simply started again
            RecordingMatch.objects.filter(match_id__in=[r[0] for r in rows]).delete()
            RecordingMatch.objects.bulk_create(found)
        last_id, done = rows[-1][0], done + len(rows)
        jobs.progress(job, done)
    return recording_counts(report)


def recording_counts(report: UsageReport) -> Counts:
    """Lines of the report per recording outcome (keys never identified to recordings count as unidentified)."""
    rows = Match.objects.filter(report=report).values_list("recording_match__status").annotate(n=Sum("line_count"))
    lines = {status or Match.Status.UNIDENTIFIED: n or 0 for status, n in rows}
    return Counts(
        auto=sum(lines.get(s, 0) for s in IDENTIFIED),
        review=lines.get(Match.Status.REVIEW, 0),
        unidentified=sum(lines.get(s, 0) for s in NOT_IDENTIFIED),
    )


def _remember(found: RecordingMatch, *, recording: Recording | None, status: str, method: str, score, user):
    now = timezone.now()
    found.recording, found.status, found.method, found.score = recording, status, method, score
    found.decided_by, found.decided_at = (user if getattr(user, "is_authenticated", False) else None), now
    found.save(update_fields=["recording", "status", "method", "score", "decided_by", "decided_at"])
    RecordingKeyDecision.objects.update_or_create(
        key=found.match.key,
        defaults={"recording": recording, "status": "confirmed" if recording else "rejected",
                  "decided_by": found.decided_by, "decided_at": now},
    )  # fmt: skip
    return found


def accept_recording(*, recording_match_id: int, recording_id: int | None = None, user=None) -> RecordingMatch:
    """Confirm a recording for the key: the best candidate by default, or any recording (method `manual`)."""
    with transaction.atomic():
        found = RecordingMatch.objects.select_for_update().select_related("match").get(pk=recording_match_id)
        listed = {c["recording"]: c["score"] for c in found.candidates}
        if recording_id is None:
            recording_id = found.candidates[0]["recording"] if found.candidates else found.recording_id
        recording = Recording.objects.filter(pk=recording_id).first() if recording_id else None
        if recording is None:
            raise ValidationError({"recording": f"no recording {recording_id or '(no candidate)'}: pick one"})
        known = recording_id in listed or recording_id == found.recording_id
        method = (found.method or Match.Method.MANUAL) if known else Match.Method.MANUAL
        score = listed.get(recording_id, found.score if found.score is not None else 100) if known else 100
        return _remember(found, recording=recording, status=Match.Status.CONFIRMED, method=method, score=score,
                         user=user)  # fmt: skip


def mark_recording_unidentifiable(*, recording_match_id: int, user=None) -> RecordingMatch:
    """The key is no recording of the repertoire: its lines stay unidentified, now and in later reports."""
    with transaction.atomic():
        found = RecordingMatch.objects.select_for_update().select_related("match").get(pk=recording_match_id)
        return _remember(found, recording=None, status=Match.Status.REJECTED, method=Match.Method.MANUAL, score=None,
                         user=user)  # fmt: skip


def review_queue(report: UsageReport | None = None):
    """Keys whose recording is to review, the most played first (the same queue as for works)."""
    queue = RecordingMatch.objects.filter(status=Match.Status.REVIEW).select_related("match", "recording")
    if report is not None:
        queue = queue.filter(match__report=report)
    return queue.order_by("-match__plays", "id")
